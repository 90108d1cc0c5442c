import cron from 'node-cron';
import { CRON_LIMITS } from './store';
import type { CronJobDef } from './types';

const PERIODS: readonly CronJobDef['period'][] = ['minute', 'hour', 'day', 'month'];
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Throws one error listing every problem: duplicate or malformed names, bad expressions, unknown periods. */
export function validateJobs(jobs: readonly CronJobDef[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const job of jobs) {
    if (!KEBAB.test(job.name) || job.name.length > CRON_LIMITS.job) {
      problems.push(`'${job.name}': name must be kebab-case, at most ${CRON_LIMITS.job} characters`);
    }
    if (seen.has(job.name)) problems.push(`'${job.name}': name used twice`);
    seen.add(job.name);
    if (!cron.validate(job.schedule))
      problems.push(`'${job.name}': invalid cron expression '${job.schedule}'`);
    if (!PERIODS.includes(job.period)) problems.push(`'${job.name}': unknown period '${job.period}'`);
    if (job.lockTtlMs !== undefined && !(Number.isInteger(job.lockTtlMs) && job.lockTtlMs >= 1000)) {
      problems.push(`'${job.name}': lockTtlMs must be an integer of at least 1000`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid cron jobs:\n  ${problems.join('\n  ')}`);
}
