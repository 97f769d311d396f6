/**
 * `apx status` and `apx __complete` skip commander only for argv they fully understand; everything
 * else reaches the full CLI and its messages. The fast runs themselves are covered by
 * operators.e2e.test.ts (status) and the completion tests, through bin/apx.
 */
import { describe, expect, it } from 'vitest';
import { fastCommand } from '../../src/fast-path.js';
import { cliEnv, runApx } from '../helpers/cli.js';

const argv = (...args: string[]) => ['node', 'apx', ...args];
const ID = 'application_1000000000000_0001';

describe('the start-up fast path', () => {
  it('takes status and __complete of the usual shapes', () => {
    for (const a of [['status', ID], ['status', '--json', ID], ['status', ID, '--cluster', 'prod', '--insecure'], ['status', '--cluster=prod', ID], ['__complete', 'apps', '--cluster', 'mini'], ['__complete', 'clusters']]) {
      expect(fastCommand(argv(...a)), a.join(' ')).toBeTypeOf('function');
    }
  });

  it('leaves help, unknown or repeated flags, missing values and other commands to the full CLI', () => {
    for (const a of [['status'], ['status', ID, '--help'], ['status', '-h', ID], ['status', ID, '--verbose'], ['status', ID, '--json', '--json'], ['status', ID, '--cluster'], ['status', '--cluster', '--json', ID], ['status', ID, '--json=yes'], ['status', ID, 'extra'], ['__complete'], ['__complete', 'apps', '--json'], ['list'], []]) {
      expect(fastCommand(argv(...a)), a.join(' ')).toBeUndefined();
    }
  });

  it('still says what is wrong, with exit code 2, and the error event with --json', async () => {
    const env = cliEnv(undefined, { APX_RM_URL: 'http://127.0.0.1:9' });
    const bad = await runApx(['status', '--json', 'app_1'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^apx: 'app_1' is not a YARN application id\n {2}Ids look like/);
    expect(JSON.parse(bad.stdout)).toMatchObject({ type: 'error', exitCode: 2, message: "'app_1' is not a YARN application id" });
    const help = await runApx(['status', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: apx status \[options\] <app-id>/);
  });
});
