import { parseCommand } from './args';

describe('parseCommand', () => {
  it('reads run with and without --force', () => {
    expect(parseCommand(['run', 'cron-runs-prune'])).toEqual({
      kind: 'run',
      name: 'cron-runs-prune',
      force: false,
    });
    expect(parseCommand(['run', 'cron-runs-prune', '--force'])).toEqual({
      kind: 'run',
      name: 'cron-runs-prune',
      force: true,
    });
    expect(parseCommand(['run', '--force', 'a-job'])).toEqual({ kind: 'run', name: 'a-job', force: true });
  });

  it('reads list and help', () => {
    expect(parseCommand(['list'])).toEqual({ kind: 'list' });
    expect(parseCommand([])).toEqual({ kind: 'help' });
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['help'])).toEqual({ kind: 'help' });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseCommand(['run'])).toThrow('exactly one job name');
    expect(() => parseCommand(['run', 'a', 'b'])).toThrow('exactly one job name');
    expect(() => parseCommand(['list', 'x'])).toThrow('no arguments');
    expect(() => parseCommand(['start'])).toThrow("unknown command 'start'");
    expect(() => parseCommand(['run', 'a', '--now'])).toThrow(/Unknown option '--now'/);
  });
});
