import { labelTexts, soldLabel } from './labels';

describe('soldLabel', () => {
  it('shows nothing before the first sale, exact counts below 100, then rounds down', () => {
    const cases: [number, string | null][] = [
      [0, null],
      [-3, null],
      [1, '已售 1'],
      [99, '已售 99'],
      [100, '已售 100+'],
      [999, '已售 900+'],
      [1000, '已售 1000+'],
      [9999, '已售 9000+'],
      [10_000, '已售 1万+'],
      [12_999, '已售 1.2万+'],
      [123_456, '已售 12.3万+'],
    ];
    for (const [n, label] of cases) expect([n, soldLabel(n)]).toEqual([n, label]);
  });
});

describe('labelTexts', () => {
  it('lists the merchant flags in display order', () => {
    expect(labelTexts({ special: true, memberPrice: true })).toEqual(['特价', '会员专享价']);
    expect(labelTexts({ special: false, memberPrice: false })).toEqual([]);
  });
});
