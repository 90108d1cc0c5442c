import { createToolRegistry, defaultTools } from './registry';
import { fullReductionTool } from './tools/full_reduction';

describe('tool registry', () => {
  const registry = createToolRegistry();

  it('registers the tools of RULES §4 with their stages and ranks', () => {
    expect(registry.tools.map((t) => [t.kind, t.title, t.stage, t.rank])).toEqual([
      ['full_reduction', '满减', 'promotion', 20],
      ['buy_n_get_m', '买N送M', 'promotion', 10],
      ['member_day', '会员日', 'promotion', 30],
      ['gift', '满赠', 'gift', 10],
      ['free_shipping', '满包邮', 'shipping', 10],
      ['tiered_price', '阶梯价', 'unit', 10],
    ]);
    expect(registry.get('full_reduction')).toBe(fullReductionTool);
    expect(registry.get('nope')).toBeUndefined();
    expect(() => createToolRegistry([...defaultTools, fullReductionTool])).toThrow(/twice/);
  });

  it('validates configs and fills in defaults', () => {
    const ok = registry.validateConfig('member_day', {});
    expect(ok).toEqual({
      success: true,
      data: { dayOfMonth: 18, discountPermille: 800, pointsMultiplier: 2 },
    });
    expect(registry.validateConfig('free_shipping', { minAmount: 9900 })).toEqual({
      success: true,
      data: { minAmount: 9900, minItems: null, excludedProvinces: [] },
    });
    expect(
      registry.validateConfig('full_reduction', {
        mode: 'tiers',
        tiers: [
          { threshold: 10000, amountOff: 1000 },
          { threshold: 20000, discountPermille: 900 },
        ],
      }),
    ).toMatchObject({ success: true, data: { thresholdUnit: 'fen' } });
  });

  it.each([
    ['full_reduction', { mode: 'tiers', tiers: [] }],
    ['full_reduction', { mode: 'tiers', tiers: [{ threshold: 100, amountOff: 200 }] }],
    [
      'full_reduction',
      {
        mode: 'tiers',
        tiers: [
          { threshold: 100, amountOff: 10 },
          { threshold: 100, amountOff: 20 },
        ],
      },
    ],
    ['full_reduction', { mode: 'tiers', tiers: [{ threshold: 100, amountOff: 10, discountPermille: 900 }] }],
    ['full_reduction', { mode: 'every', every: 100, off: 200 }],
    ['full_reduction', { mode: 'every', every: 100.5, off: 20 }],
    ['buy_n_get_m', { buy: 0, free: 1 }],
    ['member_day', { dayOfMonth: 32 }],
    ['gift', { tiers: [{ threshold: 100, skuId: 0 }] }],
    ['free_shipping', { minItems: 0 }],
    ['tiered_price', { skus: [{ skuId: 1, tiers: [{ minQuantity: 1, unitPrice: 100 }] }] }],
    [
      'tiered_price',
      {
        skus: [
          { skuId: 1, tiers: [{ minQuantity: 2, unitPrice: 100 }] },
          { skuId: 1, tiers: [{ minQuantity: 3, unitPrice: 90 }] },
        ],
      },
    ],
  ])('refuses a bad %s config %j', (kind, config) => {
    const result = registry.validateConfig(kind, config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.length).toBeGreaterThan(0);
  });

  it('refuses an unknown kind with a zod error', () => {
    const result = registry.validateConfig('lottery', {});
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'custom', path: ['kind'] });
  });

  it('describes every tool with a JSON Schema for the admin form', () => {
    const described = registry.describe();
    expect(described.map((d) => d.kind)).toEqual(registry.tools.map((t) => t.kind));
    const full = described.find((d) => d.kind === 'full_reduction')!;
    expect(full).toMatchObject({
      title: '满减',
      stage: 'promotion',
      defaults: { priority: 0, exclusive: false, stackGroup: 'default' },
    });
    expect(JSON.stringify(full.jsonSchema)).toContain('每满多少（分）');
    const day = described.find((d) => d.kind === 'member_day')!.jsonSchema as {
      properties: Record<
        string,
        { minimum?: number; maximum?: number; default?: number; description?: string }
      >;
      required?: string[];
    };
    expect(day.properties.dayOfMonth).toMatchObject({ minimum: 1, maximum: 31, default: 18 });
    expect(day.required ?? []).toEqual([]); // fields with defaults are optional on input
    // a caller cannot change what the next caller sees
    described[0].defaults.priority = 99;
    expect(registry.describe()[0].defaults.priority).toBe(0);
  });
});
