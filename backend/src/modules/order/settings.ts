import type { Tx } from '../../platform/db/tx';
import { withTransaction } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import type { OrderContext, RequestMeta } from './context';
import { OrderSettingsRow } from './models';

/** The shop's order rules the merchant edits (RULES §1 defaults). One row; absent means the defaults. */
export interface OrderSettings {
  /** unpaid orders are cancelled this long after creation (stored per order as expires_at) */
  unpaidTimeoutMinutes: number;
  /** shipped orders are received automatically this long after shipping */
  autoReceiveDays: number;
  /** after-sales stay open this long after receipt; the order completes when it closes */
  aftersaleWindowDays: number;
  /** the service role approves and refunds after-sales up to this amount (fen) */
  serviceApprovalLimit: number;
}

export const DEFAULT_ORDER_SETTINGS: OrderSettings = {
  unpaidTimeoutMinutes: 30,
  autoReceiveDays: 7,
  aftersaleWindowDays: 7,
  serviceApprovalLimit: 50_000,
};

const SETTINGS_ID = 1;

export function createOrderSettings(ctx: OrderContext) {
  const { sequelize, audit, clock } = ctx.platform;

  async function get(tx?: Tx): Promise<OrderSettings> {
    const row = await OrderSettingsRow.findByPk(SETTINGS_ID, { transaction: tx });
    if (!row) return { ...DEFAULT_ORDER_SETTINGS };
    return {
      unpaidTimeoutMinutes: row.unpaidTimeoutMinutes,
      autoReceiveDays: row.autoReceiveDays,
      aftersaleWindowDays: row.aftersaleWindowDays,
      serviceApprovalLimit: Number(row.serviceApprovalLimit),
    };
  }

  async function update(actor: Principal, patch: Partial<OrderSettings>, meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const before = await get(tx);
      const after = { ...before, ...patch };
      await OrderSettingsRow.upsert(
        { id: SETTINGS_ID, ...after, updatedBy: actor.id, updatedAt: clock.now() },
        { transaction: tx },
      );
      await audit.record(
        { actor, action: 'order_settings.update', subjectType: 'order_settings', before, after, ...meta },
        tx,
      );
      return after;
    });
  }

  /** The settings with the shop's time zone, for the admin. */
  async function view() {
    return { ...(await get()), timeZone: ctx.platform.config.shopTimezone };
  }

  return { get, update, view };
}

export type OrderSettingsService = ReturnType<typeof createOrderSettings>;
