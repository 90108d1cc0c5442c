import fc from 'fast-check';
import { inWeeklyWindow, parseHm, shopTime } from './time';

/** The shop time straight from Intl, for comparison. */
function viaIntl(ms: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

describe('shop time', () => {
  it('reads the calendar in the shop time zone', () => {
    expect(shopTime(new Date('2025-03-09T16:30:00Z'), 'Asia/Shanghai')).toEqual({
      year: 2025,
      month: 3,
      day: 10,
      weekday: 1,
      minutes: 30,
    });
    expect(shopTime(new Date('2025-03-09T16:30:00Z'), 'UTC')).toMatchObject({
      day: 9,
      weekday: 7,
      minutes: 990,
    });
    // the remembered answer belongs to one moment and zone only
    expect(shopTime(new Date('2025-03-09T16:30:00Z'), 'Asia/Shanghai').day).toBe(10);
    expect(shopTime(new Date('2024-12-31T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      year: 2025,
      month: 1,
      day: 1,
    });
  });

  it('agrees with Intl in every zone, across DST changes and odd offsets', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'UTC',
    ];
    // around the 2025 DST changes of New York, London and Lord Howe, and anywhere in 2020–2030
    const around = [
      Date.UTC(2025, 2, 9, 7),
      Date.UTC(2025, 2, 30, 1),
      Date.UTC(2025, 3, 5, 15),
      Date.UTC(2025, 10, 2, 6),
    ];
    const instants = fc.oneof(
      fc
        .constantFrom(...around)
        .chain((t) => fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }).map((d) => t + d)),
      fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
    );
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (ms, zone) => {
        expect(shopTime(new Date(ms), zone)).toEqual(viaIntl(ms, zone));
        // and again a moment later in the same bucket (the cached offset)
        expect(shopTime(new Date(ms + 1234), zone)).toEqual(viaIntl(ms + 1234, zone));
      }),
      { numRuns: 2000 },
    );
    // every minute through New York's spring-forward hour
    for (let t = Date.UTC(2025, 2, 9, 6, 0); t < Date.UTC(2025, 2, 9, 8, 0); t += 60_000)
      expect(shopTime(new Date(t), 'America/New_York')).toEqual(viaIntl(t, 'America/New_York'));
  });

  it('parses HH:mm', () => {
    expect(parseHm('00:00')).toBe(0);
    expect(parseHm('11:30')).toBe(690);
    expect(parseHm('24:00')).toBe(1440);
    expect(parseHm('24:30')).toBeNaN();
    expect(parseHm('9:00')).toBeNaN();
  });

  it('matches weekly windows, from inclusive to exclusive, across midnight', () => {
    const at = (weekday: number, hm: string) => ({
      year: 2025,
      month: 3,
      day: 10,
      weekday,
      minutes: parseHm(hm),
    });
    const lunch = { weekdays: [1, 2, 3, 4, 5], from: '11:00', to: '14:00' };
    expect(inWeeklyWindow(at(1, '10:59'), lunch)).toBe(false);
    expect(inWeeklyWindow(at(1, '11:00'), lunch)).toBe(true);
    expect(inWeeklyWindow(at(5, '13:59'), lunch)).toBe(true);
    expect(inWeeklyWindow(at(5, '14:00'), lunch)).toBe(false);
    expect(inWeeklyWindow(at(6, '12:00'), lunch)).toBe(false);
    const allDay = { weekdays: [7], from: '00:00', to: '24:00' };
    expect(inWeeklyWindow(at(7, '23:59'), allDay)).toBe(true);
    expect(inWeeklyWindow(at(1, '00:00'), allDay)).toBe(false);
    const late = { weekdays: [7], from: '22:00', to: '02:00' };
    expect(inWeeklyWindow(at(7, '22:00'), late)).toBe(true);
    expect(inWeeklyWindow(at(1, '01:59'), late)).toBe(true);
    expect(inWeeklyWindow(at(1, '22:30'), late)).toBe(false);
    expect(inWeeklyWindow(at(7, '01:00'), late)).toBe(false);
    expect(inWeeklyWindow(at(1, '12:00'), { weekdays: [1], from: 'x', to: '14:00' })).toBe(false);
  });
});
