import { parseArgs } from 'node:util';

export type CronCommand = { kind: 'help' } | { kind: 'list' } | { kind: 'run'; name: string; force: boolean };

export const USAGE = `Usage:
  npm run cron -- list               the jobs: name, schedule (shop time zone), period, description
  npm run cron -- run NAME [--force] run NAME once now and print the result as JSON
                                     (--force reruns a period that is already done)`;

/** Throws an Error whose message explains the mistake; the caller prints it with USAGE. */
export function parseCommand(argv: string[]): CronCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  const [verb, ...rest] = positionals;
  if (values.help || verb === undefined || verb === 'help') return { kind: 'help' };
  if (verb === 'list') {
    if (rest.length > 0 || values.force) throw new Error('list takes no arguments');
    return { kind: 'list' };
  }
  if (verb === 'run') {
    if (rest.length !== 1) throw new Error('run takes exactly one job name');
    return { kind: 'run', name: rest[0], force: values.force };
  }
  throw new Error(`unknown command '${verb}'`);
}
