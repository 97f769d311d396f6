/**
 * `apx logs` of a running application beyond the AM's stderr: `--list` (each container's files with
 * node, length and time, like `yarn logs -show_container_log_info`, LOCAL), `--all`/`--file`/`--size`
 * framed by the NodeManager as `yarn logs` prints a running app, and `--json`. Containers come from the
 * RM's appattempts/{id}/containers (recorded: aggregated-logs/ds-rm-appattempt-containers-running).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { http, startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let appId: string;
let am: string;

beforeAll(async () => {
  cluster = await startMini({ logAggregation: true });
  const { result } = await submitTo(cluster, { primary: writeJar(tempDir()), detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
  appId = result.appId as string;
  await waitForState(cluster, appId, ['RUNNING']);
  am = cluster.rm.apps.get(appId)?.attempts[0]?.containerId as string;
  await waitFor('driver log lines', () => (cluster.containers.containers.get(am)?.files.get('stderr')?.length ?? 0) > 200 || undefined);
});
afterAll(async () => {
  await http('PUT', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}/state?user.name=root`, '{"state":"KILLED"}');
  await cluster.stop();
});

describe('apx logs of a running application', () => {
  it('--list: every container with its node, files, lengths and times (LOCAL)', async () => {
    const r = await runApx(['logs', appId, '--cluster', 'mini', '--list'], cliEnv(cluster));
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Container: ${am} on localhost:45454`);
    const rows = lines.filter((l) => l.endsWith('LOCAL')).map((l) => l.split('\t').map((s) => s.trim()));
    expect(rows.map((r) => r[0]).sort()).toEqual(['directory.info', 'launch_container.sh', 'prelaunch.err', 'prelaunch.out', 'stderr', 'stdout']);
    const stderr = rows.find((r) => r[0] === 'stderr');
    expect(Number(stderr?.[1])).toBeGreaterThan(200);
  });

  it('--all --file std.* --size -100: each file framed by the NodeManager, the last 100 bytes', async () => {
    const r = await runApx(['logs', appId, '--cluster', 'mini', '--all', '--file', 'std.*', '--size', '-100'], cliEnv(cluster));
    expect(r.code).toBe(0);
    const types = [...r.stdout.matchAll(/^LogType:(.*)$/gm)].map((m) => m[1]);
    expect(types.sort()).toEqual(['stderr', 'stdout']);
    expect(r.stdout).toContain(`Container: ${am} on localhost:45454\nLogAggregationType: LOCAL`);
    expect(r.stdout).toContain('This log file belongs to a running container');
  });

  it('--json: one record per file', async () => {
    const r = await runApx(['logs', appId, '--cluster', 'mini', '--json', '--file', 'prelaunch.out'], cliEnv(cluster));
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { container: am, node: 'localhost:45454', file: 'prelaunch.out', length: 100, modified: expect.any(String), contents: 'Setting up env variables\nSetting up job resources\nCopying debugging information\nLaunching container\n' },
    ]);
  });

  it('-f with --all is refused up front (exit 2)', async () => {
    const r = await runApx(['logs', appId, '--cluster', 'mini', '--all', '-f'], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-f cannot be combined with --list, --json or --all');
  });
});
