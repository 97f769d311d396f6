/**
 * The live view in a real terminal (tmux): stage bars advance, Ctrl-C shows "killing application…"
 * and leaves the application KILLED on the cluster; `apx watch` attaches to a detached submission.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv, runApx } from '../helpers/cli.js';
import { startMini, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';
import { Terminal } from '../helpers/tmux.js';

let cluster: MiniCluster;
let jar: string;
let term: Terminal | undefined;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterEach(() => term?.kill());
afterAll(() => cluster.stop());

const slowApp = ['--conf', 'spark.minicluster.startupMillis=100', '--conf', 'spark.minicluster.taskMillis=300', '--conf', 'spark.yarn.report.interval=200ms', '--conf', 'spark.minicluster.hang=true'];

/** The completed-task count of the first active stage bar on the screen, if any. */
function stageDone(screen: string): number | undefined {
  const m = /stage \d+ [█▒░]+ (\d+)\/8/.exec(screen);
  return m ? Number(m[1]) : undefined;
}

describe('the live view in a terminal', () => {
  it('shows stage bars advancing, and Ctrl-C kills the application and says so until YARN confirms', async () => {
    term = new Terminal(100, 40);
    const env = cliEnv(cluster);
    term.start(`${process.execPath} ${APX} submit --cluster mini ${slowApp.join(' ')} ${jar}`, { ...env, NO_COLOR: undefined });
    const first = await waitFor('a stage bar', () => stageDone((term as Terminal).screen()), 15_000);
    const later = await waitFor('the bar to advance', () => {
      const n = stageDone((term as Terminal).screen());
      return n !== undefined && n !== first ? n : undefined;
    }, 15_000);
    expect(later).not.toBe(first);
    const screen = term.screen();
    expect(screen).toMatch(/YARN .*RUNNING/);
    expect(screen).toContain('Dependencies');
    const appId = /application_\d+_\d{4}/.exec(screen)?.[0] as string;
    // Slow YARN's answer to the kill down, so the waiting is visible.
    cluster.faults.inject('rm', { kind: 'delay', ms: 1500 }, 1, `/ws/v1/cluster/apps/${appId}/state`);
    term.keys('C-c');
    await waitFor('the killing notice', () => (term as Terminal).screen().includes('killing application… waiting for YARN to confirm') || undefined);
    expect(cluster.rm.apps.get(appId)?.state).toBe('RUNNING');
    await waitForState(cluster, appId, ['KILLED']);
    const end = await waitFor('the exit', () => {
      const s = (term as Terminal).screen();
      return s.includes('EXIT=') ? s : undefined;
    });
    expect(end).toContain('KILLED/KILLED');
    expect(end).toContain('EXIT=130');
  });

  it('apx watch attaches to an application submitted with --detach, and Ctrl-C leaves it running', async () => {
    const env = cliEnv(cluster);
    const detached = await runApx(['submit', '--cluster', 'mini', '--plain', '--detach', ...slowApp, jar], env);
    expect(detached.code).toBe(0);
    const appId = detached.stdout.trim();
    term = new Terminal(100, 40);
    term.start(`${process.execPath} ${APX} watch --cluster mini --interval 200ms ${appId}`, { ...env, NO_COLOR: undefined });
    await waitFor('the watched stage bars', () => stageDone((term as Terminal).screen()), 15_000);
    expect(term.screen()).toContain(appId);
    // Timed from the application's start (YARN's startedTime), not from the moment apx attached.
    expect(term.screen()).toMatch(/YARN RUNNING \+\d/);
    expect(term.screen()).not.toContain('YARN RUNNING +0 ms');
    term.keys('C-c');
    const end = await waitFor('the exit', () => {
      const s = (term as Terminal).screen();
      return s.includes('EXIT=') ? s : undefined;
    });
    expect(end).toContain('EXIT=130');
    expect(end).toContain(`stopped watching; ${appId} is still RUNNING`);
    expect(cluster.rm.apps.get(appId)?.state).toBe('RUNNING');
  });

  it('apx watch --plain follows an app to its end and exits with its status', async () => {
    const env = cliEnv(cluster);
    const detached = await runApx(['submit', '--cluster', 'mini', '--plain', '--detach', '--conf', 'spark.minicluster.taskMillis=20', '--conf', 'spark.minicluster.startupMillis=20', '--conf', 'spark.minicluster.failAtStage=0', '--conf', 'spark.yarn.maxAppAttempts=1', jar], env);
    const r = await runApx(['watch', '--cluster', 'mini', '--plain', '--interval', '100ms', detached.stdout.trim()], env);
    expect(r.stderr).toMatch(new RegExp(`watching ${detached.stdout.trim()} \\(com\\.acme\\.Main, queue default, user root\\)`));
    expect(r.stderr).not.toContain('submitting');
    expect(r.stderr).toMatch(/ended FINISHED\/FAILED/);
    expect(r.code).toBe(1);
  });

  it('apx watch refuses a malformed id (exit 2) and reports an unknown one (exit 3)', async () => {
    const env = cliEnv(cluster);
    const bad = await runApx(['watch', '--cluster', 'mini', 'not-an-id'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'not-an-id' is not a YARN application id");
    const unknown = await runApx(['watch', '--cluster', 'mini', '--plain', 'application_1000000000000_0999'], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('application application_1000000000000_0999 is not known to the ResourceManager');
  });
});
