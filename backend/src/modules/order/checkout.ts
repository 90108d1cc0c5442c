import { AppError } from '../../platform/errors';
import { isUniqueViolation, withTransaction } from '../../platform/db/tx';
import { addMinutes, emitOrderEvent, logOrder, type OrderContext, type RequestMeta } from './context';
import { orderTotals, priceLines, type OrderTotals, type PricedLine } from './amounts';
import type { CartService } from './cart';
import type { Lifecycle } from './lifecycle';
import { Order, OrderLine } from './models';
import { canonicalHash, newNumber } from './numbers';
import type { AddressSnapshot, ProductKind, SkuSnapshot } from './ports';
import { mergeItems, orderKindOf } from './rules';
import type { OrderSettingsService } from './settings';

export interface CheckoutInput {
  /** direct buy; absent: the cart's selected lines */
  items?: { skuId: number; quantity: number }[];
  /** required when a line ships */
  addressId?: number;
  remark?: string;
}

export interface Quote {
  source: 'cart' | 'direct';
  kind: ProductKind;
  address: AddressSnapshot | null;
  lines: { sku: SkuSnapshot; quantity: number; priced: PricedLine }[];
  totals: OrderTotals;
}

/**
 * Checkout: the quote (lines at today's prices, freight, discount, pay amount) and order creation. Creation
 * is idempotent by the `Idempotency-Key` of the shopper (a unique index): the same key and the same body
 * (canonical JSON, sha256) answer the order it made; the same key with another body is a conflict.
 * Everything an order locks (stock per line) is taken in the order's transaction: any line short and
 * nothing is taken.
 */
export function createCheckout(
  ctx: OrderContext,
  deps: {
    cart: CartService;
    settings: OrderSettingsService;
    lifecycle: Lifecycle;
    openidOf: (shopperId: number) => Promise<string>;
  },
) {
  const { platform, catalog, accounts, payment } = ctx;
  const { sequelize, clock, risk, config } = platform;

  async function quote(shopperId: number, input: CheckoutInput): Promise<Quote> {
    const source = input.items ? 'direct' : 'cart';
    const items = mergeItems(input.items ?? (await deps.cart.selectedItems(shopperId)));
    if (!items.length) throw new AppError('CART_EMPTY', 'Nothing selected to order');
    const skus = await catalog.getSkus(items.map((i) => i.skuId));
    const bySku = new Map(skus.map((s) => [Number(s.skuId), s]));
    const unavailable = items.filter((i) => !bySku.get(i.skuId)?.onSale).map((i) => i.skuId);
    if (unavailable.length) {
      throw new AppError('PRODUCT_UNAVAILABLE', 'Some products are not on sale', { skuIds: unavailable });
    }
    const lines = items.map((i) => ({ sku: bySku.get(i.skuId)!, quantity: i.quantity }));
    const short = lines.filter((l) => l.sku.stock < l.quantity).map((l) => l.sku.skuId);
    if (short.length) throw new AppError('SOLD_OUT', 'Not enough stock', { skuIds: short, skuId: short[0] });
    const kind = orderKindOf(lines.map((l) => l.sku.kind));

    let address: AddressSnapshot | null = null;
    let freight = 0;
    const physical = lines.filter((l) => l.sku.kind === 'physical');
    if (physical.length) {
      if (input.addressId === undefined) throw new AppError('ADDRESS_REQUIRED', 'Choose a delivery address');
      if (!accounts.getAddress) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Addresses are not available');
      address = await accounts.getAddress(shopperId, input.addressId);
      const q = await catalog.quoteFreight({
        province: address.province,
        lines: physical.map((l) => ({
          freightTemplateId: l.sku.freightTemplateId,
          quantity: l.quantity,
          weightGrams: l.sku.weightGrams,
          amount: l.sku.price * l.quantity,
          kind: l.sku.kind,
        })),
      });
      if (q.undeliverable) {
        const skuIds = (q.undeliverableLines ?? []).map((i) => physical[i]?.sku.skuId).filter(Boolean);
        throw new AppError('REGION_NOT_DELIVERABLE', 'Some goods are not delivered to this address', {
          province: address.province,
          skuIds,
        });
      }
      freight = q.freight;
    }
    // the pricing engine (issue 5) supplies the order discount; none yet
    const priced = priceLines(
      lines.map((l) => ({ unitPrice: l.sku.price, quantity: l.quantity })),
      0,
    );
    return {
      source,
      kind,
      address,
      lines: lines.map((l, i) => ({ ...l, priced: priced[i] })),
      totals: orderTotals(priced, freight),
    };
  }

  async function preview(shopperId: number, input: CheckoutInput) {
    const q = await quote(shopperId, input);
    return {
      kind: q.kind,
      address: q.address,
      ...q.totals,
      lines: q.lines.map((l) => ({
        skuId: l.sku.skuId,
        productId: l.sku.productId,
        title: l.sku.productTitle,
        specText: l.sku.specText,
        image: l.sku.image,
        kind: l.sku.kind,
        unitPrice: l.sku.price,
        quantity: l.quantity,
        ...l.priced,
      })),
    };
  }

  /** The order an idempotency key already made, if any; a conflict when the body differs. */
  async function replay(shopperId: number, key: string, hash: string) {
    const existing = await Order.findOne({ where: { shopperId, idempotencyKey: key } });
    if (!existing) return undefined;
    if (existing.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used for another order request', {
        orderId: Number(existing.id),
      });
    }
    return Number(existing.id);
  }

  /** Returns the order id and whether this call created it (false: the key's earlier order). */
  async function create(
    shopperId: number,
    key: string,
    input: CheckoutInput,
    meta: RequestMeta,
  ): Promise<{ orderId: number; created: boolean }> {
    const hash = canonicalHash(input);
    const earlier = await replay(shopperId, key, hash);
    if (earlier !== undefined) return { orderId: earlier, created: false };

    const verdict = await risk.check('order', { shopperId, ip: meta.ip });
    const q = await quote(shopperId, input);
    const settings = await deps.settings.get();
    const lines = [...q.lines].sort((a, b) => a.sku.skuId - b.sku.skuId);

    for (let attempt = 0; ; attempt++) {
      try {
        const orderId = await withTransaction(sequelize, async (tx) => {
          // in SKU order, so that two orders never wait on each other's stock rows
          for (const l of lines) {
            if (!(await catalog.reserveStock(tx, l.sku.skuId, l.quantity))) {
              throw new AppError('SOLD_OUT', 'Not enough stock', {
                skuId: l.sku.skuId,
                skuIds: [l.sku.skuId],
              });
            }
          }
          const now = clock.now();
          const order = await Order.create(
            {
              orderNo: newNumber(now, config.shopTimezone),
              shopperId,
              kind: q.kind,
              status: 'pending_payment',
              source: q.source,
              ...q.totals,
              unitCount: lines.reduce((a, l) => a + l.quantity, 0),
              addressJson: q.address ? JSON.stringify(q.address) : null,
              remark: input.remark ?? null,
              idempotencyKey: key,
              requestHash: hash,
              riskHeld: verdict.decision === 'hold',
              expiresAt: addMinutes(now, settings.unpaidTimeoutMinutes),
            },
            { transaction: tx },
          );
          const orderId = Number(order.id);
          await OrderLine.bulkCreate(
            q.lines.map((l) => ({
              orderId,
              skuId: l.sku.skuId,
              productId: l.sku.productId,
              kind: l.sku.kind,
              title: l.sku.productTitle,
              specText: l.sku.specText,
              specsJson: l.sku.specs === undefined ? null : JSON.stringify(l.sku.specs),
              image: l.sku.image,
              unitPrice: l.sku.price,
              costPrice: l.sku.costPrice,
              quantity: l.quantity,
              weightGrams: l.sku.weightGrams,
              freightTemplateId: l.sku.freightTemplateId,
              goodsAmount: l.priced.goodsAmount,
              discountAmount: l.priced.discount,
              payAmount: l.priced.payAmount,
            })),
            { transaction: tx },
          );
          // read back: ids of a multi-row insert are not reliably consecutive on every MySQL setting
          const lineRows = await OrderLine.findAll({
            where: { orderId },
            order: [['id', 'ASC']],
            transaction: tx,
          });
          if (q.source === 'cart') {
            await deps.cart.removeBought(
              tx,
              shopperId,
              lines.map((l) => l.sku.skuId),
            );
          }
          await logOrder(ctx, tx, orderId, {
            action: 'place',
            toStatus: 'pending_payment',
            actor: { kind: 'shopper', id: shopperId },
          });
          await emitOrderEvent(ctx, tx, 'order.placed', {
            orderId,
            orderNo: order.orderNo,
            shopperId,
            kind: q.kind,
            payAmount: q.totals.payAmount,
            lines: lineRows.map((l) => ({
              orderLineId: Number(l.id),
              quantity: l.quantity,
              amount: Number(l.payAmount),
            })),
          });
          // nothing to pay (RULES §0): paid at creation, no payment
          if (q.totals.payAmount === 0) await deps.lifecycle.markPaid(tx, orderId, { paidAt: now });
          return orderId;
        });
        return { orderId, created: true };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // the same key raced in from a second request: answer like a replay
        const raced = await replay(shopperId, key, hash);
        if (raced !== undefined) return { orderId: raced, created: false };
        // otherwise the random order number collided: draw again
        if (attempt >= 3) throw e;
      }
    }
  }

  /** Starts (or restarts) the provider payment of a pending order and answers what the app pays with. */
  async function pay(shopperId: number, orderId: number) {
    const order = await deps.lifecycle.findOwned(orderId, shopperId);
    if (order.status !== 'pending_payment') {
      throw new AppError('ORDER_NOT_PAYABLE', `The order is ${order.status}`, { status: order.status });
    }
    if (order.expiresAt.getTime() <= clock.now().getTime()) {
      throw new AppError('ORDER_NOT_PAYABLE', 'The payment time of this order is over', {
        status: order.status,
      });
    }
    const lines = await OrderLine.findAll({ where: { orderId }, order: [['id', 'ASC']] });
    const title = lines[0]?.title ?? order.orderNo;
    const started = await payment.createPayment({
      orderId,
      orderNo: order.orderNo,
      amount: Number(order.payAmount),
      payerOpenid: await deps.openidOf(shopperId),
      description: (lines.length > 1 ? `${title} 等${lines.length}件` : title).slice(0, 120),
      expiresAt: order.expiresAt,
      shopperId,
    });
    await Order.update(
      { paymentId: started.paymentId, payProvider: started.provider },
      { where: { id: orderId, status: 'pending_payment' } },
    );
    return {
      orderId,
      paymentId: started.paymentId,
      provider: started.provider,
      payAmount: Number(order.payAmount),
      payParams: started.payParams,
    };
  }

  return { quote, preview, create, pay };
}

export type Checkout = ReturnType<typeof createCheckout>;
