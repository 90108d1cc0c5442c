import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, type Tx } from '../../platform/db/tx';
import type { EventHandlerDef } from '../../platform/outbox/types';
import type { ActiveCampaign } from './campaigns';
import { CampaignOrderUse, CampaignShopperUse } from './models';

/**
 * Usage limits of automatic promotions (RULES §2: limits apply to them too). An order counts one use of each
 * campaign that changed its price: `used_count < total_limit` and the shopper's `used < per_shopper_limit` are
 * guarded updates in the order's transaction, so concurrent orders can never pass a limit. An order cancelled
 * unpaid gives its uses back; a refund does not (the promotion was used).
 */
export function createUsage(platform: Platform) {
  const { sequelize } = platform;

  /**
   * Before the order's transaction: the shopper's counter rows exist, so that inside it the counters are
   * only guarded UPDATEs. (Two transactions inserting the same row and then updating it deadlock on MySQL.)
   */
  async function prepare(shopperId: number, campaigns: ActiveCampaign[]) {
    for (const c of campaigns) {
      if (c.perShopperLimit === null) continue;
      try {
        await CampaignShopperUse.create({ campaignId: c.id, shopperId, used: 0 });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    }
  }

  /** In the order's transaction, campaigns in id order (two orders never wait on each other's rows). */
  async function count(
    tx: Tx,
    input: { orderId: number; shopperId: number; uses: { campaign: ActiveCampaign; discount: number }[] },
  ) {
    const uses = [...input.uses].sort((a, b) => a.campaign.id - b.campaign.id);
    for (const { campaign: c, discount } of uses) {
      const refused = () =>
        new AppError('CAMPAIGN_LIMIT_REACHED', `Campaign ${c.name} has no uses left`, { campaignId: c.id });
      if (c.totalLimit !== null) {
        const n = await guardedUpdate(
          sequelize,
          'UPDATE campaigns SET used_count = used_count + 1 WHERE id = :id AND used_count < total_limit',
          { id: c.id },
          tx,
        );
        if (n === 0) throw refused();
      }
      if (c.perShopperLimit !== null) {
        const n = await guardedUpdate(
          sequelize,
          `UPDATE campaign_shopper_uses SET used = used + 1
            WHERE campaign_id = :id AND shopper_id = :shopperId AND used < :limit`,
          { id: c.id, shopperId: input.shopperId, limit: c.perShopperLimit },
          tx,
        );
        if (n === 0) throw refused();
      }
      await CampaignOrderUse.create(
        {
          campaignId: c.id,
          orderId: input.orderId,
          shopperId: input.shopperId,
          discount,
          status: 'counted',
          countedTotal: c.totalLimit !== null,
          countedShopper: c.perShopperLimit !== null,
        },
        { transaction: tx },
      );
    }
  }

  /** order.cancelled: each counted use goes back once (the status guard makes a repeat a no-op). */
  const returnOnCancel: EventHandlerDef<'order.cancelled'> = {
    name: 'marketing.returnUsesOnCancel',
    event: 'order.cancelled',
    async handle(event, tx) {
      const { orderId, shopperId } = event.payload;
      const uses = await CampaignOrderUse.findAll({ where: { orderId, status: 'counted' }, transaction: tx });
      for (const use of uses.sort((a, b) => Number(a.campaignId) - Number(b.campaignId))) {
        const moved = await guardedUpdate(
          sequelize,
          "UPDATE campaign_order_uses SET status = 'returned' WHERE id = :id AND status = 'counted'",
          { id: use.id },
          tx,
        );
        if (!moved) continue;
        if (use.countedTotal)
          await guardedUpdate(
            sequelize,
            'UPDATE campaigns SET used_count = used_count - 1 WHERE id = :id AND used_count > 0',
            { id: use.campaignId },
            tx,
          );
        if (use.countedShopper)
          await guardedUpdate(
            sequelize,
            `UPDATE campaign_shopper_uses SET used = used - 1
            WHERE campaign_id = :id AND shopper_id = :shopperId AND used > 0`,
            { id: use.campaignId, shopperId },
            tx,
          );
      }
    },
  };

  return { prepare, count, handlers: [returnOnCancel as EventHandlerDef] };
}
