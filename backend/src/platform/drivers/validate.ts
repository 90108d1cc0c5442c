/**
 * Argument checks shared by both implementations, so that a call refused in Redis mode is refused in
 * embedded mode too (and not discovered only in production).
 */

export function ttlToMs(ttlSeconds: number): number {
  const ms = Math.round(ttlSeconds * 1000);
  if (!Number.isFinite(ttlSeconds) || ms < 1)
    throw new RangeError(`TTL must be at least 1 ms, got ${ttlSeconds} s`);
  return ms;
}

export function assertPositiveInt(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${what} must be a positive integer, got ${n}`);
}

export function assertInt(what: string, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

export function assertStockValue(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`stock must be a non-negative integer, got ${n}`);
}

export function assertQueueName(queue: string): void {
  if (!queue || queue.includes(':'))
    throw new RangeError(`queue name must be non-empty without ':', got '${queue}'`);
}

export function assertJobId(jobId: string): void {
  if (!jobId || jobId.includes(':') || /^\d+$/.test(jobId)) {
    throw new RangeError(`jobId must be non-empty, without ':' and not all digits, got '${jobId}'`);
  }
}

export interface ResolvedJobOptions {
  jobId: string | undefined;
  delayMs: number;
  attempts: number;
  backoffMs: number;
}

export function resolveJobOptions(opts: {
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  backoffMs?: number;
}): ResolvedJobOptions {
  if (opts.jobId !== undefined) assertJobId(opts.jobId);
  const resolved = {
    jobId: opts.jobId,
    delayMs: opts.delayMs ?? 0,
    attempts: opts.attempts ?? 1,
    backoffMs: opts.backoffMs ?? 1000,
  };
  if (!Number.isSafeInteger(resolved.delayMs) || resolved.delayMs < 0) {
    throw new RangeError(`delayMs must be a non-negative integer, got ${resolved.delayMs}`);
  }
  assertPositiveInt('attempts', resolved.attempts);
  if (!Number.isSafeInteger(resolved.backoffMs) || resolved.backoffMs < 0) {
    throw new RangeError(`backoffMs must be a non-negative integer, got ${resolved.backoffMs}`);
  }
  return resolved;
}

/** what a job's data becomes after a trip through the queue's storage */
export function throughJson<T>(data: T): T {
  return data === undefined ? data : (JSON.parse(JSON.stringify(data)) as T);
}

/** JSON text of a cache value; `undefined` and functions have none, so they are refused */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined)
    throw new TypeError('cache value must be JSON-serialisable (not undefined or a function)');
  return json;
}
