import { isUniqueViolation, withTransaction } from '../../platform/db/tx';
import { PaymentNotification, PaymentRefund } from './models';
import { refundFromWechat, tradeFromWechat } from './providers/types';
import type { Refunds } from './refunds';
import type { PaymentContext, TransitionOutcome, Transitions } from './transitions';
import type { HeaderBag } from './v3-crypto';

export type NotificationOutcome = TransitionOutcome | 'duplicate' | 'ignored';

/**
 * One handler for every v3 notification (payments and refunds, told apart by event_type), whichever
 * provider sent it. Order of work:
 * 1. signature and decryption (provider.verifyAndDecrypt): any failure → INVALID_SIGNATURE, nothing written;
 * 2. one transaction: the notification id goes into `payment_notifications` (unique: a re-delivery of the
 *    same notification stops here as a duplicate), then the guarded transition, then the log's outcome;
 * 3. after commit: a refund reserved by a rejected payment is queued for submission.
 * A duplicate, an unknown trade or an ignored event type is acknowledged as success (WeChat would
 * otherwise re-send it for a day); an error inside the transaction rolls everything back and is answered
 * 5xx so that WeChat re-sends it.
 */
export function createNotifications(ctx: PaymentContext, transitions: Transitions, refunds: Refunds) {
  const { sequelize, clock } = ctx.platform;

  async function handle(headers: HeaderBag, rawBody: string): Promise<NotificationOutcome> {
    const n = await ctx.provider.verifyAndDecrypt(headers, rawBody);
    const resource = JSON.stringify(n.resource);
    const isRefund = n.eventType.startsWith('REFUND.');
    const subject = String((isRefund ? n.resource.out_refund_no : n.resource.out_trade_no) ?? '').slice(
      0,
      64,
    );
    let autoRefundId: number | undefined;
    let outcome: NotificationOutcome;
    try {
      outcome = await withTransaction(sequelize, async (tx) => {
        autoRefundId = undefined;
        const log = await PaymentNotification.create(
          {
            eventId: n.id.slice(0, 64),
            eventType: n.eventType.slice(0, 32),
            subject: subject || null,
            outcome: 'received',
            resource,
            receivedAt: clock.now(),
          },
          { transaction: tx },
        );
        let result: NotificationOutcome = 'ignored';
        if (n.eventType === 'TRANSACTION.SUCCESS') {
          const trade = tradeFromWechat(n.resource);
          if (trade.state === 'SUCCESS') {
            const r = await transitions.markPaid(tx, trade, resource);
            result = r.outcome;
            autoRefundId = r.autoRefundId;
          }
        } else if (isRefund) {
          const pr = refundFromWechat(n.resource);
          const refund = await PaymentRefund.findOne({
            where: { outRefundNo: pr.outRefundNo },
            transaction: tx,
          });
          if (!refund) result = 'unknown';
          else if (Number(refund.amount) !== pr.amount) result = 'amount_mismatch';
          else result = (await transitions.applyRefundResult(tx, refund.id, pr)).outcome;
        }
        await log.update({ outcome: result }, { transaction: tx });
        return result;
      });
    } catch (e) {
      if (
        isUniqueViolation(e) &&
        (await PaymentNotification.count({ where: { eventId: n.id.slice(0, 64) } }))
      ) {
        return 'duplicate';
      }
      throw e;
    }
    if (autoRefundId !== undefined) await refunds.scheduleSubmit(autoRefundId);
    return outcome;
  }

  return { handle };
}

export type Notifications = ReturnType<typeof createNotifications>;
