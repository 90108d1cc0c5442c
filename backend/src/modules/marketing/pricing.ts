import type { Platform } from '../../platform';
import { normalizeProvince } from '../catalog/provinces';
import { allocate, type Fen } from '../../platform/money';
import type { Tx } from '../../platform/db/tx';
import type { ActiveCampaign, CampaignService } from './campaigns';
import { priceCart } from './engine/calculator';
import { baseShopper } from './engine/shopper';
import type { ToolRegistry } from './engine/registry';
import type {
  Campaign,
  CouponOffer,
  GiftSku,
  MarketingTool,
  PointsSettings,
  PricedCart,
  ProductKind,
} from './engine/types';
import { CampaignRow, CampaignShopperUse } from './models';
import type { ActivityQuote, ActivitySource, CouponSource, MemberFactsSource, PointsSource } from './ports';
import { AppError } from '../../platform/errors';
import type { createUsage } from './usage';

/** A line to price: the SKU's facts at order time and how many. */
export interface PriceLine {
  skuId: number;
  productId: number;
  categoryIds: number[];
  kind: ProductKind;
  price: Fen;
  quantity: number;
}

export interface PriceRequest {
  shopperId: number;
  /** no paid order yet (the order module knows) */
  isNew: boolean;
  lines: PriceLine[];
  freight: { amount: Fen; province: string | null; ships: boolean };
  /** 'auto' picks the best coupon; [] uses none */
  couponSelection: 'auto' | number[];
  points: number | 'max';
  /** bought through an activity: its registered source prices the lines */
  activity?: { kind: string; context: unknown };
}

const POINTS_OFF: PointsSettings = { enabled: false, pointsPerYuan: 100, maxPermille: 0, minPoints: 0 };

export interface PricingSources {
  coupons?: CouponSource;
  points?: PointsSource;
  members?: MemberFactsSource;
  activities: Map<string, ActivitySource>;
}

/**
 * Gathers the facts of one pricing run (active campaigns with this shopper's uses left, coupons, points,
 * member facts, gift stock), runs the pure calculator, and commits what an order used in its transaction.
 */
export function createPricingService(
  platform: Platform,
  deps: {
    campaigns: CampaignService;
    tools: readonly MarketingTool[];
    registry: ToolRegistry;
    usage: ReturnType<typeof createUsage>;
    giftSkus: (skuIds: number[]) => Promise<GiftSku[]>;
    sources: PricingSources;
  },
) {
  const { clock, config } = platform;
  const toolByKind = new Map(deps.tools.map((t) => [t.kind, t]));

  /** Active campaigns with `remainingUses` read fresh for the limited ones. */
  async function campaignsFor(shopperId: number): Promise<ActiveCampaign[]> {
    const active = await deps.campaigns.activeCampaigns();
    const limited = active.filter((c) => c.totalLimit !== null);
    const perShopper = active.filter((c) => c.perShopperLimit !== null);
    const [totals, mine] = await Promise.all([
      limited.length
        ? CampaignRow.findAll({ where: { id: limited.map((c) => c.id) }, attributes: ['id', 'usedCount'] })
        : [],
      perShopper.length
        ? CampaignShopperUse.findAll({ where: { campaignId: perShopper.map((c) => c.id), shopperId } })
        : [],
    ]);
    const usedTotal = new Map(totals.map((r) => [Number(r.id), Number(r.usedCount)]));
    const usedMine = new Map(mine.map((r) => [Number(r.campaignId), Number(r.used)]));
    return active.map((c) => {
      const left = [
        c.totalLimit === null ? Infinity : c.totalLimit - (usedTotal.get(c.id) ?? c.usedCount),
        c.perShopperLimit === null ? Infinity : c.perShopperLimit - (usedMine.get(c.id) ?? 0),
      ];
      const remaining = Math.min(...left);
      return { ...c, remainingUses: remaining === Infinity ? null : Math.max(0, remaining) };
    });
  }

  async function giftFacts(campaigns: Campaign[]): Promise<Record<number, GiftSku>> {
    const ids = campaigns.flatMap((c) => toolByKind.get(c.kind)?.giftSkuIds?.(c.config) ?? []);
    if (!ids.length) return {};
    const skus = await deps.giftSkus([...new Set(ids)]);
    return Object.fromEntries(skus.map((g) => [g.skuId, g]));
  }

  async function activityQuote(req: PriceRequest): Promise<ActivityQuote | null> {
    if (!req.activity) return null;
    const source = deps.sources.activities.get(req.activity.kind);
    if (!source) {
      throw new AppError('VALIDATION_FAILED', `Unknown activity '${req.activity.kind}'`, [
        { path: 'activity.kind', message: 'unknown activity', code: 'custom' },
      ]);
    }
    return source.quote({
      shopperId: req.shopperId,
      lines: req.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
      context: req.activity.context,
    });
  }

  async function price(req: PriceRequest): Promise<{
    priced: PricedCart;
    campaigns: ActiveCampaign[];
    coupons: CouponOffer[];
    unpaidTimeoutMinutes: number | null;
  }> {
    const { coupons, points, members } = deps.sources;
    const activity = await activityQuote(req);
    const [campaigns, member, offers, pointsSettings, balance] = await Promise.all([
      campaignsFor(req.shopperId),
      members ? members.facts(req.shopperId) : {},
      coupons ? coupons.offers(req.shopperId) : [],
      points ? points.settings() : POINTS_OFF,
      points ? points.balance(req.shopperId) : 0,
    ]);
    const priced = priceCart(
      {
        now: clock.now(),
        timezone: config.shopTimezone,
        lines: req.lines.map((l) => ({
          key: String(l.skuId),
          skuId: l.skuId,
          productId: l.productId,
          categoryIds: l.categoryIds,
          kind: l.kind,
          basePrice: l.price,
          quantity: l.quantity,
          ...(activity?.prices.get(l.skuId) ? { activity: activity.prices.get(l.skuId) } : {}),
        })),
        shopper: baseShopper({
          shopperId: req.shopperId,
          isNew: req.isNew,
          pointsBalance: balance,
          ...member,
        }),
        campaigns,
        coupons: offers,
        couponSelection: req.couponSelection,
        freight: {
          ...req.freight,
          province: req.freight.province === null ? null : normalizeProvince(req.freight.province),
        },
        points: { settings: pointsSettings, request: req.points },
        giftSkus: await giftFacts(campaigns),
      },
      deps.registry,
    );
    return {
      priced,
      campaigns,
      coupons: offers,
      unpaidTimeoutMinutes: activity?.unpaidTimeoutMinutes ?? null,
    };
  }

  /** Before the order's transaction (see usage.prepare). */
  async function prepare(shopperId: number, priced: PricedCart, campaigns: ActiveCampaign[]) {
    const applied = new Set(priced.appliedCampaignIds);
    await deps.usage.prepare(
      shopperId,
      campaigns.filter((c) => applied.has(c.id)),
    );
  }

  /**
   * In the order's transaction, after its lines exist: counts campaign uses, locks the coupons, spends the
   * points. Any refusal (a limit reached, a coupon taken by a concurrent order, points spent meanwhile) throws
   * and the whole order rolls back.
   */
  async function commit(
    tx: Tx,
    input: {
      orderId: number;
      shopperId: number;
      priced: PricedCart;
      campaigns: ActiveCampaign[];
      lineIdOf: (key: string) => number;
    },
  ) {
    const { priced } = input;
    const savedBy = new Map<string, Fen>();
    for (const a of priced.adjustments) {
      const key = `${a.source.type}:${a.source.id}`;
      savedBy.set(key, (savedBy.get(key) ?? 0) + a.amount);
    }
    const byId = new Map(input.campaigns.map((c) => [c.id, c]));
    await deps.usage.count(tx, {
      orderId: input.orderId,
      shopperId: input.shopperId,
      uses: priced.appliedCampaignIds.flatMap((id) => {
        const campaign = byId.get(id);
        return campaign ? [{ campaign, discount: savedBy.get(`campaign:${id}`) ?? 0 }] : [];
      }),
    });
    if (priced.usedCouponIds.length) {
      if (!deps.sources.coupons) throw new Error('coupons were used without a coupon source');
      await deps.sources.coupons.lock(tx, {
        shopperId: input.shopperId,
        orderId: input.orderId,
        coupons: priced.usedCouponIds.map((instanceId) => ({
          instanceId,
          discount: savedBy.get(`coupon:${instanceId}`) ?? 0,
        })),
      });
    }
    if (priced.pointsUsed > 0) {
      if (!deps.sources.points) throw new Error('points were used without a points source');
      const spent = priced.adjustments.find((a) => a.source.type === 'points');
      const lines = spent?.lines.filter((l) => l.amount > 0) ?? [];
      // the points of each line in proportion to the fen it took, summing exactly to the points spent
      const pointsPerLine = allocate(
        priced.pointsUsed,
        lines.map((l) => l.amount),
      );
      const quantityOf = new Map(priced.lines.map((l) => [l.key, l.quantity]));
      await deps.sources.points.spend(tx, {
        shopperId: input.shopperId,
        orderId: input.orderId,
        points: priced.pointsUsed,
        lines: lines.map((l, i) => ({
          orderLineId: input.lineIdOf(l.key),
          quantity: quantityOf.get(l.key) ?? 1,
          points: pointsPerLine[i],
        })),
      });
    }
  }

  return { price, prepare, commit };
}

export type PricingService = ReturnType<typeof createPricingService>;
