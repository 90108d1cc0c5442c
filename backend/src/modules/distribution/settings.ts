import { z } from 'zod';
import type { Platform } from '../../platform';
import { withTransaction, type Tx } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import { DistributionSettingsRow } from './models';

const fen = z.number().int().min(0).max(100_000_000_00).describe('fen (分)');
const bps = z.number().int().min(0).max(10_000).describe('万分比: 1000 = 10%');

/** Transfers of ¥2,000 or more need the payee's encrypted real name, which is not built: the cap stays below. */
export const TRANSFER_MAX_FEN = 199_999;

export const settingsShape = z.object({
  /** off: no new bindings and no commission on orders placed from now on (withdrawals still work) */
  enabled: z.boolean(),
  /** who may promote: everyone, approved applicants, or shoppers whose spend reaches the threshold */
  applyMode: z.enum(['everyone', 'approval', 'spend']),
  spendThreshold: fen.describe('spend mode: goods paid (after discounts, no freight, minus refunds) needed'),
  /** binding lock: the first promoter forever, for N days, or the last promoter whose share was opened */
  bindLock: z.enum(['permanent', 'days', 'last_touch']),
  bindLockDays: z.number().int().min(1).max(3650),
  /** the shop's default rates (level 1: the buyer's promoter; level 2: that promoter's promoter) */
  level1Bps: bps,
  level2Bps: bps,
  /** a distributor buying earns level 1 on their own order (and their promoter level 2) */
  selfPurchase: z.boolean(),
  /** orders priced by an activity (flash sale, group buy, bargain…) earn commission unless the activity says otherwise */
  activityCommission: z.boolean(),
  /** frozen commission becomes available N days after receipt, or when the order completes (after-sales window closed) */
  thawMode: z.enum(['days', 'completed']),
  thawDays: z.number().int().min(0).max(365),
  withdrawMin: fen.min(1),
  withdrawMaxPerRequest: z.number().int().min(1).max(TRANSFER_MAX_FEN).describe('fen; below ¥2,000'),
  withdrawDailyAmount: fen.min(1),
  withdrawDailyCount: z.number().int().min(1).max(100),
  /** 千分比 kept by the shop: 6 = 0.6% */
  withdrawFeePermille: z.number().int().min(0).max(1000),
  /** withdrawals up to the limit are approved at once and paid out without review */
  withdrawAutoApprove: z.boolean(),
  withdrawAutoApproveLimit: fen,
  /** WeChat Pay transfer-bill fields (商家转账): the scene the merchant applied for and what it reports */
  transferSceneId: z.string().regex(/^\d{1,8}$/),
  transferRemark: z.string().min(1).max(32),
  transferRecvPerception: z.string().max(32),
  transferReportInfos: z
    .array(z.object({ infoType: z.string().min(1).max(15), infoContent: z.string().min(1).max(32) }))
    .min(1)
    .max(5),
  /** a transfer the shopper does not confirm within this many hours is cancelled and the money returns */
  transferConfirmHours: z.number().int().min(1).max(720),
});

export type DistributionSettings = z.infer<typeof settingsShape>;

export const settingsSchema = settingsShape.refine((s) => s.level1Bps + s.level2Bps <= 10_000, {
  message: 'level 1 and level 2 rates together cannot exceed 100%',
  path: ['level2Bps'],
});

export const DEFAULT_DISTRIBUTION_SETTINGS: DistributionSettings = {
  enabled: true,
  applyMode: 'approval',
  spendThreshold: 0,
  bindLock: 'permanent',
  bindLockDays: 30,
  level1Bps: 1000,
  level2Bps: 500,
  selfPurchase: false,
  activityCommission: false,
  thawMode: 'days',
  thawDays: 7,
  withdrawMin: 100,
  withdrawMaxPerRequest: 50_000,
  withdrawDailyAmount: 100_000,
  withdrawDailyCount: 3,
  withdrawFeePermille: 0,
  withdrawAutoApprove: false,
  withdrawAutoApproveLimit: 10_000,
  transferSceneId: '1005',
  transferRemark: '推广佣金提现',
  transferRecvPerception: '劳务报酬',
  transferReportInfos: [
    { infoType: '岗位类型', infoContent: '推广员' },
    { infoType: '报酬说明', infoContent: '推广佣金' },
  ],
  transferConfirmHours: 24,
};

const SETTINGS_ID = 1;

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** One row of JSON (absent keys take the defaults), read on every use; changes are audited. */
export function createDistributionSettings(platform: Platform) {
  const { sequelize, audit, clock } = platform;

  async function get(tx?: Tx): Promise<DistributionSettings> {
    const row = await DistributionSettingsRow.findByPk(SETTINGS_ID, { transaction: tx });
    if (!row) return { ...DEFAULT_DISTRIBUTION_SETTINGS };
    const parsed = settingsShape.partial().safeParse(JSON.parse(row.data));
    return { ...DEFAULT_DISTRIBUTION_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  async function update(actor: Principal, patch: Partial<DistributionSettings>, meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const before = await get(tx);
      const after = settingsSchema.parse({ ...before, ...patch });
      await DistributionSettingsRow.upsert(
        { id: SETTINGS_ID, data: JSON.stringify(after), updatedBy: actor.id, updatedAt: clock.now() },
        { transaction: tx },
      );
      await audit.record(
        {
          actor,
          action: 'distribution_settings.update',
          subjectType: 'distribution_settings',
          before,
          after,
          ...meta,
        },
        tx,
      );
      return after;
    });
  }

  return { get, update };
}

export type DistributionSettingsService = ReturnType<typeof createDistributionSettings>;
