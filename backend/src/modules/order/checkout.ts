import { Op } from 'sequelize';
import { AppError } from '../../platform/errors';
import { isUniqueViolation, withTransaction } from '../../platform/db/tx';
import type { ActiveCampaign, CouponOffer, PricedCart, PricedLine } from '../marketing';
import { addMinutes, emitOrderEvent, logOrder, type OrderContext, type RequestMeta } from './context';
import type { CartService } from './cart';
import type { Lifecycle } from './lifecycle';
import { Order, OrderAdjustment, OrderLine } from './models';
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
  /** coupon instances to use; absent: the best one is chosen; []: none */
  couponIds?: number[];
  /** points to spend, or 'max'; absent: none */
  points?: number | 'max';
  /** bought through an activity (flash sale, group buy…): its tool prices the lines and sets the timeout */
  activity?: { kind: string; context: unknown };
}

export interface Quote {
  source: 'cart' | 'direct';
  kind: ProductKind;
  address: AddressSnapshot | null;
  /** bought lines, then the gift lines pricing added */
  lines: { sku: SkuSnapshot; quantity: number; priced: PricedLine }[];
  priced: PricedCart;
  /** the campaigns pricing saw (the order counts the uses of those that applied) */
  campaigns: ActiveCampaign[];
  coupons: CouponOffer[];
  /** the activity's unpaid timeout; null: the shop's */
  unpaidTimeoutMinutes: number | null;
  /** false when goods ship but no address was given (a preview): the freight is not in the amounts yet */
  freightQuoted: boolean;
}

/**
 * Checkout: the quote (lines at today's prices, every adjustment of the pricing engine, freight, points, the
 * amount to pay) and order creation. Creation is idempotent by the `Idempotency-Key` of the shopper (a unique
 * index): the same key and the same body (canonical JSON, sha256) answer the order it made; the same key with
 * another body is a conflict. Everything an order takes (stock per line, campaign uses, coupons, points) is
 * taken in the order's transaction: anything refused and nothing is taken.
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
  const { platform, catalog, accounts, payment, pricing } = ctx;
  const { sequelize, clock, risk, config } = platform;

  /** A shopper is new until an order of theirs was paid (audience "new"). */
  async function isNew(shopperId: number) {
    const paid = await Order.findOne({
      where: { shopperId, paidAt: { [Op.ne]: null } },
      attributes: ['id'],
    });
    return paid === null;
  }

  /**
   * `preview` may leave out the address of goods that ship: the cart explains its discounts before the shopper
   * picks an address, and the freight is quoted at checkout. An order always needs one.
   */
  async function quote(shopperId: number, input: CheckoutInput, preview = false): Promise<Quote> {
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
    const freightQuoted = !physical.length || input.addressId !== undefined;
    if (!freightQuoted && !preview) throw new AppError('ADDRESS_REQUIRED', 'Choose a delivery address');
    if (physical.length && freightQuoted) {
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
    const { priced, campaigns, coupons, unpaidTimeoutMinutes } = await pricing.price({
      shopperId,
      isNew: await isNew(shopperId),
      lines: lines.map((l) => ({
        skuId: l.sku.skuId,
        productId: l.sku.productId,
        categoryIds: l.sku.categoryIds,
        kind: l.sku.kind,
        price: l.sku.price,
        quantity: l.quantity,
      })),
      freight: {
        amount: freight,
        province: address?.province ?? null,
        ships: physical.length > 0 && freightQuoted,
      },
      couponSelection: input.couponIds ?? 'auto',
      points: input.points ?? 0,
      ...(input.activity ? { activity: input.activity } : {}),
    });
    const gifts = priced.lines.filter((l) => l.isGift);
    const giftSkus = gifts.length ? await catalog.getSkus(gifts.map((g) => g.skuId)) : [];
    const snapshotOf = new Map([...giftSkus, ...skus].map((s) => [Number(s.skuId), s]));
    return {
      source,
      kind,
      address,
      lines: priced.lines.flatMap((p) => {
        const sku = snapshotOf.get(p.skuId);
        return sku ? [{ sku, quantity: p.quantity, priced: p }] : [];
      }),
      priced,
      campaigns,
      coupons,
      unpaidTimeoutMinutes,
      freightQuoted,
    };
  }

  async function preview(shopperId: number, input: CheckoutInput) {
    const q = await quote(shopperId, input, true);
    const p = q.priced;
    const offerOf = new Map(q.coupons.map((c) => [c.instanceId, c]));
    return {
      kind: q.kind,
      address: q.address,
      freightQuoted: q.freightQuoted,
      listAmount: p.listAmount,
      goodsAmount: p.goodsAmount,
      discountAmount: p.discountAmount,
      freightBase: p.freightBase,
      freightDiscount: p.freightDiscount,
      freightAmount: p.freightAmount,
      pointsUsed: p.pointsUsed,
      pointsAmount: p.pointsAmount,
      payAmount: p.payAmount,
      lines: q.lines.map((l) => ({
        skuId: l.sku.skuId,
        productId: l.sku.productId,
        title: l.sku.productTitle,
        specText: l.sku.specText,
        image: l.sku.image,
        kind: l.sku.kind,
        isGift: l.priced.isGift,
        listPrice: l.priced.basePrice,
        unitPrice: l.priced.unitPrice,
        unitSource: l.priced.unitSource,
        quantity: l.quantity,
        goodsAmount: l.priced.goodsAmount,
        discount: l.priced.discountAmount,
        pointsAmount: l.priced.pointsAmount,
        payAmount: l.priced.payAmount,
      })),
      adjustments: p.adjustments.map((a) => ({
        sourceType: a.source.type,
        sourceId: a.source.id,
        kind: a.source.kind,
        name: a.source.name,
        stage: a.stage,
        target: a.target,
        amount: a.amount,
        pointsUsed: a.pointsUsed ?? null,
      })),
      coupons: p.coupons.flatMap((v) => {
        const offer = offerOf.get(v.instanceId);
        return offer
          ? [
              {
                ...v,
                name: offer.name,
                kind: offer.kind,
                threshold: offer.threshold,
                amountOff: offer.amountOff,
                discountPermille: offer.discountPermille,
                validTo: offer.validTo.toISOString(),
              },
            ]
          : [];
      }),
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
    // a coupon the shopper chose that cannot be used is an error, not a silently higher price
    const refused = q.priced.coupons.find((c) => input.couponIds?.includes(c.instanceId) && !c.selected);
    if (refused) {
      throw new AppError('COUPON_UNAVAILABLE', `Coupon ${refused.instanceId} cannot be used on this order`, {
        instanceId: refused.instanceId,
        reason: refused.reason,
      });
    }
    const unknown = input.couponIds?.find((id) => !q.priced.coupons.some((c) => c.instanceId === id));
    if (unknown !== undefined) {
      throw new AppError('COUPON_UNAVAILABLE', `Coupon ${unknown} is not yours or not unused`, {
        instanceId: unknown,
      });
    }
    // a SKU bought and given as a gift is reserved once for both
    const units = new Map<number, number>();
    for (const l of q.lines) units.set(l.sku.skuId, (units.get(l.sku.skuId) ?? 0) + l.quantity);
    const reservations = [...units].sort((a, b) => a[0] - b[0]);
    await pricing.prepare(shopperId, q.priced, q.campaigns);

    for (let attempt = 0; ; attempt++) {
      try {
        const orderId = await withTransaction(sequelize, async (tx) => {
          // in SKU order, so that two orders never wait on each other's stock rows
          for (const [skuId, quantity] of reservations) {
            if (!(await catalog.reserveStock(tx, skuId, quantity))) {
              throw new AppError('SOLD_OUT', 'Not enough stock', { skuId, skuIds: [skuId] });
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
              listAmount: q.priced.listAmount,
              goodsAmount: q.priced.goodsAmount,
              discountAmount: q.priced.discountAmount,
              freightAmount: q.priced.freightAmount,
              freightDiscount: q.priced.freightDiscount,
              pointsUsed: q.priced.pointsUsed,
              pointsAmount: q.priced.pointsAmount,
              payAmount: q.priced.payAmount,
              unitCount: q.lines.reduce((a, l) => a + l.quantity, 0),
              addressJson: q.address ? JSON.stringify(q.address) : null,
              remark: input.remark ?? null,
              idempotencyKey: key,
              requestHash: hash,
              riskHeld: verdict.decision === 'hold',
              expiresAt: addMinutes(now, q.unpaidTimeoutMinutes ?? settings.unpaidTimeoutMinutes),
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
              listPrice: l.priced.basePrice,
              unitPrice: l.priced.unitPrice,
              costPrice: l.sku.costPrice,
              quantity: l.quantity,
              weightGrams: l.sku.weightGrams,
              freightTemplateId: l.sku.freightTemplateId,
              goodsAmount: l.priced.goodsAmount,
              discountAmount: l.priced.discountAmount,
              pointsAmount: l.priced.pointsAmount,
              payAmount: l.priced.payAmount,
              giftCampaignId: l.priced.giftCampaignId,
            })),
            { transaction: tx },
          );
          // read back: ids of a multi-row insert are not reliably consecutive on every MySQL setting
          const lineRows = await OrderLine.findAll({
            where: { orderId },
            order: [['id', 'ASC']],
            transaction: tx,
          });
          // the engine's line keys: a bought SKU's id, a gift's `gift:<campaign>:<sku>`
          const lineIdByKey = new Map(
            lineRows.map((r) => [
              r.giftCampaignId ? `gift:${r.giftCampaignId}:${r.skuId}` : String(r.skuId),
              Number(r.id),
            ]),
          );
          const lineIdOf = (key: string) => {
            const lineId = lineIdByKey.get(key);
            if (lineId === undefined) throw new Error(`no order line for priced line ${key}`);
            return lineId;
          };
          await OrderAdjustment.bulkCreate(
            q.priced.adjustments.flatMap((a) => {
              const row = {
                orderId,
                orderLineId: null as number | null,
                sourceType: a.source.type,
                sourceId: a.source.id,
                kind: a.source.kind,
                name: a.source.name,
                stage: a.stage,
                target: a.target,
                pointsUsed: a.pointsUsed ?? null,
              };
              return a.lines.length
                ? a.lines.map((l) => ({
                    ...row,
                    orderLineId: lineIdOf(l.key) as number | null,
                    amount: l.amount,
                  }))
                : [{ ...row, amount: a.amount }];
            }),
            { transaction: tx },
          );
          await pricing.commit(tx, {
            orderId,
            shopperId,
            priced: q.priced,
            campaigns: q.campaigns,
            lineIdOf,
          });
          if (q.source === 'cart') {
            await deps.cart.removeBought(
              tx,
              shopperId,
              q.lines.filter((l) => !l.priced.isGift).map((l) => l.sku.skuId),
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
            payAmount: q.priced.payAmount,
            lines: lineRows.map((l) => ({
              orderLineId: Number(l.id),
              quantity: l.quantity,
              amount: Number(l.payAmount),
            })),
          });
          // nothing to pay (RULES §0): paid at creation, no payment
          if (q.priced.payAmount === 0) await deps.lifecycle.markPaid(tx, orderId, { paidAt: now });
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
