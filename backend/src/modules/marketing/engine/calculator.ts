import { allocate, applyPermille, type Fen } from '../../../platform/money';
import type { ToolRegistry } from './registry';
import { inWeeklyWindow, shopTime } from './time';
import type {
  ActivityPrice,
  Adjustment,
  AdjustmentSource,
  Audience,
  Campaign,
  CartView,
  CouponOffer,
  CouponRefusal,
  CouponVerdict,
  Effect,
  MarketingTool,
  PricedCart,
  PricedLine,
  PricingInput,
  Scope,
  ShopperFacts,
  Stage,
  ViewLine,
} from './types';

/**
 * The pure price calculator of RULES §2: unit prices → promotions → coupons → gifts → shipping → points.
 * No database, no clock, no I/O: the same input always gives the same (deep-equal) result, and the input is
 * never mutated. See README.md for the stages and the stacking rules.
 */

type UnitSource = PricedLine['unitSource'];

/** A line while it is being priced; it is handed to tools as a (read-only) ViewLine. */
interface WorkLine extends ViewLine {
  index: number;
  unitSource: UnitSource;
  /** who set the unit price (activity, member price, a unit-stage campaign); null = base price */
  unitOwner: AdjustmentSource | null;
  memberPriceAllowed: boolean;
  /** may take promotions (full reduction, buy N get M, member day, gift and free-shipping thresholds) */
  promo: boolean;
  discount: Fen;
  points: Fen;
  giftCampaignId: number | null;
  /** stamp: this line is in the view of the campaign being applied */
  mark: number;
}

interface GroupState {
  /** something of the group applied */
  any: boolean;
  /** an exclusive campaign of the group applied: nothing else of it may */
  locked: boolean;
}

interface LiveCampaign {
  campaign: Campaign;
  tool: MarketingTool;
  source: AdjustmentSource;
}

interface Run {
  input: PricingInput;
  lines: WorkLine[];
  byKey: Map<string, WorkLine>;
  /** stage-'unit' adjustments are built at the end of the unit stage and come first */
  adjustments: Adjustment[];
  groups: Map<string, GroupState>;
  applied: number[];
  gifts: WorkLine[];
  giftTaken: Map<number, number>;
  freightLeft: Fen;
  /** the free-shipping coupon chosen for the shipping stage, and what it saved there */
  freightCoupon: CouponOffer | null;
  freightCouponSaved: Fen;
  serial: number;
}

const COUPON_GROUP = 'default';
const STAGES: Stage[] = ['unit', 'promotion', 'gift', 'shipping'];

export function priceCart(input: PricingInput, registry: ToolRegistry): PricedCart {
  const run = startRun(input);
  const byStage = liveCampaigns(input, registry);

  unitStage(run, byStage.unit);
  for (const live of byStage.promotion) applyGoodsCampaign(run, live);
  const coupons = couponStage(run, byStage.gift, byStage.shipping);
  pointsStage(run);
  return finish(run, coupons);
}

// ───────────────────────────────────────────── setup

function startRun(input: PricingInput): Run {
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime()))
    throw new RangeError('now must be a valid date');
  const freight = input.freight.amount;
  if (!Number.isSafeInteger(freight) || freight < 0)
    throw new RangeError('freight must be a non-negative integer number of fen');
  const byKey = new Map<string, WorkLine>();
  const lines = input.lines.map((l, index): WorkLine => {
    if (byKey.has(l.key)) throw new RangeError(`duplicate cart line key ${l.key}`);
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0)
      throw new RangeError(`line ${l.key}: quantity must be a positive integer`);
    if (!Number.isSafeInteger(l.basePrice) || l.basePrice < 0)
      throw new RangeError(`line ${l.key}: basePrice must be a non-negative integer number of fen`);
    const activity = l.activity ? { ...l.activity } : null;
    if (activity && (!Number.isSafeInteger(activity.unitPrice) || activity.unitPrice < 0))
      throw new RangeError(`line ${l.key}: activity price must be a non-negative integer number of fen`);
    const amount = l.basePrice * l.quantity;
    if (!Number.isSafeInteger(amount)) throw new RangeError(`line ${l.key}: amount too large`);
    const line: WorkLine = {
      key: l.key,
      skuId: l.skuId,
      productId: l.productId,
      categoryIds: [...l.categoryIds],
      kind: l.kind,
      quantity: l.quantity,
      basePrice: l.basePrice,
      unitPrice: l.basePrice,
      amount,
      activity,
      isGift: false,
      index,
      unitSource: 'base',
      unitOwner: null,
      memberPriceAllowed: l.memberPriceAllowed !== false,
      promo: !activity || activity.allowPromotions,
      discount: 0,
      points: 0,
      giftCampaignId: null,
      mark: 0,
    };
    byKey.set(l.key, line);
    return line;
  });
  return {
    input,
    lines,
    byKey,
    adjustments: [],
    groups: new Map(),
    applied: [],
    gifts: [],
    giftTaken: new Map(),
    freightLeft: freight,
    freightCoupon: null,
    freightCouponSaved: 0,
    serial: 0,
  };
}

/** Campaigns whose tool is registered and that are open now, for this shopper, with uses left; in order. */
function liveCampaigns(input: PricingInput, registry: ToolRegistry): Record<Stage, LiveCampaign[]> {
  const nowMs = input.now.getTime();
  const out: Record<Stage, LiveCampaign[]> = { unit: [], promotion: [], gift: [], shipping: [] };
  for (const campaign of input.campaigns) {
    const tool = registry.get(campaign.kind);
    if (!tool) continue;
    if (campaign.startsAt && campaign.startsAt.getTime() > nowMs) continue;
    if (campaign.endsAt && campaign.endsAt.getTime() <= nowMs) continue;
    if (campaign.remainingUses !== null && campaign.remainingUses <= 0) continue;
    if (!audienceMatches(campaign.audience, input.shopper)) continue;
    out[tool.stage].push({
      campaign,
      tool,
      source: { type: 'campaign', id: campaign.id, kind: campaign.kind, name: campaign.name },
    });
  }
  for (const stage of STAGES)
    out[stage].sort(
      (a, b) =>
        a.tool.rank - b.tool.rank ||
        b.campaign.priority - a.campaign.priority ||
        a.campaign.id - b.campaign.id,
    );
  return out;
}

export function audienceMatches(audience: Audience, shopper: ShopperFacts): boolean {
  if (audience.bucket && shopper.buckets[audience.bucket.experiment] !== audience.bucket.variant)
    return false;
  switch (audience.type) {
    case 'all':
      return true;
    case 'new':
      return shopper.isNew;
    case 'levels':
      return shopper.levelId !== null && (audience.levelIds ?? []).includes(shopper.levelId);
    case 'paid_members':
      return shopper.paidMember;
    case 'tags':
      return (audience.tags ?? []).some((t) => shopper.tags.includes(t));
    default:
      return false;
  }
}

export function inScope(scope: Scope, line: { productId: number; categoryIds: readonly number[] }): boolean {
  if (scope.mode === 'all') return true;
  let listed = scope.productIds.includes(line.productId);
  if (!listed)
    for (const c of scope.categoryIds)
      if (line.categoryIds.includes(c)) {
        listed = true;
        break;
      }
  return scope.mode === 'include' ? listed : !listed;
}

function stackAllows(run: Run, group: string, exclusive: boolean): boolean {
  const g = run.groups.get(group);
  if (!g) return true;
  return exclusive ? !g.any : !g.locked;
}

function markApplied(run: Run, group: string, exclusive: boolean): void {
  let g = run.groups.get(group);
  if (!g) {
    g = { any: false, locked: false };
    run.groups.set(group, g);
  }
  g.any = true;
  if (exclusive) g.locked = true;
}

/** The lines a campaign may touch in `stage`, stamped so that its effect can be checked against them. */
function viewOf(run: Run, campaign: Campaign, stage: Stage): CartView {
  const stamp = ++run.serial;
  const lines: WorkLine[] = [];
  for (const l of run.lines) {
    const eligible = stage === 'unit' ? !l.activity : l.promo;
    if (eligible && inScope(campaign.scope, l)) {
      l.mark = stamp;
      lines.push(l);
    }
  }
  const input = run.input;
  return {
    lines,
    shopper: input.shopper,
    now: input.now,
    timezone: input.timezone,
    freight: input.freight,
    giftSkus: input.giftSkus,
  };
}

function checkFen(value: number, kind: string): Fen {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`marketing tool ${kind} returned an invalid amount ${value}`);
  return value;
}

// ───────────────────────────────────────────── stage 1: unit prices

function unitStage(run: Run, campaigns: LiveCampaign[]): void {
  const shopper = run.input.shopper;
  const levelPermille = shopper.levelDiscountPermille;
  const paidPermille = shopper.paidMember ? shopper.paidMemberDiscountPermille : null;
  const memberSource: AdjustmentSource = { type: 'member', id: null, kind: 'member_price', name: '会员价' };
  const paidSource: AdjustmentSource = {
    type: 'member',
    id: null,
    kind: 'paid_member_price',
    name: '付费会员价',
  };
  for (const l of run.lines) {
    if (l.activity) {
      setUnit(l, l.activity.unitPrice, 'activity', activitySource(l.activity));
      continue;
    }
    if (!l.memberPriceAllowed) continue;
    const level = levelPermille === null ? Infinity : applyPermille(l.basePrice, levelPermille);
    const paid = paidPermille === null ? Infinity : applyPermille(l.basePrice, paidPermille);
    // the lower of the two, never both; a tie goes to the level price
    if (level <= paid && level < l.unitPrice) setUnit(l, level, 'member_price', memberSource);
    else if (paid < level && paid < l.unitPrice) setUnit(l, paid, 'paid_member_price', paidSource);
  }

  for (const live of campaigns) {
    const { campaign, tool } = live;
    if (!stackAllows(run, campaign.stackGroup, campaign.exclusive)) continue;
    const view = viewOf(run, campaign, 'unit');
    if (view.lines.length === 0) continue;
    const effect = tool.apply(campaign, view);
    if (!effect || effect.type !== 'unit_price') continue;
    const stamp = run.serial;
    let took = false;
    for (const e of effect.lines) {
      const line = run.byKey.get(e.key);
      if (!line || line.mark !== stamp) continue;
      const price = checkFen(e.unitPrice, tool.kind);
      if (price < line.unitPrice) {
        setUnit(line, price, 'tiered_price', live.source);
        took = true;
      }
    }
    if (took) markApplied(run, campaign.stackGroup, campaign.exclusive);
  }

  // one adjustment per source that set a final unit price: (base − unit) × quantity per line
  const bySource = new Map<string, Adjustment>();
  const appliedUnit = new Set<number>();
  for (const l of run.lines) {
    const owner = l.unitOwner;
    if (!owner) continue;
    if (owner.type === 'campaign' && owner.id !== null) appliedUnit.add(owner.id);
    const saved = (l.basePrice - l.unitPrice) * l.quantity;
    if (saved <= 0) continue;
    const key = `${owner.type}:${owner.kind}:${owner.id ?? ''}`;
    let adj = bySource.get(key);
    if (!adj) {
      adj = { source: { ...owner }, stage: 'unit', target: 'unit', amount: 0, lines: [] };
      bySource.set(key, adj);
      run.adjustments.push(adj);
    }
    adj.amount += saved;
    adj.lines.push({ key: l.key, amount: saved });
  }
  // campaigns that still own a line's price, in the order they applied
  for (const live of campaigns) if (appliedUnit.has(live.campaign.id)) run.applied.push(live.campaign.id);
}

function activitySource(a: ActivityPrice): AdjustmentSource {
  return { type: 'activity', id: a.campaignId, kind: a.kind, name: a.name };
}

function setUnit(l: WorkLine, price: Fen, source: UnitSource, owner: AdjustmentSource): void {
  const amount = price * l.quantity;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`line ${l.key}: amount too large`);
  l.unitPrice = price;
  l.amount = amount;
  l.unitSource = source;
  l.unitOwner = owner;
}

// ───────────────────────────────────────────── stage 2: promotions

/** A promotion-stage campaign: re-tested on the amounts left, capped, allocated. */
function applyGoodsCampaign(run: Run, live: LiveCampaign): void {
  const { campaign, tool } = live;
  if (!stackAllows(run, campaign.stackGroup, campaign.exclusive)) return;
  const view = viewOf(run, campaign, 'promotion');
  if (view.lines.length === 0) return;
  const effect = tool.apply(campaign, view);
  if (!effect) return;
  const amount = applyGoodsEffect(run, live.source, effect, tool.kind);
  if (amount > 0) {
    markApplied(run, campaign.stackGroup, campaign.exclusive);
    run.applied.push(campaign.id);
  }
}

/** Applies a `discount` or `line_discounts` effect to the stamped lines; returns the amount taken off. */
function applyGoodsEffect(run: Run, source: AdjustmentSource, effect: Effect, kind: string): Fen {
  const stamp = run.serial;
  if (effect.type === 'discount') {
    const picked = ++run.serial; // second stamp: each line once
    const lines: WorkLine[] = [];
    let eligible = 0;
    for (const key of effect.over) {
      const l = run.byKey.get(key);
      if (!l || l.mark !== stamp) continue;
      l.mark = picked;
      lines.push(l);
      eligible += l.amount;
    }
    const amount = Math.min(checkFen(effect.amount, kind), eligible);
    if (amount <= 0) return 0;
    return discountLines(run, source, lines, amount);
  }
  if (effect.type === 'line_discounts') {
    const taken = new Map<WorkLine, Fen>();
    for (const e of effect.lines) {
      const l = run.byKey.get(e.key);
      if (!l || l.mark !== stamp) continue;
      const already = taken.get(l) ?? 0;
      const amount = Math.min(checkFen(e.amount, kind), l.amount - already);
      if (amount > 0) taken.set(l, already + amount);
    }
    let total = 0;
    const split: { key: string; amount: Fen }[] = [];
    for (const l of run.lines) {
      const amount = taken.get(l);
      if (!amount) continue;
      l.amount -= amount;
      l.discount += amount;
      total += amount;
      split.push({ key: l.key, amount });
    }
    if (total > 0)
      run.adjustments.push({
        source: { ...source },
        stage: 'promotion',
        target: 'goods',
        amount: total,
        lines: split,
      });
    return total;
  }
  return 0;
}

/** Splits `amount` (≤ the lines' current amounts) over `lines` by largest remainder on their amounts. */
function discountLines(run: Run, source: AdjustmentSource, lines: WorkLine[], amount: Fen): Fen {
  const parts = allocate(
    amount,
    lines.map((l) => l.amount),
  );
  const split: { key: string; amount: Fen }[] = [];
  lines.forEach((l, i) => {
    const part = parts[i];
    if (part === 0) return;
    l.amount -= part;
    l.discount += part;
    split.push({ key: l.key, amount: part });
  });
  for (let i = 1; i < lines.length; i++)
    if (lines[i].index < lines[i - 1].index) {
      split.sort((a, b) => run.byKey.get(a.key)!.index - run.byKey.get(b.key)!.index);
      break;
    }
  run.adjustments.push({ source: { ...source }, stage: 'promotion', target: 'goods', amount, lines: split });
  return amount;
}

// ───────────────────────────────────────────── coupons (RULES §3)

interface CouponCheck {
  reason: CouponRefusal | null;
  lines: WorkLine[];
  /** what it takes off the goods (0 for free shipping) */
  goods: Fen;
}

function couponSource(offer: CouponOffer): AdjustmentSource {
  return { type: 'coupon', id: offer.instanceId, kind: 'coupon', name: offer.name };
}

/** Whether a coupon is usable on the cart as priced so far, on which lines, and what it takes off. */
function checkCoupon(run: Run, offer: CouponOffer): CouponCheck {
  const input = run.input;
  const nowMs = input.now.getTime();
  const refuse = (reason: CouponRefusal): CouponCheck => ({ reason, lines: [], goods: 0 });
  if (nowMs < offer.validFrom.getTime()) return refuse('not_started');
  if (nowMs >= offer.validTo.getTime()) return refuse('expired');
  if (offer.windows.length > 0) {
    const time = shopTime(input.now, input.timezone);
    if (!offer.windows.some((w) => inWeeklyWindow(time, w))) return refuse('outside_window');
  }
  if (run.groups.get(COUPON_GROUP)?.locked) return refuse('exclusive_campaign');
  const lines: WorkLine[] = [];
  let eligible = 0;
  for (const l of run.lines) {
    if (l.activity && !(l.activity.allowCoupon && offer.allowActivityLines)) continue;
    if (!inScope(offer.scope, l)) continue;
    lines.push(l);
    eligible += l.amount;
  }
  if (lines.length === 0) return refuse('no_eligible_lines');
  if (eligible < offer.threshold) return refuse('below_threshold');
  if (offer.kind === 'free_shipping') {
    if (!input.freight.ships || input.freight.amount <= 0) return refuse('no_freight');
    return { reason: null, lines, goods: 0 };
  }
  let goods: Fen;
  if (offer.kind === 'amount_off') goods = Math.min(offer.amountOff, eligible);
  else {
    goods = eligible - applyPermille(eligible, offer.discountPermille);
    if (offer.maxDiscount !== null) goods = Math.min(goods, offer.maxDiscount);
  }
  if (!Number.isSafeInteger(goods)) throw new RangeError(`coupon ${offer.instanceId}: invalid amount`);
  // nothing left to take off on its lines
  if (goods <= 0) return refuse('no_eligible_lines');
  return { reason: null, lines, goods };
}

/** Puts a checked coupon on the cart: goods coupons now, a free-shipping coupon in the shipping stage. */
function useCoupon(run: Run, offer: CouponOffer, check: CouponCheck): void {
  markApplied(run, COUPON_GROUP, false);
  if (offer.kind === 'free_shipping') run.freightCoupon = offer;
  else discountLines(run, couponSource(offer), check.lines, check.goods);
}

/**
 * Verdicts for every offered coupon (alone on this cart), then the selection: the single best one in 'auto'
 * mode, or the chosen ones that are usable and may stack. Runs the gift and shipping stages (which follow the
 * coupons and may depend on them).
 */
function couponStage(run: Run, gifts: LiveCampaign[], shipping: LiveCampaign[]): CouponVerdict[] {
  const input = run.input;
  const offers = input.coupons;
  const tail = (r: Run) => {
    for (const live of gifts) applyGiftCampaign(r, live);
    shippingStage(r, shipping);
  };
  if (offers.length === 0) {
    tail(run);
    return [];
  }
  const checks = offers.map((o) => checkCoupon(run, o));
  const verdicts: CouponVerdict[] = offers.map((o, i) => ({
    instanceId: o.instanceId,
    usable: checks[i].reason === null,
    reason: checks[i].reason,
    discount: checks[i].goods,
    selected: false,
  }));

  // a coupon's effect on the freight (free shipping, or a goods coupon dropping the cart below a 满包邮
  // threshold) shows only after the gift and shipping stages: try each, then roll the run back
  const freeShippingOffered = offers.some((o, i) => o.kind === 'free_shipping' && checks[i].reason === null);
  const simulate =
    input.couponSelection === 'auto' ? shipping.length > 0 || freeShippingOffered : freeShippingOffered;
  let baseFreight = 0;
  const savepoint = simulate ? save(run) : null;
  if (savepoint) {
    tail(run);
    baseFreight = run.freightLeft;
    restore(run, savepoint);
  }
  const scores = offers.map((o, i) => {
    const check = checks[i];
    if (check.reason !== null) return 0;
    if (!savepoint || (o.kind !== 'free_shipping' && input.couponSelection !== 'auto')) return check.goods;
    useCoupon(run, o, check);
    tail(run);
    const saved = run.freightCouponSaved;
    const score = check.goods + baseFreight - run.freightLeft;
    restore(run, savepoint);
    if (o.kind === 'free_shipping') {
      verdicts[i].discount = saved;
      if (saved === 0) {
        verdicts[i].usable = false;
        verdicts[i].reason = 'no_freight';
      }
    }
    return score;
  });

  if (input.couponSelection === 'auto') {
    let best = -1;
    offers.forEach((o, i) => {
      if (!verdicts[i].usable || scores[i] <= 0) return;
      if (best < 0) {
        best = i;
        return;
      }
      const b = offers[best];
      const better =
        scores[i] > scores[best] ||
        (scores[i] === scores[best] &&
          (o.validTo.getTime() < b.validTo.getTime() ||
            (o.validTo.getTime() === b.validTo.getTime() && o.instanceId < b.instanceId)));
      if (better) best = i;
    });
    if (best >= 0) {
      useCoupon(run, offers[best], checks[best]);
      verdicts[best].selected = true;
    }
    tail(run);
  } else {
    const seen = new Set<number>();
    const accepted: CouponOffer[] = [];
    for (const id of input.couponSelection) {
      if (seen.has(id)) continue;
      seen.add(id);
      const i = offers.findIndex((o) => o.instanceId === id);
      if (i < 0) continue;
      const offer = offers[i];
      const verdict = verdicts[i];
      if (!verdict.usable) continue;
      if (accepted.length && !(offer.stackable && accepted.every((a) => a.stackable))) {
        verdict.reason = 'not_stackable';
        continue;
      }
      // re-tested on the amounts left by the coupons taken before it
      const check = accepted.length ? checkCoupon(run, offer) : checks[i];
      if (check.reason !== null) {
        verdict.reason = check.reason;
        continue;
      }
      if (offer.kind === 'free_shipping' && run.freightCoupon) {
        verdict.reason = 'no_freight';
        continue;
      }
      useCoupon(run, offer, check);
      accepted.push(offer);
      verdict.selected = true;
    }
    tail(run);
    if (run.freightCoupon && run.freightCouponSaved === 0) {
      const i = offers.indexOf(run.freightCoupon);
      verdicts[i].selected = false;
      verdicts[i].reason = 'no_freight';
    }
  }
  return verdicts;
}

/** What the coupon, gift and shipping stages change, taken before them so that a trial can be undone. */
interface Savepoint {
  amounts: Fen[];
  discounts: Fen[];
  groups: [string, boolean, boolean][];
  adjustments: number;
  applied: number;
}

function save(run: Run): Savepoint {
  if (run.gifts.length || run.freightCoupon || run.freightLeft !== run.input.freight.amount)
    throw new Error('a savepoint is taken before the gift and shipping stages');
  const groups: [string, boolean, boolean][] = [];
  for (const [k, g] of run.groups) groups.push([k, g.any, g.locked]);
  return {
    amounts: run.lines.map((l) => l.amount),
    discounts: run.lines.map((l) => l.discount),
    groups,
    adjustments: run.adjustments.length,
    applied: run.applied.length,
  };
}

function restore(run: Run, sp: Savepoint): void {
  run.lines.forEach((l, i) => {
    l.amount = sp.amounts[i];
    l.discount = sp.discounts[i];
  });
  run.groups.clear();
  for (const [k, any, locked] of sp.groups) run.groups.set(k, { any, locked });
  run.adjustments.length = sp.adjustments;
  run.applied.length = sp.applied;
  run.gifts.length = 0;
  run.giftTaken.clear();
  run.freightLeft = run.input.freight.amount;
  run.freightCoupon = null;
  run.freightCouponSaved = 0;
}

// ───────────────────────────────────────────── stage 3: gifts

function applyGiftCampaign(run: Run, live: LiveCampaign): void {
  const { campaign, tool } = live;
  if (!stackAllows(run, campaign.stackGroup, campaign.exclusive)) return;
  const view = viewOf(run, campaign, 'gift');
  if (view.lines.length === 0) return;
  const effect = tool.apply(campaign, view);
  if (!effect || effect.type !== 'gifts') return;
  let added = false;
  for (const g of effect.gifts) {
    if (!Number.isSafeInteger(g.quantity) || g.quantity <= 0) continue;
    const sku = run.input.giftSkus[g.skuId];
    if (!sku || !sku.onSale) continue;
    const taken = run.giftTaken.get(g.skuId) ?? 0;
    if (sku.stock - taken < g.quantity) continue;
    run.giftTaken.set(g.skuId, taken + g.quantity);
    const key = `gift:${campaign.id}:${g.skuId}`;
    const existing = run.gifts.find((l) => l.key === key);
    if (existing) existing.quantity += g.quantity;
    else run.gifts.push(giftLine(key, sku.skuId, sku.productId, g.quantity, campaign.id));
    added = true;
  }
  if (added) {
    markApplied(run, campaign.stackGroup, campaign.exclusive);
    run.applied.push(campaign.id);
  }
}

function giftLine(
  key: string,
  skuId: number,
  productId: number,
  quantity: number,
  campaignId: number,
): WorkLine {
  return {
    key,
    skuId,
    productId,
    categoryIds: [],
    kind: 'physical',
    quantity,
    basePrice: 0,
    unitPrice: 0,
    amount: 0,
    activity: null,
    isGift: true,
    index: -1,
    unitSource: 'base',
    unitOwner: null,
    memberPriceAllowed: false,
    promo: false,
    discount: 0,
    points: 0,
    giftCampaignId: campaignId,
    mark: 0,
  };
}

// ───────────────────────────────────────────── stage 4: shipping

/** The member perk, then 满包邮 campaigns, then a free-shipping coupon: each only while freight is left. */
function shippingStage(run: Run, campaigns: LiveCampaign[]): void {
  if (run.freightLeft > 0 && run.input.shopper.freeShipping) {
    freightAdjustment(
      run,
      { type: 'member', id: null, kind: 'member_free_shipping', name: '会员包邮' },
      run.freightLeft,
    );
  }
  for (const live of campaigns) {
    if (run.freightLeft === 0) break;
    const { campaign, tool } = live;
    if (!stackAllows(run, campaign.stackGroup, campaign.exclusive)) continue;
    const view = viewOf(run, campaign, 'shipping');
    if (view.lines.length === 0) continue;
    const effect = tool.apply(campaign, view);
    if (!effect || effect.type !== 'freight_discount') continue;
    const amount = Math.min(checkFen(effect.amount, tool.kind), run.freightLeft);
    if (amount <= 0) continue;
    freightAdjustment(run, live.source, amount);
    markApplied(run, campaign.stackGroup, campaign.exclusive);
    run.applied.push(campaign.id);
  }
  run.freightCouponSaved = 0;
  if (run.freightCoupon && run.freightLeft > 0) {
    run.freightCouponSaved = run.freightLeft;
    freightAdjustment(run, couponSource(run.freightCoupon), run.freightLeft);
  }
}

function freightAdjustment(run: Run, source: AdjustmentSource, amount: Fen): void {
  run.adjustments.push({ source: { ...source }, stage: 'shipping', target: 'freight', amount, lines: [] });
  run.freightLeft -= amount;
}

// ───────────────────────────────────────────── points

/**
 * Points (RULES §9) on the goods after discounts, never on freight: capped at maxPermille of the eligible
 * lines, fewer than minPoints not at all, and only whole fen (the fewest points worth them are spent).
 */
function pointsStage(run: Run): void {
  const { settings, request } = run.input.points;
  if (!settings.enabled) return;
  const perYuan = settings.pointsPerYuan;
  if (!Number.isSafeInteger(perYuan) || perYuan <= 0) throw new RangeError('pointsPerYuan must be positive');
  const lines: WorkLine[] = [];
  let eligible = 0;
  for (const l of run.lines) {
    if (l.activity && !l.activity.allowPoints) continue;
    if (l.amount <= 0) continue;
    lines.push(l);
    eligible += l.amount;
  }
  if (eligible === 0) return;
  const maxPermille = Math.min(1000, Math.max(0, Math.floor(settings.maxPermille)));
  const cap = Math.floor((eligible * maxPermille) / 1000);
  const balance = Math.max(0, Math.floor(run.input.shopper.pointsBalance));
  const wanted = request === 'max' ? balance : Math.min(Math.max(0, Math.floor(request)), balance);
  const fen = Math.min(Math.floor((wanted * 100) / perYuan), cap);
  if (fen <= 0) return;
  const used = Math.ceil((fen * perYuan) / 100);
  if (used < settings.minPoints) return;
  const parts = allocate(
    fen,
    lines.map((l) => l.amount),
  );
  const split: { key: string; amount: Fen }[] = [];
  lines.forEach((l, i) => {
    if (parts[i] === 0) return;
    l.amount -= parts[i];
    l.points += parts[i];
    split.push({ key: l.key, amount: parts[i] });
  });
  run.adjustments.push({
    source: { type: 'points', id: null, kind: 'points', name: '积分抵扣' },
    stage: 'points',
    target: 'goods',
    amount: fen,
    lines: split,
    pointsUsed: used,
  });
}

// ───────────────────────────────────────────── result

function finish(run: Run, coupons: CouponVerdict[]): PricedCart {
  const priced = (l: WorkLine): PricedLine => {
    const goodsAmount = l.unitPrice * l.quantity;
    return {
      key: l.key,
      skuId: l.skuId,
      productId: l.productId,
      quantity: l.quantity,
      isGift: l.isGift,
      giftCampaignId: l.giftCampaignId,
      basePrice: l.basePrice,
      unitPrice: l.unitPrice,
      unitSource: l.unitSource,
      goodsAmount,
      discountAmount: l.discount,
      pointsAmount: l.points,
      payAmount: goodsAmount - l.discount - l.points,
    };
  };
  const lines = [...run.lines.map(priced), ...run.gifts.map(priced)];
  let listAmount = 0;
  let goodsAmount = 0;
  let discountAmount = 0;
  let pointsAmount = 0;
  for (const l of run.lines) {
    listAmount += l.basePrice * l.quantity;
    goodsAmount += l.unitPrice * l.quantity;
    discountAmount += l.discount;
    pointsAmount += l.points;
  }
  const pointsAdjustment = run.adjustments.find((a) => a.stage === 'points');
  const freightBase = run.input.freight.amount;
  const freightAmount = run.freightLeft;
  const payAmount = goodsAmount - discountAmount - pointsAmount + freightAmount;
  return {
    lines,
    adjustments: run.adjustments,
    listAmount,
    goodsAmount,
    discountAmount,
    freightBase,
    freightDiscount: freightBase - freightAmount,
    freightAmount,
    pointsUsed: pointsAdjustment?.pointsUsed ?? 0,
    pointsAmount,
    payAmount,
    coupons,
    appliedCampaignIds: run.applied,
    usedCouponIds: coupons.filter((c) => c.selected).map((c) => c.instanceId),
  };
}
