import { z } from 'zod';
import { LEDGER_REASONS } from './models';

/** Request and response schemas of the points routes (they validate input and produce the OpenAPI document). */

const id = z.coerce.number().int().positive();
const time = z.string().describe('ISO 8601, UTC');
const pointsInt = z.number().int().describe('points (积分)');

export const idParams = z.object({ id });

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

// ── settings ────────────────────────────────────────────────────────────────────────────────────────────
export const pointsSettings = z.object({
  /** off: nothing is spent at checkout and nothing is earned (returns and clawbacks still run) */
  enabled: z.boolean(),
  /** points worth ¥1 */
  pointsPerYuan: z.number().int().min(1).max(10_000),
  /** at most this 千分比 of the goods after discounts, before shipping, may be paid with points */
  maxPermille: z.number().int().min(0).max(1000),
  /** fewer points than this cannot be used at all */
  minPoints: z.number().int().min(0).max(100_000_000),
  /** points earned per ¥1 of goods paid, credited on receipt (0 = earn nothing) */
  earnPerYuan: z.number().int().min(0).max(100),
});
export const pointsSettingsPatch = pointsSettings
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

// ── ledger ──────────────────────────────────────────────────────────────────────────────────────────────
export const ledgerReason = z.enum(LEDGER_REASONS);

export const ledgerEntry = z.object({
  id: z.number().int(),
  delta: pointsInt,
  balanceAfter: pointsInt,
  reason: ledgerReason,
  refType: z.string().nullable().describe("'order' for order events, null for adjustments"),
  refId: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: time,
});
export const adminLedgerEntry = ledgerEntry.extend({
  shopperId: z.number().int(),
  actorId: z.number().int().nullable().describe('the admin who adjusted'),
});

export const shopLedgerQuery = z.object({ ...pageQuery, reason: ledgerReason.optional() });
export const adminLedgerQuery = z.object({
  ...pageQuery,
  shopperId: z.coerce.number().int().positive().optional(),
  reason: ledgerReason.optional(),
  orderId: z.coerce.number().int().positive().optional(),
});

export const shopPoints = z.object({
  balance: pointsInt,
  enabled: z.boolean(),
  pointsPerYuan: z.number().int(),
  maxPermille: z.number().int(),
  minPoints: z.number().int(),
  earnPerYuan: z.number().int(),
});

export const shopperPoints = z.object({
  shopperId: z.number().int(),
  balance: pointsInt,
  /** Σ of positive and negative ledger rows */
  earnedTotal: pointsInt,
  spentTotal: pointsInt,
});

export const adjustBody = z.object({
  /** positive credits, negative debits (never below 0) */
  delta: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((v) => v !== 0, 'must not be 0'),
  reason: z.string().trim().min(1).max(200),
});
