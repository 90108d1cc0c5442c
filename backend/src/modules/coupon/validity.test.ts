import { daysLeft, relativeValidity, shopDate, windowProblems } from './validity';

const TZ = 'Asia/Shanghai';

describe('relativeValidity', () => {
  it('runs from the claim to the end of the shop day N days later (exclusive bound at the next midnight)', () => {
    // 2026-11-26 10:00 in Shanghai
    const claimed = new Date('2026-11-26T02:00:00Z');
    const v = relativeValidity(claimed, 7, TZ);
    expect(v.from).toEqual(claimed);
    // 2026-12-04 00:00 +08:00
    expect(v.to.toISOString()).toBe('2026-12-03T16:00:00.000Z');
  });

  it('uses the shop day, not the UTC day, of a claim late at night', () => {
    // 2026-11-26 23:30 in Shanghai is still 2026-11-26 15:30 UTC; 00:30 the next day is 16:30 UTC the same day
    expect(relativeValidity(new Date('2026-11-26T15:30:00Z'), 1, TZ).to.toISOString()).toBe(
      '2026-11-27T16:00:00.000Z',
    );
    expect(relativeValidity(new Date('2026-11-26T16:30:00Z'), 1, TZ).to.toISOString()).toBe(
      '2026-11-28T16:00:00.000Z',
    );
  });

  it('refuses fewer than one day', () => {
    expect(() => relativeValidity(new Date(), 0, TZ)).toThrow(RangeError);
  });
});

describe('daysLeft', () => {
  const validTo = new Date('2026-12-03T16:00:00Z'); // until the end of 2026-12-03 in Shanghai
  it('counts shop days including today', () => {
    expect(daysLeft(validTo, new Date('2026-11-26T02:00:00Z'), TZ)).toBe(8);
    expect(daysLeft(validTo, new Date('2026-12-03T15:59:59Z'), TZ)).toBe(1);
    expect(daysLeft(validTo, new Date('2026-12-03T16:00:00Z'), TZ)).toBe(0);
  });
  it('agrees with shopDate', () => {
    expect(shopDate(new Date(validTo.getTime() - 1), TZ)).toBe('2026-12-03');
  });
});

describe('windowProblems', () => {
  it('accepts lunch on weekdays, an evening until midnight and an overnight window', () => {
    expect(windowProblems({ weekdays: [1, 2, 3, 4, 5], from: '11:00', to: '14:00' })).toEqual([]);
    expect(windowProblems({ weekdays: [6, 7], from: '18:00', to: '24:00' })).toEqual([]);
    expect(windowProblems({ weekdays: [5], from: '22:00', to: '02:00' })).toEqual([]);
  });
  it('refuses malformed windows', () => {
    expect(windowProblems({ weekdays: [], from: '11:00', to: '14:00' })).toHaveLength(1);
    expect(windowProblems({ weekdays: [1, 1], from: '11:00', to: '14:00' })).toHaveLength(1);
    expect(windowProblems({ weekdays: [8], from: '11:00', to: '14:00' })).toHaveLength(1);
    expect(windowProblems({ weekdays: [1], from: '24:00', to: '14:00' })).toHaveLength(1);
    expect(windowProblems({ weekdays: [1], from: '9:00', to: '14:00' })).toHaveLength(1);
    expect(windowProblems({ weekdays: [1], from: '11:00', to: '11:00' })).toHaveLength(1);
    expect(windowProblems({ weekdays: [1], from: '11:00', to: '25:00' })).toHaveLength(1);
  });
});
