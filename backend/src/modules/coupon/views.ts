import type { z } from 'zod';
import type { CouponOffer, Scope, UsableWindow } from '../marketing/engine/types';
import type { Channel, CouponInstance, CouponTemplate } from './models';
import type * as s from './schemas';
import { daysLeft } from './validity';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** BOOLEAN reads as 0/1 on both dialects through raw queries, as true/false through models */
const bool = (v: unknown) => v === true || v === 1 || v === '1';

export function scopeOf(t: CouponTemplate): Scope {
  return {
    mode: t.scopeMode,
    productIds: JSON.parse(t.scopeProductIds) as number[],
    categoryIds: JSON.parse(t.scopeCategoryIds) as number[],
  };
}

export const windowsOf = (t: CouponTemplate) => JSON.parse(t.windowsJson) as UsableWindow[];
export const channelsOf = (t: CouponTemplate) => JSON.parse(t.channelsJson) as Channel[];

export function validityOf(t: CouponTemplate): z.infer<typeof s.validity> {
  return t.validityType === 'absolute'
    ? { type: 'absolute', from: iso(t.validFrom)!, to: iso(t.validTo)! }
    : { type: 'relative', days: num(t.validDays) };
}

export function templateView(t: CouponTemplate): s.TemplateView {
  return {
    id: num(t.id),
    name: t.name,
    description: t.description,
    kind: t.kind,
    threshold: num(t.threshold),
    amountOff: num(t.amountOff),
    discountPermille: num(t.discountPermille),
    maxDiscount: numOrNull(t.maxDiscount),
    scope: scopeOf(t),
    validity: validityOf(t),
    windows: windowsOf(t),
    totalQuantity: numOrNull(t.totalQuantity),
    remaining: numOrNull(t.remaining),
    issuedCount: num(t.issuedCount),
    perUserLimit: num(t.perUserLimit),
    channels: channelsOf(t),
    stackable: bool(t.stackable),
    allowActivityLines: bool(t.allowActivityLines),
    returnOnRefund: bool(t.returnOnRefund),
    status: t.status,
    claimStartsAt: iso(t.claimStartsAt),
    claimEndsAt: iso(t.claimEndsAt),
    createdAt: iso(t.createdAt)!,
    updatedAt: iso(t.updatedAt)!,
  };
}

/** The terms a shopper sees and the engine prices with. */
function terms(t: CouponTemplate) {
  return {
    templateId: num(t.id),
    name: t.name,
    description: t.description,
    kind: t.kind,
    threshold: num(t.threshold),
    amountOff: num(t.amountOff),
    discountPermille: num(t.discountPermille),
    maxDiscount: numOrNull(t.maxDiscount),
    scope: scopeOf(t),
    windows: windowsOf(t),
    stackable: bool(t.stackable),
  };
}

export function offerOf(i: CouponInstance, t: CouponTemplate): CouponOffer {
  return {
    instanceId: num(i.id),
    templateId: num(t.id),
    name: t.name,
    kind: t.kind,
    threshold: num(t.threshold),
    amountOff: num(t.amountOff),
    discountPermille: num(t.discountPermille),
    maxDiscount: numOrNull(t.maxDiscount),
    scope: scopeOf(t),
    validFrom: new Date(i.validFrom),
    validTo: new Date(i.validTo),
    windows: windowsOf(t),
    stackable: bool(t.stackable),
    allowActivityLines: bool(t.allowActivityLines),
  };
}

export function myCouponView(
  i: CouponInstance,
  t: CouponTemplate,
  now: Date,
  timezone: string,
): z.infer<typeof s.myCoupon> {
  const validTo = new Date(i.validTo);
  const over = validTo.getTime() <= now.getTime();
  return {
    ...terms(t),
    id: num(i.id),
    // an unused coupon past its end is shown as expired before the expiry job gets to it
    status: i.status === 'unused' && over ? 'expired' : i.status,
    channel: i.channel,
    validFrom: iso(i.validFrom)!,
    validTo: iso(i.validTo)!,
    daysLeft: daysLeft(validTo, now, timezone),
    notStarted: new Date(i.validFrom).getTime() > now.getTime(),
    orderId: i.status === 'used' || i.status === 'locked' ? numOrNull(i.orderId) : null,
    usedAt: i.status === 'used' ? iso(i.usedAt) : null,
    claimedAt: iso(i.createdAt)!,
  };
}

export function centerItemView(t: CouponTemplate, claimed: number): z.infer<typeof s.centerItem> {
  const remaining = numOrNull(t.remaining);
  const limit = num(t.perUserLimit);
  return {
    ...terms(t),
    validity: validityOf(t),
    perUserLimit: limit,
    claimed,
    state: claimed >= limit ? 'claimed_max' : remaining === 0 ? 'sold_out' : 'available',
    totalQuantity: numOrNull(t.totalQuantity),
    remaining,
    claimEndsAt: iso(t.claimEndsAt),
  };
}
