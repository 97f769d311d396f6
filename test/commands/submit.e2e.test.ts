/**
 * `apx submit` as users run it: the real bin/apx against the mini cluster. Exit codes, what reaches
 * the application, kill on Ctrl-C / SIGTERM, the shared upload cache, and clean failure on bad input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { launchWithRealShell } from '../../src/minicluster/node-manager-launch.js';
import { QUICK_APP, startMini, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';

let cluster: MiniCluster;
let dir: string;
let jar: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);

beforeAll(async () => {
  cluster = await startMini();
  dir = tempDir();
  jar = writeJar(dir);
});
afterAll(() => cluster.stop());

function stagingDirs(): string[] {
  return [...cluster.store.walk('/user/root/.sparkStaging')].map(([p]) => p).filter((p) => /application_\d+_\d+$/.test(p));
}

function cacheFiles(): string[] {
  return [...cluster.store.walk('/user/root/.apx/cache')].filter(([, n]) => n.type === 'FILE').map(([p]) => p);
}

async function amArgs(appId: string): Promise<string[]> {
  const command = cluster.rm.apps.get(appId)?.submission['am-container-spec'].commands.command ?? '';
  const argv = (await launchWithRealShell(command)).argv ?? [];
  return argv.flatMap((a, i) => (argv[i - 1] === '--arg' ? [a] : []));
}

describe('apx submit against the mini cluster', () => {
  it('runs a jar app to FINISHED/SUCCEEDED with exit 0, the app id on stdout, progress on stderr', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, jar, '2026-11-01'], cliEnv(cluster));
    expect(r.stderr).toContain('RUNNING');
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    expect(r.code).toBe(0);
    const appId = r.stdout.trim();
    expect(appId).toMatch(/^application_\d+_\d{4}$/);
    expect(cluster.rm.apps.get(appId)?.finalStatus).toBe('SUCCEEDED');
    expect(stagingDirs()).not.toContain(`/user/root/.sparkStaging/${appId}`);
  });

  it('passes application arguments untouched, even ones that look like options or shell code', async () => {
    const args = ['--verbose', '-c', 'x=y', '`echo INJECTED`', '$HOME', "it's", '{{PWD}}', 'a}}b', ''];
    const r = await runApx(['submit', '--cluster', 'mini', '--json', ...quick, '--detach', jar, ...args], cliEnv(cluster));
    expect(r.code).toBe(0);
    const appId = (events(r.stdout).find((e) => e.type === 'submitted') as { appId: string }).appId;
    expect(await amArgs(appId)).toEqual(args);
  });

  it('runs a PySpark app to success with PYTHONPATH and the primary file as the AM sees them', async () => {
    const py = path.join(dir, 'job.py');
    fs.writeFileSync(py, 'print("hello")\n');
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, py, 'in.csv', 'out dir'], cliEnv(cluster));
    expect(r.code).toBe(0);
    const app = cluster.rm.apps.get(r.stdout.trim());
    const env = Object.fromEntries(app?.submission['am-container-spec'].environment.entry.map((e) => [e.key, e.value]) ?? []);
    expect(env.PYTHONPATH).toBe('{{PWD}}/pyspark.zip<CPS>{{PWD}}/py4j-0.10.9.7-src.zip<CPS>{{PWD}}/apx-channel.zip');
    expect(app?.submission['am-container-spec'].commands.command).toMatch(/--class 'org\.apache\.spark\.deploy\.PythonRunner' --primary-py-file 'job\.py'/);
    expect(await amArgs(app?.id as string)).toEqual(['in.csv', 'out dir']);
  });

  it('exits 1 and shows YARN\'s diagnostics when the application fails', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--conf', 'spark.minicluster.failAtStage=1', '--conf', 'spark.yarn.maxAppAttempts=1', jar], cliEnv(cluster));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ended FINISHED\/FAILED/);
    expect(r.stderr).toMatch(/User class threw exception: org\.apache\.spark\.SparkException: Job aborted due to stage failure/);
    expect(r.stderr).toContain('last driver log lines:');
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} kills the running application, waits for KILLED, removes the staging dir and exits ${code}`, async () => {
      const run = spawnApx(['submit', '--cluster', 'mini', '--json', ...quick, '--conf', 'spark.minicluster.hang=true', jar], cliEnv(cluster));
      const appId = await waitFor('the app to run', () => {
        const submitted = events(run.output().split('\n').filter((l) => l.includes('"submitted"')).join('\n'))[0] as { appId?: string } | undefined;
        return submitted?.appId && cluster.rm.apps.get(submitted.appId)?.state === 'RUNNING' ? submitted.appId : undefined;
      });
      run.child.kill(signal);
      const r = await run.done;
      expect(r.code).toBe(code);
      expect(cluster.rm.apps.get(appId)?.state).toBe('KILLED');
      const evs = events(r.stdout);
      expect(evs.some((e) => e.type === 'killing')).toBe(true);
      expect(evs.find((e) => e.type === 'end')).toMatchObject({ state: 'KILLED', outcome: 'killed' });
      expect(stagingDirs()).not.toContain(`/user/root/.sparkStaging/${appId}`);
    });
  }

  it('Ctrl-C during the upload submits nothing and leaves no temporary file', async () => {
    const big = path.join(dir, 'big.jar');
    fs.writeFileSync(big, Buffer.alloc(1024 * 1024, 7));
    const before = cluster.rm.apps.size;
    cluster.faults.inject('namenode', { kind: 'delay', ms: 500 }, 3, '/webhdfs/v1/user/root/.apx/cache');
    const run = spawnApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--class', 'com.acme.Main', big], cliEnv(cluster));
    await waitFor('the upload to start', () => run.output().includes('dependencies:') || undefined);
    run.child.kill('SIGINT');
    const r = await run.done;
    cluster.faults.clear();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted during upload: nothing was submitted/);
    await new Promise((res) => setTimeout(res, 600));
    expect(cluster.rm.apps.size).toBe(before);
    expect(cacheFiles().filter((p) => p.includes('.apx-tmp'))).toEqual([]);
  });

  it('a second submission of unchanged dependencies uploads 0 bytes of them', async () => {
    const env = cliEnv(cluster);
    const lib = path.join(dir, 'lib-for-cache.jar');
    fs.writeFileSync(lib, 'some library bytes');
    const args = ['submit', '--cluster', 'mini', '--json', ...quick, '--jars', lib, '--detach', jar];
    const first = events((await runApx(args, env)).stdout).find((e) => e.type === 'upload-end') as { uploadedBytes: number };
    const second = await runApx(args, env);
    expect(second.code).toBe(0);
    const end = events(second.stdout).find((e) => e.type === 'upload-end') as { uploadedBytes: number; reusedBytes: number };
    expect(first.uploadedBytes).toBeGreaterThanOrEqual(0);
    expect(end.uploadedBytes).toBe(0);
    expect(end.reusedBytes).toBeGreaterThan(0);
  });

  it('two concurrent submissions of the same new jar both succeed and leave one cached copy', async () => {
    const fresh = writeJar(tempDir(), 'fresh.jar', `unique-${Date.now()}`);
    const args = ['submit', '--cluster', 'mini', '--plain', ...quick, fresh];
    const [a, b] = await Promise.all([runApx(args, cliEnv(cluster)), runApx(args, cliEnv(cluster))]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const copies = cacheFiles().filter((p) => p.endsWith('/fresh.jar'));
    expect(copies).toHaveLength(1);
    expect(cacheFiles().filter((p) => p.includes('.apx-tmp'))).toEqual([]);
  });

  it('--detach returns once ACCEPTED with the id, leaving the app to run', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--conf', 'spark.minicluster.hang=true', '--detach', jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    const appId = r.stdout.trim();
    // The AM still needs the staging dir: a detached submission must not remove it.
    expect(cluster.store.lookup(`/user/root/.sparkStaging/${appId}/__spark_conf__.zip`)).toBeDefined();
    expect(await waitForState(cluster, appId, ['RUNNING'])).toBe('RUNNING');
  });

  it('a detached application that succeeds has its staging dir removed by its AM, as Spark\'s does', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--detach', jar], cliEnv(cluster));
    const appId = r.stdout.trim();
    await waitForState(cluster, appId, ['FINISHED']);
    expect(cluster.store.lookup(`/user/root/.sparkStaging/${appId}`)).toBeUndefined();
  });
});
