import { z } from 'zod';
import { isKnownProvince, normalizeProvince } from './provinces';
import { skuSpecIssues } from './sku-specs';

const MAX_FEN = 10_000_000_000; // ¥100,000,000: no product or fee is near this; it keeps sums far from overflow
export const fen = z.number().int().min(0).max(MAX_FEN);
const count = (max: number) => z.number().int().min(0).max(max);
const sortOrder = z.number().int().min(-1_000_000).max(1_000_000);
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * An image is a storage key from the upload route (`products/2026/11/<hex>.jpg`, preferred: the URL follows
 * the storage driver), an absolute http(s) URL, or a path on this server (`/demo/…`).
 */
export const imageRef = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .refine(
    (v) =>
      !v.includes('..') &&
      !v.includes('\\') &&
      (/^https?:\/\/[^\s]+$/.test(v) ||
        /^\/[A-Za-z0-9][A-Za-z0-9/_.-]*$/.test(v) ||
        /^[A-Za-z0-9][A-Za-z0-9/_.-]*$/.test(v)),
    'an uploaded image key, an http(s) URL or a /path',
  );

export const idParams = z.object({ id: z.coerce.number().int().positive() });

const pageQuery = (maxPageSize: number, defaultPageSize: number) => ({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(maxPageSize).default(defaultPageSize),
});

// ── categories ───────────────────────────────────────────────────────────────────────────────────────────

export const categoryBody = z.object({
  name: text(32),
  parentId: z.number().int().positive().nullable().default(null),
  icon: imageRef.nullable().default(null),
  sortOrder: sortOrder.default(0),
  enabled: z.boolean().default(true),
});
export const categoryPatch = z
  .object({
    name: text(32).optional(),
    parentId: z.number().int().positive().nullable().optional(),
    icon: imageRef.nullable().optional(),
    sortOrder: sortOrder.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const category = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  icon: z.string().nullable(),
  iconUrl: z.string().nullable(),
  sortOrder: z.number().int(),
  enabled: z.boolean(),
});

const categoryNode = z.object({ id: z.number().int(), name: z.string(), iconUrl: z.string().nullable() });
export const categoryTree = z.array(categoryNode.extend({ children: z.array(categoryNode) }));

// ── freight templates ────────────────────────────────────────────────────────────────────────────────────

const province = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .refine(isKnownProvince, 'a province of China by name, e.g. 广东 or 广东省')
  .transform(normalizeProvince);

const feeRule = z.object({
  firstUnits: count(1_000_000).default(1),
  firstFee: fen,
  nextUnits: z.number().int().min(1).max(1_000_000).default(1),
  nextFee: fen.default(0),
});
const zone = {
  rule: feeRule,
  freeOverAmount: fen.nullable().default(null),
  freeOverCount: z.number().int().min(1).max(100_000).nullable().default(null),
};

export const freightTemplateBody = z
  .object({
    name: text(64),
    mode: z.enum(['flat', 'count', 'weight']),
    base: z.object(zone),
    regions: z
      .array(z.object({ ...zone, provinces: z.array(province).min(1).max(34) }))
      .max(34)
      .default([]),
    excludedProvinces: z.array(province).max(34).default([]),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>(t.excludedProvinces);
    t.regions.forEach((r, i) => {
      for (const p of r.provinces) {
        if (seen.has(p)) {
          ctx.addIssue({
            code: 'custom',
            path: ['regions', i, 'provinces'],
            message: `${p} appears twice (in another region or among the excluded provinces)`,
          });
        }
        seen.add(p);
      }
    });
  });

const zoneOut = z.object({
  rule: z.object({
    firstUnits: z.number(),
    firstFee: z.number(),
    nextUnits: z.number(),
    nextFee: z.number(),
  }),
  freeOverAmount: z.number().nullable(),
  freeOverCount: z.number().nullable(),
});
export const freightTemplate = z.object({
  id: z.number().int(),
  name: z.string(),
  mode: z.enum(['flat', 'count', 'weight']),
  base: zoneOut,
  regions: z.array(zoneOut.extend({ provinces: z.array(z.string()) })),
  excludedProvinces: z.array(z.string()),
  summary: z.string(),
});

export const freightQuoteBody = z.object({
  province: z.string().trim().min(1).max(16),
  items: z
    .array(z.object({ skuId: z.number().int().positive(), quantity: z.number().int().min(1).max(9999) }))
    .min(1)
    .max(100),
});
export const freightQuote = z.object({
  freight: z.number().int(),
  undeliverable: z.boolean(),
  undeliverableSkuIds: z.array(z.number().int()),
});

// ── products ─────────────────────────────────────────────────────────────────────────────────────────────

const specName = text(16);
const specValue = text(24);
export const specDefs = z
  .array(
    z.object({
      name: specName,
      values: z
        .array(specValue)
        .min(1)
        .max(30)
        .refine((v) => new Set(v).size === v.length, 'values must be distinct'),
    }),
  )
  .max(3)
  .refine((s) => new Set(s.map((x) => x.name)).size === s.length, 'spec names must be distinct');

const saleStatus = z.enum(['on_sale', 'off_shelf']);
const productKind = z.enum(['physical', 'virtual', 'local_service']);

const skuBody = z.object({
  specs: z.record(z.string().min(1).max(16), specValue).default({}),
  price: fen,
  costPrice: fen.default(0),
  /** a new SKU's stock (default 0); for an existing SKU, when present, the stock is SET to it */
  stock: count(100_000_000).optional(),
  weightGrams: count(100_000_000).default(0),
  skuCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1–64)')
    .nullable()
    .default(null),
  image: imageRef.nullable().default(null),
  status: saleStatus.default('on_sale'),
});

const detailBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(5000) }),
  z.object({ type: z.literal('image'), url: imageRef }),
]);

export const productBody = z
  .object({
    title: text(120),
    subtitle: z.string().trim().max(200).default(''),
    kind: productKind,
    categoryId: z.number().int().positive(),
    images: z.array(imageRef).min(1).max(20),
    detail: z.array(detailBlock).max(100).default([]),
    status: saleStatus.default('off_shelf'),
    labels: z
      .object({ special: z.boolean().default(false), memberPrice: z.boolean().default(false) })
      .default({ special: false, memberPrice: false }),
    freightTemplateId: z.number().int().positive().nullable().default(null),
    sortOrder: sortOrder.default(0),
    specs: specDefs.default([]),
    skus: z.array(skuBody).min(1).max(200),
  })
  .superRefine((p, ctx) => {
    for (const issue of skuSpecIssues(p.specs, p.skus)) {
      ctx.addIssue({ code: 'custom', path: ['skus', issue.index, 'specs'], message: issue.message });
    }
    const codes = p.skus.map((s) => s.skuCode).filter((c): c is string => c !== null);
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: 'custom', path: ['skus'], message: 'SKU codes must be distinct' });
    }
    if (p.kind !== 'physical' && p.freightTemplateId !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['freightTemplateId'],
        message: 'virtual and local-service products ship nothing and take no freight template',
      });
    }
    if (p.status === 'on_sale' && !p.skus.some((s) => s.status === 'on_sale')) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'a product on sale needs a SKU on sale' });
    }
  });
export type ProductInput = z.infer<typeof productBody>;

export const statusBody = z.object({ status: saleStatus });
export const stockSetBody = z.object({ stock: count(100_000_000) });
export const stockAdjustBody = z.object({
  delta: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((d) => d !== 0, 'a change of 0 changes nothing'),
  reason: z.string().trim().max(200).optional(),
});

const detailBlockOut = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string() }),
]);
const specDefsOut = z.array(z.object({ name: z.string(), values: z.array(z.string()) }));

export const adminSku = z.object({
  id: z.number().int(),
  specs: z.record(z.string(), z.string()),
  specText: z.string(),
  price: z.number().int(),
  originalPrice: z.number().int().nullable(),
  costPrice: z.number().int(),
  stock: z.number().int(),
  weightGrams: z.number().int(),
  skuCode: z.string().nullable(),
  image: z.string().nullable(),
  status: saleStatus,
  soldCount: z.number().int(),
});

export const adminProduct = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  kind: productKind,
  categoryId: z.number().int(),
  /** as stored (keys or URLs): send them back unchanged on update */
  images: z.array(z.string()),
  imageUrls: z.array(z.string()),
  detail: z.array(detailBlockOut),
  status: saleStatus,
  labels: z.object({ special: z.boolean(), memberPrice: z.boolean() }),
  freightTemplateId: z.number().int().nullable(),
  sortOrder: z.number().int(),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  soldCount: z.number().int(),
  specs: specDefsOut,
  skus: z.array(adminSku),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const adminProductListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: productKind,
  categoryId: z.number().int(),
  status: saleStatus,
  imageUrl: z.string().nullable(),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  stock: z.number().int(),
  soldCount: z.number().int(),
  labels: z.array(z.string()),
  updatedAt: z.string(),
});

export const adminProductQuery = z.object({
  ...pageQuery(200, 20),
  keyword: z.string().trim().max(50).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  status: saleStatus.optional(),
  kind: productKind.optional(),
});

export const priceHistoryEntry = z.object({ price: z.number().int(), effectiveFrom: z.string() });

// ── shop ─────────────────────────────────────────────────────────────────────────────────────────────────

export const shopProductQuery = z
  .object({
    // 10 cards per infinite-scroll page, as litemall's shop lists; up to 50 on request
    ...pageQuery(50, 10),
    keyword: z.string().trim().max(50).optional(),
    categoryId: z.coerce.number().int().positive().optional(),
    minPrice: z.coerce.number().int().min(0).max(MAX_FEN).optional(),
    maxPrice: z.coerce.number().int().min(0).max(MAX_FEN).optional(),
    sort: z.enum(['default', 'sales', 'price_asc', 'price_desc', 'newest']).default('default'),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  });
export type ShopProductQuery = z.infer<typeof shopProductQuery>;

export const shopProductListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  kind: productKind,
  categoryId: z.number().int(),
  imageUrl: z.string().nullable(),
  price: z.number().int(),
  maxPrice: z.number().int(),
  /** the honest strike-through price of the cheapest SKU, or null */
  originalPrice: z.number().int().nullable(),
  labels: z.array(z.string()),
  soldLabel: z.string().nullable(),
});

export const shopSku = z.object({
  id: z.number().int(),
  specs: z.record(z.string(), z.string()),
  specText: z.string(),
  price: z.number().int(),
  originalPrice: z.number().int().nullable(),
  stock: z.number().int(),
  imageUrl: z.string().nullable(),
});

export const shopProduct = shopProductListItem.extend({
  imageUrls: z.array(z.string()),
  detail: z.array(detailBlockOut),
  specs: specDefsOut,
  skus: z.array(shopSku),
  freight: z.object({
    ships: z.boolean(),
    templateId: z.number().int().nullable(),
    text: z.string(),
    excludedProvinces: z.array(z.string()),
  }),
});
