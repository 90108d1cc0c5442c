import type { ImageItem } from '../../components/upload';
import { fenOf } from '../../components/yuan-rules';
import { fenToYuan } from '../../lib/money';
import { emptyRow, mergeRows, usableDims, type SkuRow, type SpecDim } from './sku-matrix';
import type { AdminProduct, ProductBody, ProductKind } from './types';

/** A block of the product's detail page as the form holds it: a paragraph, or one picture. */
export interface DetailItem {
  type: 'text' | 'image';
  text?: string;
  image?: ImageItem[];
}

/** Everything the product form holds. Prices are typed yuan strings until they are sent. */
export interface ProductFormValues {
  title: string;
  subtitle: string;
  kind: ProductKind;
  categoryId?: number;
  images: ImageItem[];
  detail: DetailItem[];
  labels: { special: boolean; memberPrice: boolean };
  /** 0: no template (ships free) — antd's Select cannot hold null as an option's value */
  freightTemplateId: number;
  sortOrder: number | null;
  status: 'on_sale' | 'off_shelf';
  specs: Partial<SpecDim>[];
  skus: SkuRow[];
}

export const NEW_PRODUCT: ProductFormValues = {
  title: '',
  subtitle: '',
  kind: 'physical',
  images: [],
  detail: [],
  labels: { special: false, memberPrice: false },
  freightTemplateId: 0,
  sortOrder: 0,
  status: 'off_shelf',
  specs: [],
  skus: [emptyRow({})],
};

/** The stock to send for a row: a new SKU's, or a saved SKU's only when the merchant changed it. */
function stockToSend(row: SkuRow): number | undefined {
  const stock = row.stock ?? 0;
  if (row.loadedStock === undefined) return stock;
  return stock === row.loadedStock ? undefined : stock;
}

/** The form as the body of `POST /api/admin/products` and `PUT /api/admin/products/:id` (fen, keys). */
export function toProductBody(values: ProductFormValues): ProductBody {
  const dims = usableDims(values.specs);
  return {
    title: values.title.trim(),
    subtitle: (values.subtitle ?? '').trim(),
    kind: values.kind,
    categoryId: values.categoryId!,
    images: values.images.map((img) => img.ref),
    detail: (values.detail ?? []).flatMap((block): NonNullable<ProductBody['detail']> => {
      if (block.type === 'text')
        return block.text?.trim() ? [{ type: 'text' as const, text: block.text }] : [];
      const image = block.image?.[0];
      return image ? [{ type: 'image' as const, url: image.ref }] : [];
    }),
    status: values.status,
    labels: { special: !!values.labels?.special, memberPrice: !!values.labels?.memberPrice },
    freightTemplateId:
      values.kind === 'physical' && values.freightTemplateId ? values.freightTemplateId : null,
    sortOrder: values.sortOrder ?? 0,
    specs: dims,
    skus: values.skus
      .filter((row) => row.enabled)
      .map((row) => {
        const stock = stockToSend(row);
        return {
          specs: row.specs,
          price: fenOf(row.price),
          costPrice: fenOf(row.costPrice),
          ...(stock === undefined ? {} : { stock }),
          weightGrams: row.weightGrams ?? 0,
          skuCode: row.skuCode.trim() || null,
          image: row.image,
          status: row.status,
        };
      }),
  };
}

/**
 * Where the browser finds a stored image. The product's own images come with their URLs; a detail picture
 * stored as an upload key gets the same prefix the storage put before the product's keys.
 */
function imageUrlResolver(product: AdminProduct): (ref: string) => string {
  const known = new Map(product.images.map((ref, i) => [ref, product.imageUrls[i] ?? ref]));
  const keyed = product.images.findIndex((ref, i) => ref !== product.imageUrls[i]);
  const prefix =
    keyed >= 0 && product.imageUrls[keyed]?.endsWith(product.images[keyed])
      ? product.imageUrls[keyed].slice(0, -product.images[keyed].length)
      : '/uploads/';
  return (ref) => known.get(ref) ?? (/^(https?:)?\//.test(ref) ? ref : `${prefix}${ref}`);
}

/** A saved product as the form's values. */
export function fromProduct(product: AdminProduct): ProductFormValues {
  const urlOf = imageUrlResolver(product);
  const dims = usableDims(product.specs);
  const saved: SkuRow[] = product.skus.map((sku) => ({
    id: sku.id,
    specs: sku.specs,
    enabled: true,
    price: fenToYuan(sku.price),
    costPrice: fenToYuan(sku.costPrice),
    stock: sku.stock,
    loadedStock: sku.stock,
    weightGrams: sku.weightGrams,
    skuCode: sku.skuCode ?? '',
    status: sku.status,
    image: sku.image,
  }));
  return {
    title: product.title,
    subtitle: product.subtitle,
    kind: product.kind,
    categoryId: product.categoryId,
    images: product.images.map((ref, i) => ({ ref, url: product.imageUrls[i] ?? urlOf(ref) })),
    detail: product.detail.map((block) =>
      block.type === 'text'
        ? { type: 'text', text: block.text }
        : { type: 'image', image: [{ ref: block.url, url: urlOf(block.url) }] },
    ),
    labels: { ...product.labels },
    freightTemplateId: product.freightTemplateId ?? 0,
    sortOrder: product.sortOrder,
    status: product.status,
    specs: product.specs.map((s) => ({ name: s.name, values: [...s.values] })),
    // the full matrix in spec order; combinations the product does not sell are rows left out
    skus: mergeRows(dims, saved, dims).map((row) =>
      row.id === undefined ? { ...row, enabled: false } : row,
    ),
  };
}
