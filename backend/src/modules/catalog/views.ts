import type { z } from 'zod';
import type { Category, FreightTemplate, Product, Sku } from './models';
import type * as s from './schemas';
import { describeFreight, type FreightMode, type FreightRules, type FreightTemplateRules } from './freight';
import { labelTexts, soldLabel } from './labels';
import { parseSpecKey, specText, type SpecDef } from './sku-specs';

/** Row → API shapes. `url` turns a stored image reference into a URL the apps can load. */
export type ImageUrl = (ref: string) => string;

export type DetailBlock = { type: 'text'; text: string } | { type: 'image'; url: string };

export const productImages = (p: Product): string[] => JSON.parse(p.imagesJson) as string[];
export const productSpecs = (p: Product): SpecDef[] => JSON.parse(p.specsJson) as SpecDef[];
export const productDetail = (p: Product): DetailBlock[] => JSON.parse(p.detailJson) as DetailBlock[];

const iso = (d: Date | string) => new Date(d).toISOString();

export function categoryView(c: Category, url: ImageUrl): z.infer<typeof s.category> {
  return {
    id: Number(c.id),
    parentId: c.parentId === null ? null : Number(c.parentId),
    name: c.name,
    icon: c.icon,
    iconUrl: c.icon ? url(c.icon) : null,
    sortOrder: c.sortOrder,
    enabled: !!c.enabled,
  };
}

export function freightRules(t: FreightTemplate): FreightTemplateRules {
  return {
    id: Number(t.id),
    mode: t.mode as FreightMode,
    ...(JSON.parse(t.config) as Omit<FreightRules, 'mode'>),
  };
}

export function freightTemplateView(t: FreightTemplate): z.infer<typeof s.freightTemplate> {
  const rules = freightRules(t);
  return {
    id: rules.id,
    name: t.name,
    mode: rules.mode,
    base: rules.base,
    regions: rules.regions,
    excludedProvinces: rules.excludedProvinces,
    summary: describeFreight(rules),
  };
}

export function adminSkuView(sku: Sku, specs: SpecDef[]): z.infer<typeof s.adminSku> {
  const values = parseSpecKey(sku.specKey);
  return {
    id: Number(sku.id),
    specs: values,
    specText: specText(values, specs),
    price: Number(sku.price),
    originalPrice: sku.originalPrice === null ? null : Number(sku.originalPrice),
    costPrice: Number(sku.costPrice),
    stock: Number(sku.stock),
    weightGrams: Number(sku.weightGrams),
    skuCode: sku.skuCode,
    image: sku.image,
    status: sku.status,
    soldCount: Number(sku.soldCount),
  };
}

const flags = (p: Product) => ({ special: !!p.labelSpecial, memberPrice: !!p.labelMemberPrice });

/** `skus`: the product's SKUs that are not deleted */
export function adminProductView(p: Product, skus: Sku[], url: ImageUrl): z.infer<typeof s.adminProduct> {
  const images = productImages(p);
  const specs = productSpecs(p);
  return {
    id: Number(p.id),
    title: p.title,
    subtitle: p.subtitle,
    kind: p.kind,
    categoryId: Number(p.categoryId),
    images,
    imageUrls: images.map(url),
    detail: productDetail(p),
    status: p.status,
    labels: flags(p),
    freightTemplateId: p.freightTemplateId === null ? null : Number(p.freightTemplateId),
    sortOrder: p.sortOrder,
    minPrice: Number(p.minPrice),
    maxPrice: Number(p.maxPrice),
    soldCount: Number(p.soldCount),
    specs,
    skus: skus.map((sku) => adminSkuView(sku, specs)),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export function adminProductListItemView(
  p: Product,
  stock: number,
  url: ImageUrl,
): z.infer<typeof s.adminProductListItem> {
  const images = productImages(p);
  return {
    id: Number(p.id),
    title: p.title,
    kind: p.kind,
    categoryId: Number(p.categoryId),
    status: p.status,
    imageUrl: images[0] ? url(images[0]) : null,
    minPrice: Number(p.minPrice),
    maxPrice: Number(p.maxPrice),
    stock,
    soldCount: Number(p.soldCount),
    labels: labelTexts(flags(p)),
    updatedAt: iso(p.updatedAt),
  };
}

export function shopListItemView(p: Product, url: ImageUrl): z.infer<typeof s.shopProductListItem> {
  const images = productImages(p);
  return {
    id: Number(p.id),
    title: p.title,
    subtitle: p.subtitle,
    kind: p.kind,
    categoryId: Number(p.categoryId),
    imageUrl: images[0] ? url(images[0]) : null,
    price: Number(p.minPrice),
    maxPrice: Number(p.maxPrice),
    originalPrice: p.originalPrice === null ? null : Number(p.originalPrice),
    labels: labelTexts(flags(p)),
    soldLabel: soldLabel(Number(p.soldCount)),
  };
}

/** `skus`: the SKUs on sale; `template`: the product's freight template when it has one */
export function shopProductView(
  p: Product,
  skus: Sku[],
  template: FreightTemplate | null,
  url: ImageUrl,
): z.infer<typeof s.shopProduct> {
  const specs = productSpecs(p);
  const images = productImages(p);
  const rules = template ? freightRules(template) : null;
  return {
    ...shopListItemView(p, url),
    imageUrls: images.map(url),
    detail: productDetail(p).map((b) => (b.type === 'image' ? { type: 'image', url: url(b.url) } : b)),
    specs,
    skus: skus.map((sku) => {
      const values = parseSpecKey(sku.specKey);
      return {
        id: Number(sku.id),
        specs: values,
        specText: specText(values, specs),
        price: Number(sku.price),
        originalPrice: sku.originalPrice === null ? null : Number(sku.originalPrice),
        stock: Number(sku.stock),
        imageUrl: sku.image ? url(sku.image) : images[0] ? url(images[0]) : null,
      };
    }),
    freight: {
      ships: p.kind === 'physical',
      templateId: rules ? rules.id : null,
      text: p.kind !== 'physical' ? '无需配送' : rules ? describeFreight(rules) : '包邮',
      excludedProvinces: rules ? rules.excludedProvinces : [],
    },
  };
}
