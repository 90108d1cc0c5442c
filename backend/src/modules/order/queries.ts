import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import { Op, type WhereOptions } from 'sequelize';
import { AppError } from '../../platform/errors';
import { withTransaction } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import type { OrderContext, RequestMeta } from './context';
import { CSV_BOM, csvRow } from './csv';
import {
  AfterSale,
  Order,
  OrderInvoice,
  OrderAdjustment,
  OrderLine,
  OrderLog,
  OrderPackage,
  OrderPackageLine,
} from './models';
import type { AddressSnapshot } from './ports';
import type { AfterSaleStatus, OrderStatus } from './state';
import {
  adjustmentViews,
  afterSaleView,
  invoiceView,
  orderView,
  packageView,
  refundStatusOf,
  timelineView,
} from './views';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

export interface OrderFilter {
  page: number;
  pageSize: number;
  status?: OrderStatus[];
  kind?: string;
  orderNo?: string;
  shopperId?: number;
  from?: Date;
  to?: Date;
}

export interface AfterSaleFilter {
  page: number;
  pageSize: number;
  status?: AfterSaleStatus[];
  orderId?: number;
}

/** CSV export rows at most; the admin narrows the date range for more. */
export const EXPORT_MAX_ROWS = 50_000;

/** Reads: the shopper's orders (only their own: another shopper's id answers NOT_FOUND), the admin's lists. */
export function createQueries(ctx: OrderContext) {
  const { sequelize, audit, config } = ctx.platform;
  const photoUrl = (key: string) => ctx.platform.storage.url(key);

  function orderWhere(f: Omit<OrderFilter, 'page' | 'pageSize'>): WhereOptions<Order> {
    const created: Record<symbol, Date> = {};
    if (f.from) created[Op.gte] = f.from;
    if (f.to) created[Op.lt] = f.to;
    return {
      ...(f.status?.length ? { status: { [Op.in]: f.status } } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.orderNo ? { orderNo: f.orderNo } : {}),
      ...(f.shopperId !== undefined ? { shopperId: f.shopperId } : {}),
      ...(f.from || f.to ? { createdAt: created } : {}),
    } as WhereOptions<Order>;
  }

  async function linesOf(orderIds: number[]) {
    if (!orderIds.length) return new Map<number, OrderLine[]>();
    const lines = await OrderLine.findAll({
      where: { orderId: { [Op.in]: orderIds } },
      order: [['id', 'ASC']],
    });
    const byOrder = new Map<number, OrderLine[]>();
    for (const l of lines) byOrder.set(Number(l.orderId), [...(byOrder.get(Number(l.orderId)) ?? []), l]);
    return byOrder;
  }

  async function page(filter: OrderFilter, admin: boolean) {
    const { rows, count } = await Order.findAndCountAll({
      where: orderWhere(filter),
      order: [['id', 'DESC']],
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
    const lines = await linesOf(rows.map((o) => Number(o.id)));
    return {
      items: rows.map((o) => orderView(o, lines.get(Number(o.id)) ?? [], admin)),
      total: count,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  const listForShopper = (shopperId: number, filter: Omit<OrderFilter, 'shopperId'>) =>
    page({ page: filter.page, pageSize: filter.pageSize, status: filter.status, shopperId }, false);

  const listForAdmin = (filter: OrderFilter) => page(filter, true);

  async function detail(order: Order, admin: boolean) {
    const orderId = Number(order.id);
    const [lines, adjustments, packages, packageLines, logs, afterSales] = await Promise.all([
      OrderLine.findAll({ where: { orderId }, order: [['id', 'ASC']] }),
      OrderAdjustment.findAll({ where: { orderId }, order: [['id', 'ASC']] }),
      OrderPackage.findAll({ where: { orderId }, order: [['id', 'ASC']] }),
      OrderPackageLine.findAll({ where: { orderId } }),
      OrderLog.findAll({ where: { orderId }, order: [['id', 'ASC']] }),
      AfterSale.findAll({ where: { orderId }, order: [['id', 'ASC']] }),
    ]);
    return {
      ...orderView(order, lines, admin),
      adjustments: adjustmentViews(adjustments),
      packages: packages.map((p) => packageView(p, packageLines)),
      timeline: logs.map((l) => timelineView(l, admin)),
      afterSales: afterSales.map((a) => afterSaleView(a, photoUrl, { orderNo: order.orderNo })),
    };
  }

  async function detailForShopper(shopperId: number, orderId: number) {
    const order = await Order.findOne({ where: { id: orderId, shopperId } });
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    return detail(order, false);
  }

  async function detailForAdmin(orderId: number) {
    const order = await Order.findByPk(orderId);
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    return detail(order, true);
  }

  async function setRemark(actor: Principal, orderId: number, remark: string, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const order = await Order.findByPk(orderId, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!order) throw new AppError('NOT_FOUND', 'Order not found');
      const before = { merchantRemark: order.merchantRemark };
      await order.update({ merchantRemark: remark || null }, { transaction: tx });
      await audit.record(
        {
          actor,
          action: 'order.remark',
          subjectType: 'order',
          subjectId: orderId,
          before,
          after: { merchantRemark: order.merchantRemark },
          ...meta,
        },
        tx,
      );
    });
    return detailForAdmin(orderId);
  }

  async function afterSalePage(where: WhereOptions<AfterSale>, filter: AfterSaleFilter) {
    const { rows, count } = await AfterSale.findAndCountAll({
      where: {
        ...where,
        ...(filter.status?.length ? { status: { [Op.in]: filter.status } } : {}),
        ...(filter.orderId !== undefined ? { orderId: filter.orderId } : {}),
      } as WhereOptions<AfterSale>,
      order: [['id', 'DESC']],
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
    const orderIds = [...new Set(rows.map((a) => Number(a.orderId)))];
    const lineIds = [...new Set(rows.map((a) => Number(a.orderLineId)))];
    const [orders, lines] = await Promise.all([
      orderIds.length
        ? Order.findAll({ where: { id: { [Op.in]: orderIds } }, attributes: ['id', 'orderNo'] })
        : [],
      lineIds.length ? OrderLine.findAll({ where: { id: { [Op.in]: lineIds } } }) : [],
    ]);
    const orderNo = new Map(orders.map((o) => [Number(o.id), o.orderNo]));
    const lineById = new Map(lines.map((l) => [Number(l.id), l]));
    return {
      items: rows.map((a) =>
        afterSaleView(a, photoUrl, {
          orderNo: orderNo.get(Number(a.orderId)),
          line: lineById.get(Number(a.orderLineId)),
        }),
      ),
      total: count,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  const afterSalesForShopper = (shopperId: number, filter: AfterSaleFilter) =>
    afterSalePage({ shopperId }, filter);
  const afterSalesForAdmin = (filter: AfterSaleFilter) => afterSalePage({}, filter);

  async function afterSaleForShopper(shopperId: number, id: number) {
    const page1 = await afterSalePage({ shopperId, id }, { page: 1, pageSize: 1 });
    if (!page1.items.length) throw new AppError('NOT_FOUND', 'After-sale not found');
    return page1.items[0];
  }

  async function afterSaleForAdmin(id: number) {
    const page1 = await afterSalePage({ id }, { page: 1, pageSize: 1 });
    if (!page1.items.length) throw new AppError('NOT_FOUND', 'After-sale not found');
    return page1.items[0];
  }

  const shopTime = (d: Date | null) =>
    d ? dayjs(d).tz(config.shopTimezone).format('YYYY-MM-DD HH:mm:ss') : '';

  /** Orders as CSV (UTF-8 with BOM for Excel), one row per order, oldest first, in the shop's time zone. */
  async function exportCsv(filter: Omit<OrderFilter, 'page' | 'pageSize'>): Promise<string> {
    const header = [
      '订单号',
      '下单时间',
      '状态',
      '类型',
      '顾客ID',
      '商品金额(分)',
      '运费(分)',
      '优惠(分)',
      '实付(分)',
      '已退款(分)',
      '退款状态',
      '件数',
      '商品',
      '支付时间',
      '发货时间',
      '收货时间',
      '收货人',
      '收货电话',
      '收货地址',
      '买家备注',
      '商家备注',
    ];
    const out: string[] = [CSV_BOM, csvRow(header)];
    let after = 0;
    let rows = 0;
    while (rows < EXPORT_MAX_ROWS) {
      const batch = await Order.findAll({
        where: { ...orderWhere(filter), id: { [Op.gt]: after } } as WhereOptions<Order>,
        order: [['id', 'ASC']],
        limit: Math.min(1000, EXPORT_MAX_ROWS - rows),
      });
      if (!batch.length) break;
      const lines = await linesOf(batch.map((o) => Number(o.id)));
      for (const o of batch) {
        const a = o.addressJson ? (JSON.parse(o.addressJson) as AddressSnapshot) : null;
        out.push(
          csvRow([
            o.orderNo,
            shopTime(o.createdAt),
            o.status,
            o.kind,
            Number(o.shopperId),
            Number(o.goodsAmount),
            Number(o.freightAmount),
            Number(o.discountAmount),
            Number(o.payAmount),
            Number(o.refundedAmount),
            refundStatusOf(o),
            o.unitCount,
            (lines.get(Number(o.id)) ?? []).map((l) => `${l.title} ${l.specText} ×${l.quantity}`).join('; '),
            shopTime(o.paidAt),
            shopTime(o.shippedAt),
            shopTime(o.receivedAt),
            a?.name ?? '',
            a?.phone ?? '',
            a ? `${a.province}${a.city}${a.district}${a.detail}` : '',
            o.remark ?? '',
            o.merchantRemark ?? '',
          ]),
        );
      }
      rows += batch.length;
      after = Number(batch[batch.length - 1].id);
    }
    return out.join('');
  }

  /** The shopper's part of a data export: orders with lines, after-sales and invoice requests. */
  async function exportForShopper(shopperId: number) {
    const orders = await Order.findAll({ where: { shopperId }, order: [['id', 'ASC']] });
    const lines = await linesOf(orders.map((o) => Number(o.id)));
    const [afterSales, invoices] = await Promise.all([
      AfterSale.findAll({ where: { shopperId }, order: [['id', 'ASC']] }),
      OrderInvoice.findAll({ where: { shopperId }, order: [['id', 'ASC']] }),
    ]);
    return {
      orders: orders.map((o) => orderView(o, lines.get(Number(o.id)) ?? [], false)),
      afterSales: afterSales.map((a) => afterSaleView(a, photoUrl)),
      invoices: invoices.map((i) => invoiceView(i)),
    };
  }

  return {
    listForShopper,
    listForAdmin,
    detailForShopper,
    detailForAdmin,
    setRemark,
    afterSalesForShopper,
    afterSalesForAdmin,
    afterSaleForShopper,
    afterSaleForAdmin,
    exportCsv,
    exportForShopper,
  };
}

export type Queries = ReturnType<typeof createQueries>;
