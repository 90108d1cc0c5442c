import type { WhereOptions } from 'sequelize';
import { AppError } from '../../platform/errors';
import { isUniqueViolation, withTransaction } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import type { OrderContext, RequestMeta } from './context';
import { Order, OrderInvoice } from './models';
import { invoiceView } from './views';

export interface InvoiceRequest {
  type: 'personal' | 'company';
  title: string;
  /** 纳税人识别号, required for a company */
  taxId?: string;
  email: string;
}

const NOT_PAID = ['pending_payment', 'cancelled'];
export const INVOICE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Invoice requests (one per order, a unique index): the shopper asks on a paid order and may correct the
 * request until it is issued; the merchant issues by uploading the PDF (type sniffed from the bytes), which
 * the shopper downloads through the API, never from a public URL. A re-upload replaces the file.
 */
export function createInvoices(ctx: OrderContext) {
  const { sequelize, storage, audit, clock } = ctx.platform;

  async function ownOrder(shopperId: number, orderId: number) {
    const order = await Order.findOne({ where: { id: orderId, shopperId } });
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    return order;
  }

  async function request(shopperId: number, orderId: number, input: InvoiceRequest) {
    const order = await ownOrder(shopperId, orderId);
    if (NOT_PAID.includes(order.status)) {
      throw new AppError('BUSINESS_RULE', 'Invoices are for paid orders', { rule: 'invoice_needs_payment' });
    }
    if (input.type === 'company' && !input.taxId) {
      throw new AppError('VALIDATION_FAILED', 'A company invoice needs the tax id', [
        { path: 'taxId', message: 'required for a company invoice', code: 'custom' },
      ]);
    }
    const fields = {
      type: input.type,
      title: input.title,
      taxId: input.type === 'company' ? (input.taxId ?? null) : null,
      email: input.email,
      amount: Number(order.payAmount) - Number(order.refundedAmount),
    };
    const existing = await OrderInvoice.findOne({ where: { orderId } });
    if (existing) {
      if (existing.status === 'issued') throw new AppError('CONFLICT', 'The invoice was already issued');
      await existing.update(fields);
      return invoiceView(existing);
    }
    try {
      return invoiceView(await OrderInvoice.create({ orderId, shopperId, status: 'requested', ...fields }));
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', 'An invoice request for this order exists');
      throw e;
    }
  }

  async function getForShopper(shopperId: number, orderId: number) {
    await ownOrder(shopperId, orderId);
    const inv = await OrderInvoice.findOne({ where: { orderId, shopperId } });
    if (!inv) throw new AppError('NOT_FOUND', 'No invoice request for this order');
    return invoiceView(inv);
  }

  async function fileForShopper(shopperId: number, orderId: number) {
    const inv = await OrderInvoice.findOne({ where: { orderId, shopperId } });
    if (!inv?.fileKey) throw new AppError('NOT_FOUND', 'The invoice is not issued yet');
    return { bytes: await storage.get(inv.fileKey), filename: `invoice-${orderId}.pdf` };
  }

  async function fileForAdmin(id: number) {
    const inv = await OrderInvoice.findByPk(id);
    if (!inv?.fileKey) throw new AppError('NOT_FOUND', 'The invoice is not issued yet');
    return { bytes: await storage.get(inv.fileKey), filename: `invoice-${Number(inv.orderId)}.pdf` };
  }

  async function list(filter: {
    page: number;
    pageSize: number;
    status?: 'requested' | 'issued';
    orderNo?: string;
  }) {
    const where: WhereOptions<OrderInvoice> = filter.status ? { status: filter.status } : {};
    if (filter.orderNo) {
      const order = await Order.findOne({ where: { orderNo: filter.orderNo }, attributes: ['id'] });
      if (!order) return { items: [], total: 0, page: filter.page, pageSize: filter.pageSize };
      Object.assign(where, { orderId: Number(order.id) });
    }
    const { rows, count } = await OrderInvoice.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
    const orders = await Order.findAll({
      where: { id: [...new Set(rows.map((r) => Number(r.orderId)))] },
      attributes: ['id', 'orderNo'],
    });
    const orderNo = new Map(orders.map((o) => [Number(o.id), o.orderNo]));
    return {
      items: rows.map((r) => invoiceView(r, orderNo.get(Number(r.orderId)) ?? null)),
      total: count,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  /** The PDF is stored first (a refused file changes nothing), then the invoice row points at it. */
  async function issue(
    actor: Principal,
    id: number,
    pdf: Buffer,
    invoiceNo: string | null,
    meta: RequestMeta,
  ) {
    const inv = await OrderInvoice.findByPk(id);
    if (!inv) throw new AppError('NOT_FOUND', 'Invoice request not found');
    const stored = await storage.put({
      bytes: pdf,
      filename: `invoice-${id}.pdf`,
      folder: 'invoices',
      allowed: ['pdf'],
      maxBytes: INVOICE_MAX_BYTES,
    });
    return withTransaction(sequelize, async (tx) => {
      const row = (await OrderInvoice.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE }))!;
      const before = { status: row.status, fileKey: row.fileKey };
      await row.update(
        { status: 'issued', fileKey: stored.key, invoiceNo, issuedBy: actor.id, issuedAt: clock.now() },
        { transaction: tx },
      );
      await audit.record(
        {
          actor,
          action: 'invoice.issue',
          subjectType: 'order_invoice',
          subjectId: id,
          before,
          after: { status: 'issued', fileKey: stored.key, invoiceNo, size: stored.size },
          ...meta,
        },
        tx,
      );
      return invoiceView(row);
    });
  }

  return { request, getForShopper, fileForShopper, fileForAdmin, list, issue };
}

export type Invoices = ReturnType<typeof createInvoices>;
