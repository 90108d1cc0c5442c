import type { ApiClient, Caller } from './api-client';
import type { ShopperKey, ShopperSession } from './shoppers';

/** The demo shop's promotions, as its owner would set them up in the admin. */
export const DEMO_CAMPAIGNS = [
  {
    kind: 'full_reduction',
    name: '全场满199减20，满299减40',
    config: {
      mode: 'tiers',
      thresholdUnit: 'fen',
      tiers: [
        { threshold: 19900, amountOff: 2000 },
        { threshold: 29900, amountOff: 4000 },
      ],
    },
  },
  {
    kind: 'free_shipping',
    name: '满99包邮',
    config: { minAmount: 9900, minItems: null, excludedProvinces: ['新疆维吾尔自治区', '西藏自治区'] },
  },
] as const;

/** A coupon template's body as the admin API takes it, and the shoppers granted one at once. */
interface DemoCoupon extends Record<string, unknown> {
  name: string;
  grantTo: ShopperKey[];
}

/** Coupons in the claim center; `grantTo` shoppers get one at once. */
export const DEMO_COUPONS: DemoCoupon[] = [
  {
    name: '新人无门槛5元券',
    kind: 'amount_off',
    amountOff: 500,
    perUserLimit: 1,
    channels: ['claim_center', 'merchant_grant'],
    grantTo: ['lin', 'chen'],
  },
  {
    name: '满100减15',
    kind: 'amount_off',
    threshold: 10000,
    amountOff: 1500,
    totalQuantity: 500,
    channels: ['claim_center'],
    grantTo: [],
  },
  {
    name: '全场9折券（最高减30）',
    kind: 'percent_off',
    discountPermille: 900,
    maxDiscount: 3000,
    totalQuantity: 200,
    channels: ['claim_center'],
    grantTo: [],
  },
];

/** Points each demo shopper starts with (100 points = ¥1). */
export const DEMO_POINTS: Record<ShopperKey, number> = { lin: 2000, chen: 800, zhou: 0 };

/** Campaigns, claim-center coupons with a few granted, and points, through the admin API. */
export async function seedMarketing(
  api: ApiClient,
  owner: Caller,
  shoppers: Record<ShopperKey, ShopperSession>,
): Promise<void> {
  for (const c of DEMO_CAMPAIGNS) {
    await api.call(owner, 'POST', '/api/admin/campaigns', { body: c });
  }
  for (const { grantTo, ...template } of DEMO_COUPONS) {
    const created = await api.call<{ id: number }>(owner, 'POST', '/api/admin/coupon-templates', {
      body: { ...template, validity: { type: 'relative', days: 30 } },
    });
    if (grantTo.length) {
      await api.call(owner, 'POST', `/api/admin/coupon-templates/${created.id}/grants`, {
        body: { shopperIds: grantTo.map((k) => shoppers[k].id), idempotencyKey: `demo-grant-${created.id}` },
      });
    }
  }
  for (const [key, delta] of Object.entries(DEMO_POINTS) as [ShopperKey, number][]) {
    if (delta > 0) {
      await api.call(owner, 'POST', `/api/admin/points/shoppers/${shoppers[key].id}/adjustments`, {
        body: { delta, reason: '演示数据：初始积分' },
      });
    }
  }
}
