import { defaultTools } from './registry';

const tool = (kind: string) => defaultTools.find((t) => t.kind === kind)!;
const label = (kind: string, config: unknown) => tool(kind).label!(tool(kind).configSchema.parse(config));

describe('campaign tags', () => {
  it('says what each tool promises, in yuan', () => {
    expect(
      label('full_reduction', {
        mode: 'tiers',
        tiers: [
          { threshold: 19900, amountOff: 2000 },
          { threshold: 29900, discountPermille: 850 },
        ],
      }),
    ).toBe('满199减20，满299打8.5折');
    expect(
      label('full_reduction', {
        mode: 'tiers',
        thresholdUnit: 'items',
        tiers: [{ threshold: 3, amountOff: 990 }],
      }),
    ).toBe('满3件减9.9');
    expect(label('full_reduction', { mode: 'every', every: 10000, off: 1000, cap: 5050 })).toBe(
      '每满100减10，最多减50.5',
    );
    expect(label('buy_n_get_m', { buy: 2, free: 1 })).toBe('买2送1');
    expect(label('member_day', { dayOfMonth: 18, discountPermille: 800, pointsMultiplier: 2 })).toBe(
      '每月18号会员日再享8折',
    );
    expect(label('free_shipping', { minAmount: 9900, minItems: 3 })).toBe('满99或满3件包邮');
    expect(label('free_shipping', {})).toBe('包邮');
    expect(label('gift', { tiers: [{ threshold: 5000, skuId: 1 }] })).toBe('满50送赠品');
  });

  it('stores excluded provinces by their short name, as addresses are compared', () => {
    const parsed = tool('free_shipping').configSchema.parse({
      excludedProvinces: ['新疆维吾尔自治区', '西藏'],
    });
    expect(parsed).toMatchObject({ excludedProvinces: ['新疆', '西藏'] });
  });
});
