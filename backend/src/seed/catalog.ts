import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type * as catalog from '../modules/catalog/schemas';
import type { uploadedFile } from '../platform/storage/upload-request';
import type { ApiClient, Caller } from './api-client';
import {
  DEMO_CATEGORIES,
  DEMO_FREIGHT_TEMPLATES,
  DEMO_PRODUCTS,
  type DemoFreight,
  type DemoImage,
} from './catalog-data';

/** The pictures shipped in the repository; the same folder from src/seed and from dist/seed. */
export const DEMO_IMAGE_DIR = path.resolve(__dirname, '../../src/seed/images');

export interface SeededCatalog {
  /** SKU id by SKU code */
  skuIds: Map<string, number>;
  productIds: number[];
}

/** Categories, freight templates, pictures and products, as the shop's owner would enter them. */
export async function seedCatalog(api: ApiClient, owner: Caller): Promise<SeededCatalog> {
  const categoryIds = new Map<string, number>();
  for (const c of DEMO_CATEGORIES) {
    const parent = await api.call<{ id: number }>(owner, 'POST', '/api/admin/categories', {
      body: { name: c.name, sortOrder: c.sortOrder },
    });
    categoryIds.set(c.name, parent.id);
    for (const [i, child] of (c.children ?? []).entries()) {
      const created = await api.call<{ id: number }>(owner, 'POST', '/api/admin/categories', {
        body: { name: child, parentId: parent.id, sortOrder: 10 - i },
      });
      categoryIds.set(child, created.id);
    }
  }

  const templateIds = {} as Record<DemoFreight, number>;
  for (const [key, body] of Object.entries(DEMO_FREIGHT_TEMPLATES) as [DemoFreight, object][]) {
    templateIds[key] = (
      await api.call<{ id: number }>(owner, 'POST', '/api/admin/freight-templates', { body })
    ).id;
  }

  const imageKeys = new Map<DemoImage, string>();
  for (const image of new Set(DEMO_PRODUCTS.map((p) => p.image))) {
    const data = await readFile(path.join(DEMO_IMAGE_DIR, `${image}.jpg`));
    const uploaded = await api.call<z.infer<typeof uploadedFile>>(
      owner,
      'POST',
      '/api/admin/uploads/images',
      { bytes: { data, contentType: 'image/jpeg' } },
    );
    imageKeys.set(image, uploaded.key);
  }

  const skuIds = new Map<string, number>();
  const productIds: number[] = [];
  for (const p of DEMO_PRODUCTS) {
    const categoryId = categoryIds.get(p.category);
    if (!categoryId) throw new Error(`demo product ${p.title}: unknown category ${p.category}`);
    const image = imageKeys.get(p.image)!;
    const body = {
      title: p.title,
      subtitle: p.subtitle,
      kind: p.kind,
      categoryId,
      images: [image],
      detail: [...p.detail.map((text) => ({ type: 'text', text })), { type: 'image', url: image }],
      status: 'on_sale',
      labels: { special: p.labels?.special ?? false, memberPrice: p.labels?.memberPrice ?? false },
      freightTemplateId: p.freight ? templateIds[p.freight] : null,
      sortOrder: p.sortOrder ?? 0,
      specs: p.specs ?? [],
      skus: p.skus.map((s) => ({
        specs: s.specs ?? {},
        price: s.price,
        costPrice: s.cost,
        stock: s.stock,
        weightGrams: s.weightGrams ?? 0,
        skuCode: s.code,
      })),
    };
    const created = await api.call<z.infer<typeof catalog.adminProduct>>(
      owner,
      'POST',
      '/api/admin/products',
      {
        body,
      },
    );
    productIds.push(created.id);
    for (const sku of created.skus) if (sku.skuCode) skuIds.set(sku.skuCode, sku.id);
  }
  return { skuIds, productIds };
}
