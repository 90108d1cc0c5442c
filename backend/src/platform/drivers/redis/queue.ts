import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import type { JobHandler, JobOptions, QueueDriver } from '../types';
import { assertPositiveInt, assertQueueName, resolveJobOptions } from '../validate';

/**
 * Each queue's keys share the hash tag `{bull-<queue>}`, as BullMQ needs on Redis Cluster, without putting
 * every queue in one slot.
 */
function prefixOf(queue: string): string {
  return `{bull-${queue}}`;
}

/**
 * BullMQ queues and workers over one connection that this driver's owner creates and closes (BullMQ never
 * closes a connection it is handed; workers duplicate it for their blocking reads and close those copies).
 * Finished jobs are removed at once, so a jobId is free again after its job completes or finally fails, as in
 * the memory queue; failures are logged instead of kept.
 */
export class BullQueue implements QueueDriver {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: Redis,
    private readonly logger: Logger,
  ) {}

  async add<T>(queue: string, name: string, data: T, opts: JobOptions = {}): Promise<string> {
    const o = resolveJobOptions(opts);
    const job = await this.queue(queue).add(name, data, {
      jobId: o.jobId,
      delay: o.delayMs,
      attempts: o.attempts,
      backoff: { type: 'fixed', delay: o.backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    });
    return job.id!;
  }

  async process<T>(
    queue: string,
    handler: JobHandler<T>,
    opts: { concurrency?: number } = {},
  ): Promise<void> {
    assertQueueName(queue);
    const concurrency = opts.concurrency ?? 1;
    assertPositiveInt('concurrency', concurrency);
    const worker = new Worker(
      queue,
      async (job) =>
        handler({ id: job.id!, name: job.name, data: job.data as T, attemptsMade: job.attemptsMade }),
      { connection: this.connection, prefix: prefixOf(queue), concurrency },
    );
    worker.on('error', (err) => this.logger.warn({ err, queue }, 'queue worker error'));
    worker.on('failed', (job, err) => {
      if (!job) return;
      const log = { err, queue, jobId: job.id, job: job.name, attemptsMade: job.attemptsMade };
      if (job.attemptsMade < (job.opts.attempts ?? 1)) this.logger.warn(log, 'job failed, will retry');
      else this.logger.error(log, 'job failed, giving up');
    });
    this.workers.push(worker);
    await worker.waitUntilReady();
  }

  async depth(queue: string): Promise<number> {
    return this.queue(queue).getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
  }

  /** workers first (each waits for its active jobs), then the queues */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      assertQueueName(name);
      queue = new Queue(name, { connection: this.connection, prefix: prefixOf(name) });
      queue.on('error', (err) => this.logger.warn({ err, queue: name }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }
}
