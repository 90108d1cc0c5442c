import { z } from 'zod';
import { COMMISSION_STATUSES, LEDGER_REASONS, WITHDRAWAL_STATUSES } from './models';
import { settingsSchema, settingsShape } from './settings';

/** Request and response schemas of the distribution routes (they validate input and produce the OpenAPI document). */

const id = z.coerce.number().int().positive();
const fen = z.number().int().describe('fen (分)');
const time = z.string().describe('ISO 8601, UTC');
const nullableTime = time.nullable();

export const idParams = z.object({ id });
export const shopperParams = z.object({ shopperId: id });

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
export const pageOnly = z.object(pageQuery);

// ── settings ────────────────────────────────────────────────────────────────────────────────────────────
export const settings = settingsShape;
export const settingsPatch = settingsShape
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export { settingsSchema };

// ── levels ──────────────────────────────────────────────────────────────────────────────────────────────
const bps = z.number().int().min(0).max(10_000).describe('万分比: 1000 = 10%');
export const levelBody = z.object({
  name: z.string().trim().min(1).max(32),
  /** higher is better; unique */
  grade: z.number().int().min(1).max(1000),
  /** null: the shop's rate */
  level1Bps: bps.nullable().default(null),
  level2Bps: bps.nullable().default(null),
  /** upgrade conditions (all set must hold); team size alone is refused: DISTRIBUTION_LEVEL_CONDITION */
  minOwnSpend: z.number().int().min(0).nullable().default(null).describe('fen'),
  minTeamSpend: z.number().int().min(0).nullable().default(null).describe('fen'),
  minTeamOrders: z.number().int().min(0).nullable().default(null),
  minTeamSize: z.number().int().min(0).nullable().default(null),
});
export const level = z.object({
  id: z.number().int(),
  name: z.string(),
  grade: z.number().int(),
  level1Bps: z.number().int().nullable(),
  level2Bps: z.number().int().nullable(),
  minOwnSpend: z.number().int().nullable(),
  minTeamSpend: z.number().int().nullable(),
  minTeamOrders: z.number().int().nullable(),
  minTeamSize: z.number().int().nullable(),
});

// ── applications, distributors ──────────────────────────────────────────────────────────────────────────
export const applyBody = z.object({
  realName: z.string().trim().min(1).max(32).optional(),
  phone: z
    .string()
    .regex(/^1\d{10}$/, 'a mainland mobile number')
    .optional(),
  note: z.string().trim().max(200).optional(),
});
export const application = z.object({
  id: z.number().int(),
  shopperId: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected']),
  realName: z.string().nullable(),
  phone: z.string().nullable(),
  note: z.string().nullable(),
  rejectReason: z.string().nullable(),
  reviewerId: z.number().int().nullable(),
  reviewedAt: nullableTime,
  createdAt: time,
});
export const applyResult = z.object({
  /** active: a distributor now; pending: waiting for review */
  status: z.enum(['active', 'pending']),
  application: application.nullable(),
});
export const applicationQuery = z.object({
  ...pageQuery,
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
});
export const rejectBody = z.object({ reason: z.string().trim().min(1).max(200) });
export const freezeBody = z.object({ reason: z.string().trim().min(1).max(200) });
export const profileBody = z
  .object({
    realName: z.string().trim().min(1).max(32).nullable().optional(),
    phone: z
      .string()
      .regex(/^1\d{10}$/)
      .nullable()
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const setLevelBody = z.object({ levelId: z.number().int().positive().nullable() });
export const createDistributorBody = z.object({ shopperId: z.number().int().positive() });

const earnings = z.object({
  pending: fen.describe('paid, not yet received'),
  frozen: fen.describe('received, within the after-sales period'),
  available: fen.describe('the balance; below 0 after a refund of commission already available'),
  withdrawing: fen,
  withdrawn: fen,
  earned: fen.describe('Σ of every paid entry’s worth now'),
  today: fen,
  month: fen,
});

export const center = z.object({
  enabled: z.boolean(),
  /** none: may apply; pending: application in review; active; frozen */
  status: z.enum(['none', 'pending', 'active', 'frozen']),
  applyMode: z.enum(['everyone', 'approval', 'spend']),
  spend: fen.describe('my goods paid minus refunds, for the spend threshold'),
  spendThreshold: fen,
  application: application.nullable(),
  profile: z
    .object({
      realName: z.string().nullable(),
      phone: z.string().nullable(),
      level: z.object({ id: z.number().int(), name: z.string(), grade: z.number().int() }).nullable(),
      activatedAt: time,
      freezeReason: z.string().nullable(),
    })
    .nullable(),
  parent: z.object({ id: z.number().int(), nickname: z.string() }).nullable(),
  earnings: earnings.nullable(),
  team: z.object({ level1: z.number().int(), level2: z.number().int() }),
  withdraw: z.object({
    minimum: fen,
    maximum: fen,
    dailyAmount: fen,
    dailyCount: z.number().int(),
    feePermille: z.number().int(),
  }),
});

const facts = z.object({
  ownSpend: fen,
  teamSpend: fen,
  teamOrders: z.number().int(),
  teamSize: z.number().int(),
});
export const distributorRow = z.object({
  shopperId: z.number().int(),
  nickname: z.string(),
  status: z.enum(['active', 'frozen']),
  source: z.enum(['everyone', 'approval', 'spend', 'admin']),
  levelId: z.number().int().nullable(),
  levelName: z.string().nullable(),
  realName: z.string().nullable(),
  phone: z.string().nullable(),
  balance: fen,
  parentId: z.number().int().nullable(),
  activatedAt: time,
  frozenAt: nullableTime,
  freezeReason: z.string().nullable(),
});
export const distributorDetail = distributorRow.extend({
  facts,
  earnings,
  team: z.object({ level1: z.number().int(), level2: z.number().int() }),
  application: application.nullable(),
});
export const distributorQuery = z.object({
  ...pageQuery,
  status: z.enum(['active', 'frozen']).optional(),
  levelId: z.coerce.number().int().positive().optional(),
  shopperId: z.coerce.number().int().positive().optional(),
});

export const relation = z.object({
  shopperId: z.number().int(),
  parentId: z.number().int().nullable(),
  boundAt: nullableTime,
  lockUntil: nullableTime,
  sceneCode: z.string().nullable(),
  history: z.array(
    z.object({
      fromParentId: z.number().int().nullable(),
      toParentId: z.number().int().nullable(),
      reason: z.enum(['first_touch', 'last_touch', 'lock_expired', 'admin']),
      sceneCode: z.string().nullable(),
      actorId: z.number().int().nullable(),
      at: time,
    }),
  ),
});
export const setParentBody = z.object({ parentId: z.number().int().positive().nullable() });

export const teamQuery = z.object({ ...pageQuery, level: z.coerce.number().int().min(1).max(2).default(1) });
export const teamMember = z.object({
  shopperId: z.number().int(),
  nickname: z.string(),
  level: z.number().int(),
  parentId: z.number().int(),
  boundAt: nullableTime,
  orders: z.number().int().describe('their paid orders I earn on'),
  sales: fen.describe('their goods paid minus refunds on those orders'),
  commission: fen.describe('what I earn on them now'),
});

// ── commissions, ledger ────────────────────────────────────────────────────────────────────────────────
export const commissionStatus = z.enum(COMMISSION_STATUSES);
export const commission = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNo: z.string(),
  orderLineId: z.number().int(),
  title: z.string(),
  buyerId: z.number().int(),
  buyerNickname: z.string().nullable(),
  beneficiaryId: z.number().int(),
  level: z.number().int().describe('1 or 2'),
  quantity: z.number().int(),
  baseAmount: fen.describe('the line paid after discounts and points, without freight'),
  rate: z.object({
    source: z.enum(['shop', 'level', 'product', 'sku']),
    mode: z.enum(['ratio', 'fixed', 'none']),
    value: z.number().int().describe('ratio: 万分比; fixed: fen per unit'),
  }),
  amount: fen.describe('the commission at the snapshotted rate'),
  status: commissionStatus,
  refundedUnits: z.number().int(),
  invalidAmount: fen.describe('taken back before it was available'),
  clawedAmount: fen.describe('taken back after it was available (a negative ledger row)'),
  netAmount: fen,
  creditedAmount: fen,
  withdrawnAmount: fen,
  placedAt: time,
  paidAt: nullableTime,
  frozenAt: nullableTime,
  availableAt: nullableTime,
  invalidAt: nullableTime,
});
export const shopCommissionQuery = z.object({
  ...pageQuery,
  status: commissionStatus.optional(),
  level: z.coerce.number().int().min(1).max(2).optional(),
  memberId: z.coerce.number().int().positive().optional(),
});
export const adminCommissionQuery = shopCommissionQuery.extend({
  beneficiaryId: z.coerce.number().int().positive().optional(),
  orderId: z.coerce.number().int().positive().optional(),
});

export const ledgerReason = z.enum(LEDGER_REASONS);
export const ledgerEntry = z.object({
  id: z.number().int(),
  distributorId: z.number().int(),
  delta: fen,
  balanceAfter: fen,
  reason: ledgerReason,
  refType: z.string().nullable().describe("'commission' | 'withdrawal' | null (adjustments)"),
  refId: z.number().int().nullable(),
  note: z.string().nullable(),
  actorId: z.number().int().nullable(),
  createdAt: time,
});
export const shopLedgerQuery = z.object({ ...pageQuery, reason: ledgerReason.optional() });
export const adminLedgerQuery = shopLedgerQuery.extend({
  distributorId: z.coerce.number().int().positive().optional(),
});
export const adjustBody = z.object({
  delta: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((v) => v !== 0, 'must not be 0')
    .describe('fen; a debit never takes the balance below 0'),
  reason: z.string().trim().min(1).max(200),
});

// ── withdrawals ────────────────────────────────────────────────────────────────────────────────────────
export const withdrawalStatus = z.enum(WITHDRAWAL_STATUSES);
export const withdrawal = z.object({
  id: z.number().int(),
  withdrawalNo: z.string().describe('also the out_bill_no of the transfer'),
  distributorId: z.number().int(),
  amount: fen.describe('taken from the balance'),
  fee: fen,
  netAmount: fen.describe('paid out'),
  channel: z.enum(['wechat']),
  status: withdrawalStatus,
  transferState: z.string().nullable().describe("WeChat Pay's bill state, e.g. WAIT_USER_CONFIRM"),
  failReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  awaitingConfirmation: z.boolean(),
  confirmDeadline: nullableTime,
  reviewedAt: nullableTime,
  finishedAt: nullableTime,
  createdAt: time,
});
export const withdrawBody = z.object({ amount: z.number().int().positive().describe('fen') });
export const withdrawalQuery = z.object({ ...pageQuery, status: withdrawalStatus.optional() });
export const adminWithdrawalQuery = withdrawalQuery.extend({
  distributorId: z.coerce.number().int().positive().optional(),
});
export const transferParams = z.object({
  withdrawalId: z.number().int(),
  /** wx.requestMerchantTransfer({ mchId, appId, package }) */
  mchId: z.string(),
  appId: z.string(),
  package: z.string(),
  /** true: the H5 sandbox: confirm through POST …/sandbox-confirm instead */
  sandbox: z.boolean(),
  confirmDeadline: nullableTime,
});
export const sandboxConfirmBody = z.object({
  /** true: the shopper confirms; false: declines (the bill is cancelled and the money returns) */
  accept: z.boolean().default(true),
});

// ── product rates ──────────────────────────────────────────────────────────────────────────────────────
const levelRate = z.object({
  mode: z.enum(['ratio', 'fixed', 'none']),
  value: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .default(0)
    .describe('ratio: 万分比 ≤ 10000; fixed: fen per unit'),
});
export const rateBody = z.object({
  productId: z.number().int().positive(),
  /** absent or null: the whole product; a SKU's row overrides the product's */
  skuId: z.number().int().positive().nullable().default(null),
  level1: levelRate,
  level2: levelRate,
});
export const rate = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  skuId: z.number().int().nullable(),
  level1: z.object({ mode: z.enum(['ratio', 'fixed', 'none']), value: z.number().int() }),
  level2: z.object({ mode: z.enum(['ratio', 'fixed', 'none']), value: z.number().int() }),
});
export const rateQuery = z.object({ productId: z.coerce.number().int().positive().optional() });

// ── integrity ──────────────────────────────────────────────────────────────────────────────────────────
export const integrityQuery = z.object({ distributorId: z.coerce.number().int().positive().optional() });
export const integrity = z.object({
  accounts: z.number().int(),
  commissions: z.number().int(),
  withdrawals: z.number().int(),
  ok: z.boolean(),
  problems: z.array(
    z.object({ kind: z.string(), id: z.number().int(), detail: z.record(z.string(), z.unknown()) }),
  ),
});
