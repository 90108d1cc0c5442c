import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import { Op } from 'sequelize';
import type { Tx } from '../../platform/db/tx';
import { guardedUpdate } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { JobHandler } from '../../platform/drivers/types';
import {
  DELIVERY_MODE,
  LOGISTICS_TYPE,
  wechatErrcodeOf,
  type ShippingInfo,
  type ShippingItem,
} from '../../platform/wechat';
import type { OrderContext } from './context';
import { Order, OrderLine, OrderPackage, OrderPackageLine } from './models';
import type { AddressSnapshot, ProductKind } from './ports';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

/**
 * WeChat's shipping-info upload (发货信息录入): a mini-program paid through WeChat Pay must report every
 * shipment, or the money stays frozen. Only orders paid with the `wechatpay` provider need it. One upload per
 * order, when it is complete: physical orders when the last unit is in a package (express; split delivery
 * with `is_all_delivered` when there are several packages, at most 15); virtual orders at payment (logistics
 * type 3, virtual goods); local-service orders at verification (type 4, picked up by the shopper). The upload
 * runs as a queue job retried with a pause; its status is kept on the order for the admin.
 */
export const SHIPPING_UPLOAD_QUEUE = 'order-shipping-upload';
const ATTEMPTS = 6;
const BACKOFF_MS = 5 * 60_000;
/** 10060002: WeChat already has the complete shipment (an earlier attempt went through) */
const ALREADY_SHIPPED = 10060002;

export const requiresShippingUpload = (provider: string | null | undefined) => provider === 'wechatpay';

/** Masked as WeChat asks for receiver contacts: 138****1234. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

export function itemDescription(titles: string[]): string {
  const text = [...new Set(titles)].join('；');
  const chars = [...text];
  return chars.length <= 120 ? text : `${chars.slice(0, 119).join('')}…`;
}

/** The request body for an order, from what the order holds (pure, for tests). */
export function buildShippingInfo(input: {
  kind: ProductKind;
  transactionId: string;
  payerOpenid: string;
  lineTitles: Map<number, string>;
  packages: { carrier: string; trackingNo: string; lineIds: number[] }[];
  address: AddressSnapshot | null;
  now: Date;
  timezone: string;
}): ShippingInfo {
  const allTitles = [...input.lineTitles.values()];
  const base = {
    order_key: { order_number_type: 2 as const, transaction_id: input.transactionId },
    upload_time: dayjs(input.now).tz(input.timezone).format('YYYY-MM-DDTHH:mm:ss.SSSZ'),
    payer: { openid: input.payerOpenid },
  };
  if (input.kind !== 'physical') {
    return {
      ...base,
      logistics_type: input.kind === 'virtual' ? LOGISTICS_TYPE.virtual : LOGISTICS_TYPE.selfPickup,
      delivery_mode: DELIVERY_MODE.unified,
      shipping_list: [{ item_desc: itemDescription(allTitles) }],
    };
  }
  const contact = input.address ? { receiver_contact: maskPhone(input.address.phone) } : undefined;
  const shippingList: ShippingItem[] = input.packages.map((p) => ({
    tracking_no: p.trackingNo,
    express_company: p.carrier,
    item_desc: itemDescription(p.lineIds.map((id) => input.lineTitles.get(id) ?? '').filter(Boolean)),
    ...(contact ? { contact } : {}),
  }));
  const split = shippingList.length > 1;
  return {
    ...base,
    logistics_type: LOGISTICS_TYPE.express,
    delivery_mode: split ? DELIVERY_MODE.split : DELIVERY_MODE.unified,
    ...(split ? { is_all_delivered: true } : {}),
    shipping_list: shippingList,
  };
}

export function createShippingUpload(ctx: OrderContext, openidOf: (shopperId: number) => Promise<string>) {
  const { platform } = ctx;
  const { sequelize, clock, logger, drivers, wechat, config } = platform;
  const log = logger.child({ module: 'order', job: SHIPPING_UPLOAD_QUEUE });

  const enqueue = (orderId: number) =>
    drivers.queue
      .add(
        SHIPPING_UPLOAD_QUEUE,
        'upload',
        { orderId },
        { jobId: `ship-${orderId}`, attempts: ATTEMPTS, backoffMs: BACKOFF_MS },
      )
      .catch((e) =>
        log.error({ err: e, orderId }, 'could not queue the shipping-info upload; the sweep will'),
      );

  /** Marks the order as waiting for its upload (in the caller's transaction) and queues it after commit. */
  function schedule(tx: Tx, orderId: number): Promise<number> {
    tx.afterCommit(() => void enqueue(orderId));
    return guardedUpdate(
      sequelize,
      `UPDATE orders SET shipping_upload_status = 'pending', shipping_upload_error = NULL WHERE id = :id`,
      { id: orderId },
      tx,
    );
  }

  async function record(orderId: number, status: 'uploaded' | 'failed', error: string | null) {
    await guardedUpdate(
      sequelize,
      `UPDATE orders SET shipping_upload_status = :status, shipping_upload_error = :error,
         shipping_uploaded_at = :at, updated_at = :now WHERE id = :id AND shipping_upload_status IN ('pending', 'failed')`,
      {
        id: orderId,
        now: sqlTime(sequelize, clock.now()),
        status,
        error: error?.slice(0, 500) ?? null,
        at: status === 'uploaded' ? sqlTime(sequelize, clock.now()) : null,
      },
    );
  }

  async function upload(orderId: number): Promise<void> {
    const order = await Order.findByPk(orderId);
    if (!order || !['pending', 'failed'].includes(order.shippingUploadStatus)) return;
    if (!order.transactionId) {
      await record(orderId, 'failed', 'no WeChat Pay transaction id on the order');
      return;
    }
    const lines = await OrderLine.findAll({ where: { orderId } });
    const packages = await OrderPackage.findAll({ where: { orderId }, order: [['id', 'ASC']] });
    const packageLines = await OrderPackageLine.findAll({ where: { orderId } });
    const info = buildShippingInfo({
      kind: order.kind,
      transactionId: order.transactionId,
      payerOpenid: await openidOf(Number(order.shopperId)),
      lineTitles: new Map(lines.map((l) => [Number(l.id), l.title])),
      packages: packages.map((p) => ({
        carrier: p.carrier,
        trackingNo: p.trackingNo,
        lineIds: packageLines
          .filter((pl) => Number(pl.packageId) === Number(p.id))
          .map((pl) => Number(pl.orderLineId)),
      })),
      address: order.addressJson ? (JSON.parse(order.addressJson) as AddressSnapshot) : null,
      now: clock.now(),
      timezone: config.shopTimezone,
    });
    try {
      await wechat.uploadShippingInfo(info);
    } catch (e) {
      if (wechatErrcodeOf(e) === ALREADY_SHIPPED) {
        await record(orderId, 'uploaded', null);
        return;
      }
      await record(orderId, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    }
    await record(orderId, 'uploaded', null);
  }

  const handler: JobHandler = async (job) => upload(Number((job.data as { orderId: number }).orderId));

  /**
   * Re-queues uploads whose job was lost (the process stopped between commit and queueing) or that failed
   * every attempt (WeChat down for a while): pending ones after 10 minutes, failed ones every hour.
   */
  async function sweep(now: Date): Promise<number> {
    const stuck = await Order.findAll({
      attributes: ['id'],
      where: {
        [Op.or]: [
          { shippingUploadStatus: 'pending', updatedAt: { [Op.lte]: new Date(now.getTime() - 10 * 60_000) } },
          { shippingUploadStatus: 'failed', updatedAt: { [Op.lte]: new Date(now.getTime() - 60 * 60_000) } },
        ],
      },
      limit: 500,
    });
    for (const o of stuck) {
      await guardedUpdate(sequelize, 'UPDATE orders SET updated_at = :now WHERE id = :id', {
        id: Number(o.id),
        now: sqlTime(sequelize, now),
      });
      await enqueue(Number(o.id));
    }
    return stuck.length;
  }

  return { schedule, upload, handler, sweep, enqueue };
}

export type ShippingUpload = ReturnType<typeof createShippingUpload>;
