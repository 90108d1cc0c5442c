import { z } from 'zod';

/** Request and response schemas of the marketing routes. */

const id = z.coerce.number().int().positive();
const fen = z.number().int().describe('fen (分)');
const time = z.iso.datetime({ offset: true });
const ids = (max: number) => z.array(z.number().int().positive()).max(max);

export const idParams = z.object({ id });

export const scopeSchema = z
  .object({
    mode: z.enum(['all', 'include', 'exclude']).describe('all products, only these, or all but these'),
    productIds: ids(500).default([]),
    categoryIds: ids(200).default([]),
  })
  .refine((s) => s.mode === 'all' || s.productIds.length + s.categoryIds.length > 0, {
    message: 'name at least one product or category',
    path: ['productIds'],
  });

export const audienceSchema = z
  .object({
    type: z.enum(['all', 'new', 'levels', 'paid_members', 'tags']),
    levelIds: ids(20).optional(),
    tags: z.array(z.string().trim().min(1).max(32)).max(20).optional(),
    bucket: z
      .object({ experiment: z.string().trim().min(1).max(64), variant: z.string().trim().min(1).max(32) })
      .optional(),
  })
  .refine((a) => a.type !== 'levels' || (a.levelIds?.length ?? 0) > 0, {
    message: 'name at least one level',
    path: ['levelIds'],
  })
  .refine((a) => a.type !== 'tags' || (a.tags?.length ?? 0) > 0, {
    message: 'name at least one tag',
    path: ['tags'],
  });

export const campaignBody = z
  .object({
    kind: z.string().trim().min(1).max(32),
    name: z.string().trim().min(1).max(60),
    description: z.string().trim().max(200).nullable().default(null),
    /** absent: the tool's default */
    priority: z.number().int().min(0).max(10000).optional(),
    exclusive: z.boolean().optional(),
    stackGroup: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .optional(),
    startsAt: time.nullable().default(null),
    endsAt: time.nullable().default(null),
    audience: audienceSchema.default({ type: 'all' }),
    scope: scopeSchema.default({ mode: 'all', productIds: [], categoryIds: [] }),
    /** validated by the tool's own config schema */
    config: z.unknown(),
    totalLimit: z.number().int().min(1).max(100_000_000).nullable().default(null),
    perShopperLimit: z.number().int().min(1).max(10_000).nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .refine((c) => !c.startsAt || !c.endsAt || Date.parse(c.startsAt) < Date.parse(c.endsAt), {
    message: 'the end must be after the start',
    path: ['endsAt'],
  });
export type CampaignInput = z.infer<typeof campaignBody>;

export const campaignQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  kind: z.string().max(32).optional(),
  status: z.enum(['enabled', 'disabled']).optional(),
  /** running now / not started / ended */
  phase: z.enum(['running', 'upcoming', 'ended']).optional(),
});

export const campaignView = z.object({
  id: z.number().int(),
  kind: z.string(),
  toolTitle: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
  phase: z.enum(['running', 'upcoming', 'ended']),
  priority: z.number().int(),
  exclusive: z.boolean(),
  stackGroup: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  audience: audienceSchema,
  scope: scopeSchema,
  config: z.unknown(),
  totalLimit: z.number().int().nullable(),
  perShopperLimit: z.number().int().nullable(),
  usedCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const campaignStats = z.object({
  campaignId: z.number().int(),
  orders: z.number().int().describe('orders placed with it (cancelled unpaid ones not counted)'),
  shoppers: z.number().int(),
  discount: fen.describe('savings given on counted orders'),
  returnedUses: z.number().int().describe('uses given back by orders cancelled unpaid'),
});

export const toolView = z.object({
  kind: z.string(),
  title: z.string(),
  stage: z.string(),
  defaults: z.object({ priority: z.number().int(), exclusive: z.boolean(), stackGroup: z.string() }),
  jsonSchema: z.unknown().describe('JSON Schema of the config: the admin builds its form from it'),
});

export const productPromotions = z.object({
  productId: z.number().int(),
  campaigns: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      toolTitle: z.string().describe('满减, 满赠, 买N送M, …'),
      name: z.string(),
      label: z.string().describe("the tag: '满100减20'"),
      forNewShoppers: z.boolean(),
      endsAt: z.string().nullable(),
    }),
  ),
  tiers: z.array(
    z.object({
      skuId: z.number().int(),
      campaignId: z.number().int(),
      tiers: z.array(z.object({ minQuantity: z.number().int(), unitPrice: fen })),
    }),
  ),
});
