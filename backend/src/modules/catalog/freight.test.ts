import fc from 'fast-check';
import {
  describeFreight,
  quoteFreight,
  stepFee,
  type FreightTemplateRules,
  type FreightLine,
} from './freight';
import { PROVINCES, normalizeProvince } from './provinces';

const rule = (firstUnits: number, firstFee: number, nextUnits: number, nextFee: number) => ({
  firstUnits,
  firstFee,
  nextUnits,
  nextFee,
});

const template = (t: Partial<FreightTemplateRules> & Pick<FreightTemplateRules, 'id' | 'mode'>) => ({
  base: { rule: rule(1, 800, 1, 200), freeOverAmount: null, freeOverCount: null },
  regions: [],
  excludedProvinces: [],
  ...t,
});

const line = (l: Partial<FreightLine>): FreightLine => ({
  freightTemplateId: 1,
  quantity: 1,
  weightGrams: 0,
  amount: 1000,
  kind: 'physical',
  ...l,
});

describe('quoteFreight examples', () => {
  it('prices by count: first item, then each further step', () => {
    const t = template({ id: 1, mode: 'count', base: { ...template({ id: 1, mode: 'count' }).base } });
    expect(quoteFreight([t], { province: '广东', lines: [line({ quantity: 1 })] }).freight).toBe(800);
    expect(quoteFreight([t], { province: '广东', lines: [line({ quantity: 3 })] }).freight).toBe(1200);
    // two lines of one template are one group
    expect(
      quoteFreight([t], { province: '广东', lines: [line({ quantity: 2 }), line({ quantity: 2 })] }).freight,
    ).toBe(1400);
  });

  it('prices by weight over quantity × unit weight, rounding a started step up', () => {
    const t = template({
      id: 1,
      mode: 'weight',
      base: { rule: rule(1000, 1000, 500, 300), freeOverAmount: null, freeOverCount: null },
    });
    const q = (quantity: number, weightGrams: number) =>
      quoteFreight([t], { province: '浙江省', lines: [line({ quantity, weightGrams })] }).freight;
    expect(q(1, 0)).toBe(1000);
    expect(q(2, 500)).toBe(1000);
    expect(q(3, 400)).toBe(1300);
    expect(q(1, 2001)).toBe(1000 + 3 * 300);
  });

  it('uses a flat fee per template group and sums groups of different templates', () => {
    const flat = template({
      id: 1,
      mode: 'flat',
      base: { rule: rule(1, 600, 1, 0), freeOverAmount: null, freeOverCount: null },
    });
    const count = template({ id: 2, mode: 'count' });
    const quote = quoteFreight([flat, count], {
      province: '北京',
      lines: [line({ quantity: 5 }), line({ freightTemplateId: 2, quantity: 2 })],
    });
    expect(quote).toEqual({ freight: 600 + 1000, undeliverable: false, undeliverableLines: [] });
  });

  it('is free over the amount or the count threshold of the zone', () => {
    const t = template({
      id: 1,
      mode: 'count',
      base: { rule: rule(1, 800, 1, 200), freeOverAmount: 9900, freeOverCount: 3 },
    });
    const q = (quantity: number, amount: number) =>
      quoteFreight([t], { province: '上海', lines: [line({ quantity, amount })] }).freight;
    expect(q(1, 9899)).toBe(800);
    expect(q(1, 9900)).toBe(0);
    expect(q(3, 100)).toBe(0);
  });

  it('applies a region zone by province, whatever suffix the address carries', () => {
    const t = template({
      id: 1,
      mode: 'count',
      regions: [
        {
          provinces: ['新疆', '西藏'],
          rule: rule(1, 2000, 1, 1000),
          freeOverAmount: null,
          freeOverCount: null,
        },
      ],
      base: { rule: rule(1, 800, 1, 200), freeOverAmount: 5000, freeOverCount: null },
    });
    const quote = quoteFreight([t], {
      province: '新疆维吾尔自治区',
      lines: [line({ quantity: 2, amount: 6000 })],
    });
    expect(quote.freight).toBe(3000);
    expect(
      quoteFreight([t], { province: '广东省', lines: [line({ quantity: 2, amount: 6000 })] }).freight,
    ).toBe(0);
  });

  it('marks lines of a template that excludes the province as undeliverable and prices the rest', () => {
    const remote = template({ id: 1, mode: 'count', excludedProvinces: ['西藏'] });
    const everywhere = template({ id: 2, mode: 'count' });
    const quote = quoteFreight([remote, everywhere], {
      province: '西藏自治区',
      lines: [line({ freightTemplateId: 2 }), line({ freightTemplateId: 1 })],
    });
    expect(quote).toEqual({ freight: 800, undeliverable: true, undeliverableLines: [1] });
  });

  it('charges nothing for virtual and local-service lines, lines without a template or an unknown one', () => {
    const t = template({ id: 1, mode: 'count', excludedProvinces: ['西藏'] });
    const quote = quoteFreight([t], {
      province: '西藏',
      lines: [
        line({ kind: 'virtual' }),
        line({ kind: 'local_service' }),
        line({ freightTemplateId: null }),
        line({ freightTemplateId: 99 }),
      ],
    });
    expect(quote).toEqual({ freight: 0, undeliverable: false, undeliverableLines: [] });
  });

  it('describes a template in one line', () => {
    expect(
      describeFreight(
        template({
          id: 1,
          mode: 'count',
          base: { rule: rule(1, 800, 1, 200), freeOverAmount: 9900, freeOverCount: null },
          excludedProvinces: ['新疆', '西藏'],
        }),
      ),
    ).toBe('首 1 件 ¥8.00，每增加 1 件 +¥2.00；满 ¥99.00 包邮；不配送：新疆、西藏');
    expect(describeFreight(template({ id: 1, mode: 'flat' }))).toBe('运费 ¥8.00');
  });

  it('normalizes province names', () => {
    expect(
      ['广东省', '上海市', '内蒙古自治区', '广西壮族自治区', '香港特别行政区', '宁夏'].map(normalizeProvince),
    ).toEqual(['广东', '上海', '内蒙古', '广西', '香港', '宁夏']);
    expect(stepFee(rule(2, 500, 3, 100), 0)).toBe(500);
  });
});

describe('quoteFreight properties', () => {
  const province = fc.constantFrom(...PROVINCES);
  const fen = fc.integer({ min: 0, max: 100_000 });
  const feeRule = fc.record({
    firstUnits: fc.integer({ min: 0, max: 5000 }),
    firstFee: fen,
    nextUnits: fc.integer({ min: 1, max: 5000 }),
    nextFee: fen,
  });
  const zone = fc.record({
    rule: feeRule,
    freeOverAmount: fc.option(fen, { nil: null }),
    freeOverCount: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
  });
  const templates = fc
    .array(
      fc.record({
        mode: fc.constantFrom('flat' as const, 'count' as const, 'weight' as const),
        base: zone,
        regions: fc.array(
          fc.record({
            provinces: fc.uniqueArray(province, { maxLength: 4 }),
            rule: feeRule,
            freeOverAmount: fc.option(fen, { nil: null }),
            freeOverCount: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
          }),
          { maxLength: 2 },
        ),
        excludedProvinces: fc.uniqueArray(province, { maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((ts) => ts.map((t, i): FreightTemplateRules => ({ ...t, id: i + 1 })));
  const lines = (templateCount: number) =>
    fc.array(
      fc.record({
        freightTemplateId: fc.option(fc.integer({ min: 1, max: templateCount }), { nil: null }),
        quantity: fc.integer({ min: 1, max: 20 }),
        weightGrams: fc.integer({ min: 0, max: 20_000 }),
        amount: fen,
        kind: fc.constantFrom('physical', 'physical', 'virtual', 'local_service'),
      }),
      { maxLength: 8 },
    );
  const scenario = templates.chain((ts) =>
    fc.record({ ts: fc.constant(ts), lines: lines(ts.length), province }),
  );

  it('never answers a negative or fractional freight', () => {
    fc.assert(
      fc.property(scenario, ({ ts, lines, province }) => {
        const { freight } = quoteFreight(ts, { province, lines });
        return Number.isSafeInteger(freight) && freight >= 0;
      }),
    );
  });

  it('is free when every group reaches its amount threshold', () => {
    fc.assert(
      fc.property(scenario, ({ ts, lines, province }) => {
        const groupAmounts = ts
          .map((t) => lines.filter((l) => l.kind === 'physical' && l.freightTemplateId === t.id))
          .filter((group) => group.length > 0)
          .map((group) => group.reduce((a, l) => a + l.amount, 0));
        const threshold = groupAmounts.length ? Math.min(...groupAmounts) : 0;
        const generous = ts.map((t) => ({
          ...t,
          base: { ...t.base, freeOverAmount: threshold },
          regions: t.regions.map((r) => ({ ...r, freeOverAmount: threshold })),
        }));
        return quoteFreight(generous, { province, lines }).freight === 0;
      }),
    );
  });

  it('is undeliverable exactly when a physical line uses a template that excludes the province', () => {
    fc.assert(
      fc.property(scenario, ({ ts, lines, province }) => {
        const quote = quoteFreight(ts, { province, lines });
        const expected = lines
          .map((l, i) => ({ l, i }))
          .filter(
            ({ l }) =>
              l.kind === 'physical' &&
              l.freightTemplateId !== null &&
              ts[l.freightTemplateId - 1].excludedProvinces.includes(province),
          )
          .map(({ i }) => i);
        return (
          quote.undeliverable === expected.length > 0 && quote.undeliverableLines.join() === expected.join()
        );
      }),
    );
  });

  it('ignores lines that do not ship', () => {
    fc.assert(
      fc.property(scenario, ({ ts, lines, province }) => {
        const shipping = lines.filter((l) => l.kind === 'physical');
        return (
          quoteFreight(ts, { province, lines }).freight ===
          quoteFreight(ts, { province, lines: shipping }).freight
        );
      }),
    );
  });
});
