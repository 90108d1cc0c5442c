import type { Logger } from '../../logger';
import type { JobHandler, JobOptions, QueueDriver } from '../types';
import {
  assertPositiveInt,
  assertQueueName,
  resolveJobOptions,
  throughJson,
  type ResolvedJobOptions,
} from '../validate';

interface MemoryJob {
  id: string;
  name: string;
  data: unknown;
  opts: ResolvedJobOptions;
  attemptsMade: number;
}

interface QueueState {
  name: string;
  /** every job that exists: waiting, delayed (or backing off) and active */
  jobs: Map<string, MemoryJob>;
  waiting: MemoryJob[];
  active: number;
  consumer?: { handler: JobHandler; concurrency: number };
}

/**
 * In-process queue for embedded mode, with BullMQ's semantics where callers can see them (de-duplication by
 * jobId, delay, attempts with a fixed backoff, depth, at-least-once). Not durable: jobs still queued when the
 * process stops are lost, which embedded mode accepts.
 */
export class MemoryQueue implements QueueDriver {
  private readonly queues = new Map<string, QueueState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private sequence = 0;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  async add<T>(queue: string, name: string, data: T, opts: JobOptions = {}): Promise<string> {
    this.assertOpen();
    assertQueueName(queue);
    const resolved = resolveJobOptions(opts);
    const state = this.state(queue);
    if (resolved.jobId !== undefined && state.jobs.has(resolved.jobId)) return resolved.jobId;
    const job: MemoryJob = {
      id: resolved.jobId ?? String(++this.sequence),
      name,
      data: throughJson(data),
      opts: resolved,
      attemptsMade: 0,
    };
    state.jobs.set(job.id, job);
    this.schedule(state, job, resolved.delayMs);
    return job.id;
  }

  async process<T>(
    queue: string,
    handler: JobHandler<T>,
    opts: { concurrency?: number } = {},
  ): Promise<void> {
    this.assertOpen();
    assertQueueName(queue);
    const concurrency = opts.concurrency ?? 1;
    assertPositiveInt('concurrency', concurrency);
    const state = this.state(queue);
    if (state.consumer) throw new Error(`queue '${queue}' already has a consumer in this process`);
    state.consumer = { handler: handler as JobHandler, concurrency };
    this.pump(state);
  }

  async depth(queue: string): Promise<number> {
    return this.queues.get(queue)?.jobs.size ?? 0;
  }

  /** stops timers and consumers, then waits for the jobs already running */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private state(queue: string): QueueState {
    let state = this.queues.get(queue);
    if (!state) {
      state = { name: queue, jobs: new Map(), waiting: [], active: 0 };
      this.queues.set(queue, state);
    }
    return state;
  }

  private schedule(state: QueueState, job: MemoryJob, delayMs: number): void {
    if (delayMs === 0) return this.enqueue(state, job);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(state, job);
    }, delayMs);
    this.timers.add(timer);
  }

  private enqueue(state: QueueState, job: MemoryJob): void {
    state.waiting.push(job);
    this.pump(state);
  }

  private pump(state: QueueState): void {
    const consumer = state.consumer;
    while (!this.closed && consumer && state.active < consumer.concurrency && state.waiting.length > 0) {
      const job = state.waiting.shift()!;
      state.active += 1;
      const run = this.run(state, consumer.handler, job).finally(() => {
        this.running.delete(run);
        state.active -= 1;
        this.pump(state);
      });
      this.running.add(run);
    }
  }

  private async run(state: QueueState, handler: JobHandler, job: MemoryJob): Promise<void> {
    // Never inside the caller's `add`: a job starts on a later turn, as it would in a worker.
    await new Promise((resolve) => setImmediate(resolve));
    const view = { id: job.id, name: job.name, data: throughJson(job.data), attemptsMade: job.attemptsMade };
    try {
      await handler(view);
      state.jobs.delete(job.id);
    } catch (err) {
      job.attemptsMade += 1;
      const log = { err, queue: state.name, jobId: job.id, job: job.name, attemptsMade: job.attemptsMade };
      if (job.attemptsMade < job.opts.attempts && !this.closed) {
        this.logger.warn(log, 'job failed, will retry');
        this.schedule(state, job, job.opts.backoffMs);
      } else {
        state.jobs.delete(job.id);
        this.logger.error(log, 'job failed, giving up');
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('queue driver is closed');
  }
}
