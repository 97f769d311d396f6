/**
 * `apx top` through bin/apx against the mini cluster: one snapshot as text or JSON, filters, bad
 * input, and the cost per interval counted on the mini's own request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';
import { startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let env: NodeJS.ProcessEnv;
let spark: string;
let seeded: string[];

beforeAll(async () => {
  cluster = await startMini();
  env = cliEnv(cluster);
  const { result } = await submitTo(cluster, { primary: writeJar(tempDir()), detach: true, flags: { name: 'live-etl', conf: ['spark.minicluster.hang=true', 'spark.minicluster.taskMillis=200'] } });
  spark = result.appId as string;
  await waitForState(cluster, spark, ['RUNNING']);
  seeded = cluster.rm.seedRunning(40, { users: ['ana', 'bob'] });
  cluster.rm.seedHistory(20);
});
afterAll(() => cluster.stop());

interface JsonSnapshot {
  type: string;
  cluster: { totalMB: number; usedMB: number; totalVCores: number; running: number };
  queues: { path: string; usedMB: number }[];
  apps: { id: string; user: string; state: string; memoryMB: number; spark?: { available: boolean } }[];
}

describe('apx top --plain / --json', () => {
  it('--json prints one snapshot: the cluster, its queues, and only the applications still running', async () => {
    const r = await runApx(['top', '--cluster', 'mini', '--json'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0] as string) as JsonSnapshot;
    expect(s.type).toBe('snapshot');
    expect(s.cluster).toMatchObject({ totalMB: 8192, totalVCores: 8 });
    expect(s.queues.map((q) => q.path)).toEqual(['root.default']);
    expect(s.queues[0]?.usedMB).toBeGreaterThan(0);
    expect(s.apps).toHaveLength(41);
    expect(s.apps.every((a) => a.state === 'RUNNING')).toBe(true);
    // Sorted by memory: the real Spark app with executors holds the most.
    expect(s.apps[0]?.id).toBe(spark);
  });

  it('--plain prints the snapshot as text; --user and --state narrow it', async () => {
    const r = await runApx(['top', '--cluster', 'mini', '--plain', '--user', 'ana', '--sort', 'id'], { ...env, COLUMNS: '160' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^apx top .* 20 applications$/);
    expect(lines[1]).toMatch(/^cluster {2}mem [\d.]+G\/8\.0G .* · vcores \d+\/8 /);
    expect(lines[2]).toMatch(/^queue default {2}[\d.]+% of 100% \(max 100%\)/);
    expect(lines[3]).toMatch(/^APPLICATION\s+USER\s+QUEUE\s+STATE\s+ELAPSED\s+CONT\s+MEM\s+VC\s+%Q\s+SPARK\s+NAME$/);
    const rows = lines.slice(4).filter(Boolean);
    expect(rows).toHaveLength(20);
    expect(rows.every((l) => / ana {6}default {2}RUNNING /.test(l))).toBe(true);
    const none = await runApx(['top', '--cluster', 'mini', '--plain', '--state', 'ACCEPTED'], env);
    expect(none.stdout).toMatch(/0 applications\n/);
  });

  it('bad input is one line and exit 2; no mini cluster running is exit 2 with what to do', async () => {
    const bad = await runApx(['top', '--cluster', 'mini', '--json', '--interval', '5ms'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--interval '5ms' is not a time of at least 200ms");
    const state = await runApx(['top', '--cluster', 'mini', '--json', '--state', 'DONE'], env);
    expect(state.code).toBe(2);
    expect(state.stderr).toContain("--state 'DONE' is not a YARN state");
    const sort = await runApx(['top', '--cluster', 'mini', '--sort', 'colour'], env);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toContain('colour');
    const nothing = await runApx(['top', '--cluster', 'mini', '--json'], cliEnv());
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('no mini cluster is running');
    for (const r of [bad, state, sort, nothing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a ResourceManager that cannot be reached is exit 3, not an empty view', async () => {
    const unreachable = { ...cliEnv(), APX_RM_URL: 'http://127.0.0.1:9', HADOOP_USER_NAME: 'root' };
    const r = await runApx(['top', '--json'], unreachable);
    expect(r.code).toBe(3);
    // No snapshot, only the error event every --json command ends with when it fails.
    expect(events(r.stdout)).toEqual([expect.objectContaining({ type: 'error', exitCode: 3, message: expect.stringContaining('cannot reach http://127.0.0.1:9') })]);
  });

  it('--watch costs 3 ResourceManager requests per interval whatever the number of apps, plus at most 2 Spark UI requests', async () => {
    cluster.faults.requests.length = 0;
    const run = spawnApx(['top', '--cluster', 'mini', '--json', '--watch', '--interval', '300ms'], env);
    await waitFor('five snapshots', () => (run.output().split('\n').filter((l) => l.startsWith('{"type":"snapshot"')).length >= 5 ? true : undefined), 20_000);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const snapshots = result.stdout.split('\n').filter((l) => l.startsWith('{"type":"snapshot"')).length;
    const rm = cluster.faults.requests.filter((q) => q.service === 'rm');
    const rest = rm.filter((q) => q.path.startsWith('/ws/'));
    const proxy = rm.filter((q) => q.path.startsWith('/proxy/'));
    // A refresh may have been under way when Ctrl-C came: one interval more at most.
    expect(rest.length).toBeGreaterThanOrEqual(3 * snapshots);
    expect(rest.length).toBeLessThanOrEqual(3 * (snapshots + 1));
    expect(new Set(rest.map((q) => q.path.split('?')[0]))).toEqual(new Set(['/ws/v1/cluster/apps', '/ws/v1/cluster/metrics', '/ws/v1/cluster/scheduler']));
    expect(proxy.length).toBeGreaterThan(0);
    expect(proxy.length).toBeLessThanOrEqual(2 * (snapshots + 1));
    // The rotation reached the real Spark app, whose UI answers with progress.
    const last = JSON.parse(result.stdout.trim().split('\n').filter((l) => l.startsWith('{"type":"snapshot"')).pop() as string) as JsonSnapshot;
    expect(last.apps.find((a) => a.id === spark)?.spark).toMatchObject({ available: true });
    expect(seeded.length).toBe(40);
  });
});
