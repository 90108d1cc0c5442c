import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const backoff = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles from the base after each failure', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, backoff))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('stays at the cap, however many failures', () => {
    expect(retryDelayMs(7, backoff)).toBe(60_000);
    expect(retryDelayMs(5_000, backoff)).toBe(60_000);
  });
});
