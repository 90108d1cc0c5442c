import { z } from 'zod';
import { CHANNELS, COUPON_KINDS, INSTANCE_STATES } from './models';
import { windowProblems } from './validity';

const MAX_FEN = 10_000_000_000; // ¥100,000,000, as the catalog: keeps sums far from overflow
export const fen = z.number().int().min(0).max(MAX_FEN).describe('integer fen (分)');
const id = z.number().int().positive();
const ids = (max: number) =>
  z
    .array(id)
    .max(max)
    .refine((v) => new Set(v).size === v.length, 'an id is listed twice');
const text = (max: number) => z.string().trim().min(1).max(max);
const isoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time with offset');

export const idParams = z.object({ id: z.coerce.number().int().positive() });

const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

// ── template ─────────────────────────────────────────────────────────────────────────────────────────────

export const couponKind = z.enum(COUPON_KINDS);
export const channel = z.enum(CHANNELS);

export const scope = z.object({
  mode: z.enum(['all', 'include', 'exclude']),
  productIds: ids(500).default([]),
  categoryIds: ids(200).default([]),
});

export const usableWindow = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe('ISO weekdays, 1 = Monday'),
    from: z.string().describe("'HH:mm' shop time, inclusive"),
    to: z.string().describe("'HH:mm' shop time, exclusive; '24:00' = midnight; before `from` = overnight"),
  })
  .superRefine((w, ctx) => {
    for (const message of windowProblems(w)) ctx.addIssue({ code: 'custom', message });
  });

export const validity = z.discriminatedUnion('type', [
  z.object({ type: z.literal('absolute'), from: isoTime, to: isoTime.describe('exclusive') }),
  z.object({
    type: z.literal('relative'),
    days: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .describe('valid until the end of the shop day N days after the claim'),
  }),
]);

/**
 * A template as the merchant writes it. Fields that do not belong to the kind keep their defaults (0, 1000,
 * null), so that a template never says two things: an amount_off coupon with a discount rate is refused.
 */
export const templateBody = z
  .object({
    name: text(32),
    description: z.string().trim().max(200).default(''),
    kind: couponKind,
    threshold: fen.default(0).describe('minimum eligible amount in fen; 0 = no threshold'),
    amountOff: fen.default(0).describe('amount_off: fen off'),
    discountPermille: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(1000)
      .describe('percent_off: 千分比 of the price kept, 1 … 999 (850 = 8.5 折)'),
    maxDiscount: fen.min(1).nullable().default(null).describe('percent_off: cap in fen; null = none'),
    scope: scope.default({ mode: 'all', productIds: [], categoryIds: [] }),
    validity,
    windows: z.array(usableWindow).max(7).default([]).describe('empty = any time'),
    totalQuantity: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .nullable()
      .default(null)
      .describe('null = unlimited'),
    perUserLimit: z.number().int().min(1).max(100).default(1),
    channels: z
      .array(channel)
      .min(1)
      .max(CHANNELS.length)
      .refine((v) => new Set(v).size === v.length, 'a channel is listed twice')
      .default(['claim_center']),
    stackable: z.boolean().default(false),
    allowActivityLines: z.boolean().default(false),
    returnOnRefund: z.boolean().default(true),
    status: z.enum(['enabled', 'disabled']).default('enabled'),
    claimStartsAt: isoTime.nullable().default(null),
    claimEndsAt: isoTime.nullable().default(null),
  })
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (t.kind === 'amount_off') {
      if (t.amountOff < 1) issue('amountOff', 'amount_off needs an amount of at least 1 fen');
      if (t.threshold > 0 && t.amountOff > t.threshold)
        issue('amountOff', 'the amount off cannot exceed the threshold (满50减60 is refused)');
    } else if (t.amountOff !== 0) issue('amountOff', `${t.kind} takes no amountOff`);
    if (t.kind === 'percent_off') {
      if (t.discountPermille >= 1000)
        issue('discountPermille', 'percent_off keeps 1 … 999 千分比 of the price');
    } else {
      if (t.discountPermille !== 1000) issue('discountPermille', `${t.kind} takes no discountPermille`);
      if (t.maxDiscount !== null) issue('maxDiscount', `${t.kind} takes no maxDiscount`);
    }
    const listed = t.scope.productIds.length + t.scope.categoryIds.length;
    if (t.scope.mode === 'all' && listed > 0) issue('scope', "mode 'all' lists no products or categories");
    if (t.scope.mode !== 'all' && listed === 0)
      issue('scope', `mode '${t.scope.mode}' needs at least one product or category`);
    if (t.validity.type === 'absolute' && Date.parse(t.validity.from) >= Date.parse(t.validity.to))
      issue('validity', 'validity.from must be before validity.to');
    if (t.claimStartsAt && t.claimEndsAt && Date.parse(t.claimStartsAt) >= Date.parse(t.claimEndsAt))
      issue('claimEndsAt', 'the claim window must end after it starts');
    if (
      t.validity.type === 'absolute' &&
      t.claimEndsAt &&
      Date.parse(t.claimEndsAt) > Date.parse(t.validity.to)
    )
      issue('claimEndsAt', 'claiming must end by the end of the validity');
    if (t.totalQuantity !== null && t.perUserLimit > t.totalQuantity)
      issue('perUserLimit', 'the per-user limit cannot exceed the total quantity');
  });
export type TemplateInput = z.infer<typeof templateBody>;

export const templateView = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  kind: couponKind,
  threshold: fen,
  amountOff: fen,
  discountPermille: z.number().int(),
  maxDiscount: fen.nullable(),
  scope: z.object({
    mode: z.enum(['all', 'include', 'exclude']),
    productIds: z.array(z.number().int()),
    categoryIds: z.array(z.number().int()),
  }),
  validity,
  windows: z.array(z.object({ weekdays: z.array(z.number().int()), from: z.string(), to: z.string() })),
  totalQuantity: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  issuedCount: z.number().int(),
  perUserLimit: z.number().int(),
  channels: z.array(channel),
  stackable: z.boolean(),
  allowActivityLines: z.boolean(),
  returnOnRefund: z.boolean(),
  status: z.enum(['enabled', 'disabled']),
  claimStartsAt: z.string().nullable(),
  claimEndsAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateView = z.infer<typeof templateView>;

export const templatesQuery = z.object({
  ...pageQuery,
  status: z.enum(['enabled', 'disabled']).optional(),
  kind: couponKind.optional(),
  channel: channel.optional(),
  keyword: z.string().trim().min(1).max(32).optional(),
});

export const statusBody = z.object({ status: z.enum(['enabled', 'disabled']) });

export const templateStats = z.object({
  templateId: z.number().int(),
  issued: z.number().int(),
  unused: z.number().int(),
  locked: z.number().int(),
  used: z.number().int(),
  expired: z.number().int(),
  remaining: z.number().int().nullable(),
  discountGiven: fen.describe('Σ discount of the instances used (returned coupons no longer count)'),
  orders: z.number().int().describe('orders that used an instance'),
  byChannel: z.record(z.string(), z.number().int()),
  codes: z.object({ generated: z.number().int(), redeemed: z.number().int() }),
});

// ── grants ───────────────────────────────────────────────────────────────────────────────────────────────

export const grantBody = z.object({
  shopperIds: ids(500).refine((v) => v.length > 0, 'at least one shopper'),
  /** the same key again issues nothing new to a shopper who already got one with it (a double click, a retry) */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,64}$/, '8–64 of A-Z a-z 0-9 _ . : -')
    .optional(),
});

export const grantResult = z.object({
  issued: z.number().int(),
  refused: z.number().int(),
  results: z.array(
    z.object({
      shopperId: z.number().int(),
      outcome: z.enum(['issued', 'already_issued', 'limit', 'sold_out', 'not_issuable', 'unknown_shopper']),
      instanceId: z.number().int().nullable(),
    }),
  ),
});

// ── redemption codes ─────────────────────────────────────────────────────────────────────────────────────

export const batchBody = z.object({
  quantity: z.number().int().min(1).max(10_000),
  name: z.string().trim().max(64).default(''),
});

export const batchView = z.object({
  id: z.number().int(),
  templateId: z.number().int(),
  name: z.string(),
  quantity: z.number().int(),
  redeemedCount: z.number().int(),
  createdAt: z.string(),
});

export const redeemBody = z.object({ code: z.string().max(64) });

// ── shopper ──────────────────────────────────────────────────────────────────────────────────────────────

/** What the shopper sees of a coupon's terms (the same as the engine gets). */
const terms = {
  templateId: z.number().int(),
  name: z.string(),
  description: z.string(),
  kind: couponKind,
  threshold: fen,
  amountOff: fen,
  discountPermille: z.number().int(),
  maxDiscount: fen.nullable(),
  scope: templateView.shape.scope,
  windows: templateView.shape.windows,
  stackable: z.boolean(),
};

export const centerQuery = z.object({ ...pageQuery });

export const centerItem = z.object({
  ...terms,
  validity,
  perUserLimit: z.number().int(),
  /** instances this shopper holds of it (0 when not logged in) */
  claimed: z.number().int(),
  state: z.enum(['available', 'claimed_max', 'sold_out']),
  totalQuantity: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  claimEndsAt: z.string().nullable(),
});

export const myCouponsQuery = z.object({
  ...pageQuery,
  status: z.enum(['unused', 'used', 'expired']).default('unused'),
});

export const myCoupon = z.object({
  ...terms,
  id: z.number().int().describe('the instance id: what checkout and the order name'),
  status: z.enum(INSTANCE_STATES).describe('locked: held by an unpaid order'),
  channel,
  validFrom: z.string(),
  validTo: z.string().describe('exclusive'),
  /** whole shop days left including today (1 = last day today, 0 = over); with validTo, the validity text */
  daysLeft: z.number().int(),
  notStarted: z.boolean(),
  orderId: z.number().int().nullable(),
  usedAt: z.string().nullable(),
  claimedAt: z.string(),
});

export const mySummary = z.object({
  unused: z.number().int(),
  used: z.number().int(),
  expired: z.number().int(),
});
