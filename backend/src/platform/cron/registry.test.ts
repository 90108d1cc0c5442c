import { validateJobs } from './registry';
import type { CronJobDef } from './types';

const job = (over: Partial<CronJobDef>): CronJobDef => ({
  name: 'a-job',
  schedule: '0 3 * * *',
  period: 'day',
  description: 'test job',
  run: async () => {},
  ...over,
});

describe('validateJobs', () => {
  it('accepts kebab-case names, 5- and 6-field expressions', () => {
    expect(() =>
      validateJobs([job({}), job({ name: 'every-second-2', schedule: '* * * * * *' })]),
    ).not.toThrow();
  });

  it('lists every problem at once', () => {
    const jobs = [
      job({ name: 'dup' }),
      job({ name: 'dup' }),
      job({ name: 'Bad_Name' }),
      job({ name: 'bad-expr', schedule: '61 * * * *' }),
      job({ name: 'bad-period', period: 'week' as CronJobDef['period'] }),
      job({ name: 'short-lock', lockTtlMs: 10 }),
      job({ name: 'x'.repeat(65) }),
    ];
    let message = '';
    try {
      validateJobs(jobs);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("'dup': name used twice");
    expect(message).toContain("'Bad_Name': name must be kebab-case");
    expect(message).toContain("'bad-expr': invalid cron expression '61 * * * *'");
    expect(message).toContain("'bad-period': unknown period 'week'");
    expect(message).toContain("'short-lock': lockTtlMs must be an integer of at least 1000");
    expect(message).toContain(`'${'x'.repeat(65)}': name must be kebab-case, at most 64 characters`);
  });
});
