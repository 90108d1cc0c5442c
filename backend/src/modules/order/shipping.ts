import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, withTransaction } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { Principal } from '../../platform/http/access';
import { emitOrderEvent, logOrder, moveOrder, type OrderContext, type RequestMeta } from './context';
import { Order, OrderLine, OrderPackage, OrderPackageLine } from './models';
import { requiresShippingUpload, type ShippingUpload } from './shipping-upload';

/** WeChat's shipping-info upload takes at most 15 packages per payment. */
export const MAX_PACKAGES = 15;

export interface PackageInput {
  /** WeChat's carrier code (delivery_id), e.g. SF, ZTO, YTO, STO, YD, JTSD, EMS, JD */
  carrier: string;
  trackingNo: string;
  lines: { orderLineId: number; quantity: number }[];
}

/**
 * Split shipment: each package names its carrier, tracking number and the units of each line it holds. Units
 * are counted by guarded updates (`shipped + cancelled + n <= quantity`), so two packages sent at once can
 * never ship a unit twice; the order becomes shipped when every physical unit is in a package or was
 * refunded before shipping.
 */
export function createShipping(ctx: OrderContext, uploads: ShippingUpload) {
  const { sequelize, audit, clock } = ctx.platform;

  async function addPackage(actor: Principal, orderId: number, input: PackageInput, meta: RequestMeta) {
    const merged = new Map<number, number>();
    for (const l of input.lines) merged.set(l.orderLineId, (merged.get(l.orderLineId) ?? 0) + l.quantity);
    const items = [...merged].map(([orderLineId, quantity]) => ({ orderLineId, quantity }));
    return withTransaction(sequelize, async (tx) => {
      const order = await Order.findByPk(orderId, { transaction: tx });
      if (!order) throw new AppError('NOT_FOUND', 'Order not found');
      // one more package, only while the order waits for shipping: this also serializes packages of one order
      const counted = await guardedUpdate(
        sequelize,
        `UPDATE orders SET package_count = package_count + 1, updated_at = :now
          WHERE id = :id AND status = 'to_ship' AND package_count < :max`,
        { id: orderId, max: MAX_PACKAGES, now: sqlTime(sequelize, clock.now()) },
        tx,
      );
      if (!counted) {
        const fresh = (await Order.findByPk(orderId, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
        if (fresh.status !== 'to_ship') {
          throw new AppError('ILLEGAL_TRANSITION', `An order in ${fresh.status} cannot be shipped`, {
            status: fresh.status,
          });
        }
        throw new AppError('BUSINESS_RULE', `At most ${MAX_PACKAGES} packages per order`, {
          rule: 'max_packages',
          max: MAX_PACKAGES,
        });
      }
      const lines = await OrderLine.findAll({ where: { orderId }, transaction: tx });
      const byId = new Map(lines.map((l) => [Number(l.id), l]));
      for (const item of items) {
        const line = byId.get(item.orderLineId);
        if (!line)
          throw new AppError('NOT_FOUND', 'No such line in this order', { orderLineId: item.orderLineId });
        if (line.kind !== 'physical') {
          throw new AppError('BUSINESS_RULE', 'Only physical goods are shipped in packages', {
            rule: 'not_physical',
            orderLineId: item.orderLineId,
          });
        }
        const ok = await guardedUpdate(
          sequelize,
          `UPDATE order_lines SET shipped_quantity = shipped_quantity + :q, updated_at = :now
            WHERE id = :id AND shipped_quantity + cancelled_quantity + :q <= quantity`,
          { id: item.orderLineId, q: item.quantity, now: sqlTime(sequelize, clock.now()) },
          tx,
        );
        if (!ok) {
          const fresh = (await OrderLine.findByPk(item.orderLineId, {
            transaction: tx,
            lock: tx.LOCK.UPDATE,
          }))!;
          throw new AppError('QUANTITY_LIMIT', 'More units than are left to ship on this line', {
            orderLineId: item.orderLineId,
            left: fresh.quantity - fresh.shippedQuantity - fresh.cancelledQuantity,
          });
        }
      }
      let pkg: OrderPackage;
      try {
        pkg = await OrderPackage.create(
          {
            orderId,
            carrier: input.carrier,
            trackingNo: input.trackingNo,
            shippedBy: actor.id,
            shippedAt: clock.now(),
          },
          { transaction: tx },
        );
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new AppError('CONFLICT', 'This tracking number is already a package of the order', {
            field: 'trackingNo',
          });
        }
        throw e;
      }
      await OrderPackageLine.bulkCreate(
        items.map((i) => ({
          packageId: Number(pkg.id),
          orderId,
          orderLineId: i.orderLineId,
          quantity: i.quantity,
        })),
        { transaction: tx },
      );
      await logOrder(ctx, tx, orderId, {
        action: 'package',
        actor,
        note: `${input.carrier} ${input.trackingNo}`,
      });
      const shipped = await moveOrder(ctx, tx, orderId, 'ship', {
        actor,
        set: { shipped_at: clock.now() },
        guard: {
          sql: `NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = :orderId AND l.kind = 'physical'
                  AND l.shipped_quantity + l.cancelled_quantity < l.quantity)`,
          replacements: { orderId },
        },
      });
      if (shipped) {
        await emitOrderEvent(ctx, tx, 'order.shipped', {
          orderId,
          orderNo: order.orderNo,
          shopperId: Number(order.shopperId),
          kind: order.kind,
          packageId: Number(pkg.id),
        });
        if (requiresShippingUpload(order.payProvider)) await uploads.schedule(tx, orderId);
      }
      await audit.record(
        {
          actor,
          action: 'order.ship',
          subjectType: 'order',
          subjectId: orderId,
          after: { packageId: Number(pkg.id), ...input, orderShipped: shipped },
          ...meta,
        },
        tx,
      );
      return { packageId: Number(pkg.id), orderShipped: shipped };
    });
  }

  /** The admin asks for the upload again (after a failure it could not recover from by itself). */
  async function retryUpload(actor: Principal, orderId: number, meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const order = await Order.findByPk(orderId, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!order) throw new AppError('NOT_FOUND', 'Order not found');
      if (order.shippingUploadStatus !== 'failed' && order.shippingUploadStatus !== 'pending') {
        throw new AppError('BUSINESS_RULE', `Nothing to upload: ${order.shippingUploadStatus}`, {
          rule: 'upload_not_due',
          shippingUploadStatus: order.shippingUploadStatus,
        });
      }
      await uploads.schedule(tx, orderId);
      await audit.record(
        { actor, action: 'order.shipping_upload_retry', subjectType: 'order', subjectId: orderId, ...meta },
        tx,
      );
      return { orderId, shippingUploadStatus: 'pending' as const };
    });
  }

  return { addPackage, retryUpload };
}

export type Shipping = ReturnType<typeof createShipping>;
