import pino from 'pino';
import { allCronJobs, boot, createCronScheduler, loadConfig, type CronJobDef } from '@mall/backend';
import { parseCommand, USAGE, type CronCommand } from './args';

/**
 * `npm run cron -- list | run NAME [--force]`. The result goes to stdout as one JSON line, logs go to stderr,
 * so that the output can be piped. Exit code 0 when the run is done or skipped, 1 when it failed or the
 * command is wrong.
 */
async function main(argv: string[]): Promise<number> {
  let command: CronCommand;
  try {
    command = parseCommand(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const logger = pino({ name: 'mall-cron', level: config.logLevel }, pino.destination(2));
  // `run` fails at once on an unmigrated database rather than wait: an operator runs this by hand
  const booted = await boot({
    config,
    logger,
    waitForSchema: command.kind === 'run' ? { timeoutMs: 0 } : false,
  });
  try {
    if (command.kind === 'list') {
      process.stdout.write(formatJobs(allCronJobs(booted)));
      return 0;
    }
    const scheduler = createCronScheduler(booted);
    if (!scheduler.find(command.name)) {
      const names = scheduler.jobs.map((j) => j.name).join(', ');
      process.stderr.write(`unknown cron job '${command.name}'; jobs: ${names}\n`);
      return 1;
    }
    const result = await scheduler.runNow(command.name, { force: command.force });
    process.stdout.write(`${JSON.stringify({ job: command.name, ...result })}\n`);
    return result.status === 'failed' ? 1 : 0;
  } finally {
    await booted.platform.close();
  }
}

function formatJobs(jobs: CronJobDef[]): string {
  const rows = [
    ['NAME', 'SCHEDULE', 'PERIOD', 'DESCRIPTION'],
    ...jobs.map((j) => [j.name, j.schedule, j.period, j.description]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ')).join('\n') + '\n'
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
