import { assertTimezone, periodKey } from './period';

const SHANGHAI = 'Asia/Shanghai';

describe('periodKey', () => {
  it('formats each period on the shop wall clock', () => {
    const now = new Date('2026-11-26T02:05:42.123Z'); // 10:05:42 in Shanghai
    expect(periodKey('day', now, SHANGHAI)).toBe('2026-11-26');
    expect(periodKey('month', now, SHANGHAI)).toBe('2026-11');
    expect(periodKey('hour', now, SHANGHAI)).toBe('2026-11-26T10');
    expect(periodKey('minute', now, SHANGHAI)).toBe('2026-11-26T10:05');
  });

  it('starts the shop day at local midnight, not at UTC midnight', () => {
    expect(periodKey('day', new Date('2026-11-25T15:59:59.999Z'), SHANGHAI)).toBe('2026-11-25');
    expect(periodKey('day', new Date('2026-11-25T16:00:00.000Z'), SHANGHAI)).toBe('2026-11-26');
    expect(periodKey('day', new Date('2026-11-25T16:30:00Z'), SHANGHAI)).toBe('2026-11-26');
    expect(periodKey('day', new Date('2026-11-25T16:30:00Z'), 'UTC')).toBe('2026-11-25');
  });

  it('rolls the month over at local midnight of the first', () => {
    expect(periodKey('month', new Date('2026-11-30T15:59:59Z'), SHANGHAI)).toBe('2026-11');
    expect(periodKey('month', new Date('2026-11-30T16:00:00Z'), SHANGHAI)).toBe('2026-12');
  });

  it('follows daylight saving time where the zone has it', () => {
    // New York leaves DST on 2026-11-01 at 02:00 local: 01:30 happens twice, both in hour 01
    expect(periodKey('hour', new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01');
    expect(periodKey('hour', new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01');
    expect(periodKey('hour', new Date('2026-11-01T07:30:00Z'), 'America/New_York')).toBe('2026-11-01T02');
  });
});

describe('assertTimezone', () => {
  it('accepts IANA zones and refuses unknown ones', () => {
    expect(() => assertTimezone(SHANGHAI)).not.toThrow();
    expect(() => assertTimezone('Asia/Shanghi')).toThrow(RangeError);
  });
});
