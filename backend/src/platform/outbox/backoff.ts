export interface Backoff {
  /** delay after the first failure */
  baseMs: number;
  /** the delay doubles per failure up to this cap, and stays there */
  maxMs: number;
}

export const defaultBackoff: Backoff = { baseMs: 1_000, maxMs: 10 * 60_000 };

/** Delay before the next attempt, given how many attempts have failed so far (1 after the first failure). */
export function retryDelayMs(failedAttempts: number, backoff: Backoff): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
}
