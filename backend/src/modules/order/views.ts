import type { z } from 'zod';
import type {
  AfterSale,
  Order,
  OrderAdjustment,
  OrderInvoice,
  OrderLine,
  OrderLog,
  OrderPackage,
  OrderPackageLine,
} from './models';
import type { AddressSnapshot } from './ports';
import type * as s from './schemas';

export type LineView = z.infer<typeof s.lineView>;
export type OrderView = z.infer<typeof s.orderView>;
export type PackageView = z.infer<typeof s.packageView>;
export type TimelineEntry = z.infer<typeof s.timelineEntry>;
export type AfterSaleView = z.infer<typeof s.afterSaleView>;
export type InvoiceView = z.infer<typeof s.invoiceView>;
export type AdjustmentView = z.infer<typeof s.adjustmentView>;

/** What the API shows of the module's rows. `admin` adds what only the merchant sees (cost, remarks, upload). */

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const num = (v: unknown) => Number(v);

export type RefundStatus = 'none' | 'partial' | 'full';

export function refundStatusOf(order: Pick<Order, 'refundedAmount' | 'payAmount'>): RefundStatus {
  const refunded = num(order.refundedAmount);
  if (refunded <= 0) return 'none';
  return refunded >= num(order.payAmount) ? 'full' : 'partial';
}

export function lineView(l: OrderLine, admin: boolean): LineView {
  return {
    id: num(l.id),
    skuId: num(l.skuId),
    productId: num(l.productId),
    kind: l.kind,
    title: l.title,
    specText: l.specText,
    image: l.image,
    listPrice: num(l.listPrice),
    unitPrice: num(l.unitPrice),
    quantity: l.quantity,
    goodsAmount: num(l.goodsAmount),
    discountAmount: num(l.discountAmount),
    pointsAmount: num(l.pointsAmount),
    payAmount: num(l.payAmount),
    isGift: l.giftCampaignId !== null,
    shippedQuantity: num(l.shippedQuantity),
    cancelledQuantity: num(l.cancelledQuantity),
    aftersaleQuantity: num(l.aftersaleQuantity),
    refundedQuantity: num(l.refundedQuantity),
    refundedAmount: num(l.refundedAmount),
    ...(admin ? { costPrice: num(l.costPrice) } : {}),
  };
}

export function orderView(o: Order, lines: OrderLine[], admin: boolean): OrderView {
  return {
    id: num(o.id),
    orderNo: o.orderNo,
    kind: o.kind,
    status: o.status,
    source: o.source,
    goodsAmount: num(o.goodsAmount),
    freightAmount: num(o.freightAmount),
    discountAmount: num(o.discountAmount),
    payAmount: num(o.payAmount),
    listAmount: num(o.listAmount),
    freightDiscount: num(o.freightDiscount),
    pointsUsed: num(o.pointsUsed),
    pointsAmount: num(o.pointsAmount),
    refundedAmount: num(o.refundedAmount),
    refundStatus: refundStatusOf(o),
    unitCount: o.unitCount,
    remark: o.remark,
    address: o.addressJson ? (JSON.parse(o.addressJson) as AddressSnapshot) : null,
    createdAt: iso(o.createdAt)!,
    expiresAt: iso(o.expiresAt)!,
    paidAt: iso(o.paidAt),
    shippedAt: iso(o.shippedAt),
    receivedAt: iso(o.receivedAt),
    aftersaleUntil: iso(o.aftersaleUntil),
    completedAt: iso(o.completedAt),
    cancelledAt: iso(o.cancelledAt),
    cancelReason: o.cancelReason,
    // the shopper's app hands it to WeChat's confirm-receipt view
    transactionId: o.transactionId,
    lines: lines.map((l) => lineView(l, admin)),
    ...(admin
      ? {
          shopperId: num(o.shopperId),
          merchantRemark: o.merchantRemark,
          riskHeld: !!o.riskHeld,
          payProvider: o.payProvider,
          packageCount: num(o.packageCount),
          shippingUploadStatus: o.shippingUploadStatus,
          shippingUploadError: o.shippingUploadError,
          shippingUploadedAt: iso(o.shippingUploadedAt),
        }
      : {}),
  };
}

export function packageView(p: OrderPackage, lines: OrderPackageLine[]): PackageView {
  return {
    id: num(p.id),
    carrier: p.carrier,
    trackingNo: p.trackingNo,
    shippedAt: iso(p.shippedAt)!,
    lines: lines
      .filter((l) => num(l.packageId) === num(p.id))
      .map((l) => ({ orderLineId: num(l.orderLineId), quantity: l.quantity })),
  };
}

export function timelineView(l: OrderLog, admin: boolean): TimelineEntry {
  return {
    action: l.action,
    fromStatus: l.fromStatus,
    toStatus: l.toStatus,
    actorKind: l.actorKind,
    ...(admin ? { actorId: l.actorId === null ? null : num(l.actorId) } : {}),
    note: l.note,
    at: iso(l.createdAt)!,
  };
}

/** `photoUrl` turns a stored photo key into the address the apps load it from. */
export function afterSaleView(
  a: AfterSale,
  photoUrl: (key: string) => string,
  extra: { orderNo?: string; line?: OrderLine } = {},
): AfterSaleView {
  const photos = a.photosJson ? (JSON.parse(a.photosJson) as string[]) : [];
  return {
    id: num(a.id),
    afterSaleNo: a.afterSaleNo,
    orderId: num(a.orderId),
    orderNo: extra.orderNo ?? null,
    orderLineId: num(a.orderLineId),
    shopperId: num(a.shopperId),
    type: a.type,
    status: a.status,
    quantity: a.quantity,
    amount: num(a.amount),
    freightAmount: num(a.freightAmount),
    refundAmount: num(a.amount) + num(a.freightAmount),
    restockQuantity: num(a.restockQuantity),
    reason: a.reason,
    description: a.description,
    photos,
    photoUrls: photos.map(photoUrl),
    rejectReason: a.rejectReason,
    returnCarrier: a.returnCarrier,
    returnTrackingNo: a.returnTrackingNo,
    refundNo: a.refundNo,
    line: extra.line
      ? { title: extra.line.title, specText: extra.line.specText, image: extra.line.image }
      : null,
    requestedAt: iso(a.requestedAt)!,
    approvedAt: iso(a.approvedAt),
    returnedAt: iso(a.returnedAt),
    refundStartedAt: iso(a.refundStartedAt),
    refundedAt: iso(a.refundedAt),
    closedAt: iso(a.closedAt),
  };
}

export function invoiceView(i: OrderInvoice, orderNo: string | null = null): InvoiceView {
  return {
    id: num(i.id),
    orderId: num(i.orderId),
    orderNo,
    invoiceNo: i.invoiceNo,
    type: i.type,
    title: i.title,
    taxId: i.taxId,
    email: i.email,
    amount: num(i.amount),
    status: i.status,
    issuedAt: iso(i.issuedAt),
    requestedAt: iso(i.createdAt)!,
  };
}

/** The order's adjustments summed per source (they are stored per line). */
export function adjustmentViews(rows: OrderAdjustment[]): AdjustmentView[] {
  const bySource = new Map<string, AdjustmentView>();
  for (const r of rows) {
    const key = [r.sourceType, r.sourceId, r.kind, r.stage, r.target].join(':');
    const seen = bySource.get(key);
    if (seen) {
      seen.amount += num(r.amount);
      continue;
    }
    bySource.set(key, {
      sourceType: r.sourceType as AdjustmentView['sourceType'],
      sourceId: r.sourceId === null ? null : num(r.sourceId),
      kind: r.kind,
      name: r.name,
      stage: r.stage,
      target: r.target as AdjustmentView['target'],
      amount: num(r.amount),
      pointsUsed: r.pointsUsed === null ? null : num(r.pointsUsed),
    });
  }
  return [...bySource.values()];
}
