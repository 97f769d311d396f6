/**
 * `apx submit --auto-size`: on mini clusters shaped like real ones (several nodes, queues, a busy or
 * full queue, the fair scheduler with Spark's shuffle service), --dry-run explains every chosen value
 * with the cluster's numbers, the user's settings are kept, and a real submission runs with them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

const GiB = 1024 ** 3;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
let jar: string;

/** A file whose length HDFS reports (the mini keeps lengths as metadata; the bytes are not needed here). */
function claimFile(cluster: MiniCluster, path: string, length: number): void {
  const node = cluster.store.createFile(path, 'root', true);
  cluster.store.completeFile(node, length);
}

/** The "Auto-size:" section of a --dry-run: key → { value, why, kept }. */
function autoSizeSection(stdout: string): Map<string, { value: string; why: string; kept: boolean }> {
  const section = stdout.slice(stdout.indexOf('Auto-size:'), stdout.indexOf('Launch context for:'));
  const out = new Map<string, { value: string; why: string; kept: boolean }>();
  for (const m of section.matchAll(/^ {2}(\S+) = (\S+)(  \(yours, kept\))?\n {6}why: (.*)$/gm)) out.set(m[1] as string, { value: m[2] as string, kept: !!m[3], why: m[4] as string });
  return out;
}

beforeAll(() => {
  jar = writeJar(tempDir());
});

describe('--auto-size on a capacity-scheduler cluster of 3 nodes and two queues', () => {
  let cluster: MiniCluster;
  beforeAll(async () => {
    cluster = await startMini({
      layout: {
        nodes: [{ memoryMB: 16384, vcores: 8 }, { memoryMB: 16384, vcores: 8 }, { memoryMB: 16384, vcores: 8 }],
        queues: [{ name: 'default', capacity: 60, maxCapacity: 100 }, { name: 'etl', capacity: 40, maxCapacity: 60, usedMB: 8192, usedVCores: 4 }],
        minAllocationMB: 1024, maxAllocation: { memoryMB: 8192, vcores: 4 },
      },
    });
    claimFile(cluster, '/user/root/events/part-0', 6 * GiB);
    claimFile(cluster, '/user/root/events/part-1', 2 * GiB);
    claimFile(cluster, '/data/dim.parquet', GiB);
    cluster.rm.seedHistory(6);
  });
  afterAll(() => cluster.stop());

  it('--dry-run explains every chosen value with the numbers it came from, and submits nothing', async () => {
    const before = cluster.rm.apps.size;
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--auto-size', '--queue', 'etl', '--input', 'events', '--input', 'hdfs:///data/dim.parquet', jar], cliEnv(cluster));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const chosen = autoSizeSection(r.stdout);
    expect([...chosen.keys()].sort()).toEqual(['spark.default.parallelism', 'spark.executor.cores', 'spark.executor.instances', 'spark.executor.memory', 'spark.sql.shuffle.partitions']);
    // Each chosen value is in the settings table as --auto-size's, and its why carries the cluster's numbers.
    for (const [key, c] of chosen) expect(r.stdout).toMatch(new RegExp(`${key.replace(/\./g, '\\.')}\\s+${c.value}\\s+\\(--auto-size\\)`));
    const cores = Number(chosen.get('spark.executor.cores')?.value);
    expect(cores).toBeLessThanOrEqual(4); // the largest container: 4 vcores
    expect(chosen.get('spark.executor.cores')?.why).toContain('the smallest node has 8 vcores and a container at most 4');
    expect(chosen.get('spark.executor.memory')?.why).toMatch(/16384 MB \/ \d+ = \d+ MB, down to a multiple of 1024 MB \(yarn\.scheduler\.minimum-allocation-mb 1024\)/);
    // 9 GiB of input in 2 paths → 72 tasks of 128 MiB.
    expect(chosen.get('spark.executor.instances')?.why).toContain('input 9.0 GiB in 2 path(s) / 128 MiB per task = 72 task(s)');
    // Queue etl may grow to 60 % of 49152 MB, but one user only to capacity × user-limit-factor 1:
    // 40 % of 49152 MB = 19660 MB, of 24 vcores = 9; 8192 MB of it are used.
    expect(chosen.get('spark.executor.instances')?.why).toContain('queue etl may hold 19660 MB / 9 vcores (capacity scheduler, its maxEffectiveCapacity, and one user\'s share: capacity × userLimitFactor 1)');
    expect(chosen.get('spark.executor.instances')?.why).toContain('uses 8192 MB / 4 vcores');
    expect(Number(chosen.get('spark.sql.shuffle.partitions')?.value)).toBeGreaterThanOrEqual(72);
    expect(r.stdout).not.toContain('Nothing was sent to the cluster');
    expect(r.stdout).toContain('Nothing was submitted or uploaded (--auto-size only read the cluster).');
    expect(r.stdout).toMatch(/--auto-size read the cluster \(GET only, nothing submitted\): http:\/\/127\.0\.0\.1:\d+\/ws\/v1\/cluster\/scheduler/);
    expect(cluster.rm.apps.size).toBe(before);
  });

  it('the user\'s flags and --conf win and are shown as kept', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--auto-size', '--executor-cores', '2', '--conf', 'spark.sql.shuffle.partitions=50', jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    const chosen = autoSizeSection(r.stdout);
    expect(chosen.get('spark.executor.cores')).toEqual({ value: '2', kept: true, why: 'yours (--executor-cores)' });
    expect(chosen.get('spark.sql.shuffle.partitions')).toMatchObject({ value: '50', kept: true });
    expect(r.stdout).toMatch(/spark\.executor\.cores\s+2\s+\(--executor-cores\)/);
    expect(r.stdout).toMatch(/spark\.sql\.shuffle\.partitions\s+50\s+\(--conf spark\.sql\.shuffle\.partitions\)/);
  });

  it('--dry-run --json carries the same choices', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--json', '--auto-size', jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { spark: Record<string, { value: string; source: string }>; autoSize: { settings: { key: string; value: string; why: string }[] } };
    for (const s of json.autoSize.settings) expect(json.spark[s.key]).toEqual({ value: s.value, source: '--auto-size' });
  });

  it('a missing --input, and --input without --auto-size, are usage errors (exit 2, one line)', async () => {
    const missing = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--auto-size', '--input', '/nope', jar], cliEnv(cluster));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^apx: --input \/nope: \/nope does not exist on the cluster's file system\n {2}Check the path/);
    const alone = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--input', 'events', jar], cliEnv(cluster));
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('apx: --input is read only by --auto-size\n  Add --auto-size, or leave --input out.\n');
  });

  it('an unknown queue is a configuration error naming the queues there are', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--auto-size', '--queue', 'adhoc', jar], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("apx: the scheduler has no leaf queue 'adhoc'\n  Known leaf queues: root.default, root.etl. Pick one with --queue.\n");
  });

  it('a submission with --auto-size runs with the chosen sizes and shows them in the live view', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', '--auto-size', '--input', 'events', ...quick, jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/auto-size: \d+ executor\(s\) × \d cores × \d+m \(\+\d+m overhead, \d+ MB containers, \d per node\) in queue default; \d+ shuffle partitions/);
    const [, count, cores] = /auto-size: (\d+) executor\(s\) × (\d) cores/.exec(r.stderr) ?? [];
    const app = [...cluster.rm.apps.values()].at(-1);
    expect(app?.state).toBe('FINISHED');
    // The AM (the mini's imitation of Spark's) read the chosen settings from __spark_conf__ and asked for them.
    const amLog = [...cluster.containers.containers.values()].find((c) => c.appId === app?.id)?.files.get('stderr') ?? '';
    expect(amLog).toContain(`YarnAllocator: Will request ${count} executor container(s), each with ${cores} core(s)`);
  });

  it('--json prints the auto-size event before the submission', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--json', '--auto-size', ...quick, jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    const types = events(r.stdout).map((e) => e.type);
    expect(types.indexOf('auto-size')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('auto-size')).toBeLessThan(types.indexOf('submitted'));
    const e = events(r.stdout).find((x) => x.type === 'auto-size') as { settings: { key: string }[] };
    expect(e.settings.map((s) => s.key)).toContain('spark.executor.memory');
  });
});

describe('--auto-size on a full queue', () => {
  let cluster: MiniCluster;
  beforeAll(async () => {
    cluster = await startMini({ layout: { nodes: [{ memoryMB: 32768, vcores: 16 }], queues: [{ name: 'default', capacity: 50, maxCapacity: 100 }, { name: 'etl', capacity: 50, maxCapacity: 50, usedMB: 16384, usedVCores: 8 }] } });
    cluster.rm.seedHistory(6);
  });
  afterAll(() => cluster.stop());

  it('asks for no more than the queue holds, and says how long recent applications of the queue waited', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--auto-size', '--queue', 'etl', jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    expect(autoSizeSection(r.stdout).get('spark.executor.instances')?.why).toContain('the queue is full now');
    // seedHistory: two of six finished applications ran in etl, each launched 500 ms after submission.
    expect(r.stdout).toContain('note: queue etl has room for 0 executor(s) now');
    expect(r.stdout).toContain('the last 2 application(s) of queue etl waited 500 ms (median), at most 500 ms, from submission to their AM\'s launch');
  });
});

describe('--auto-size on a fair-scheduler cluster with the external shuffle service', () => {
  let cluster: MiniCluster;
  beforeAll(async () => {
    cluster = await startMini({ layout: { scheduler: 'fair', shuffleService: true, nodes: [{ memoryMB: 24576, vcores: 12 }, { memoryMB: 24576, vcores: 12 }], queues: [{ name: 'default', capacity: 50, maxCapacity: 75 }], maxAllocation: { memoryMB: 12288, vcores: 6 } } });
  });
  afterAll(() => cluster.stop());

  it('--dry-run chooses dynamic allocation bounded by the queue, and explains every value', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--auto-size', jar], cliEnv(cluster));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const chosen = autoSizeSection(r.stdout);
    expect([...chosen.keys()].sort()).toEqual([
      'spark.default.parallelism', 'spark.dynamicAllocation.enabled', 'spark.dynamicAllocation.initialExecutors', 'spark.dynamicAllocation.maxExecutors',
      'spark.dynamicAllocation.minExecutors', 'spark.executor.cores', 'spark.executor.memory', 'spark.shuffle.service.enabled', 'spark.sql.shuffle.partitions',
    ]);
    for (const [, c] of chosen) expect(c.why.length).toBeGreaterThan(20);
    expect(chosen.get('spark.dynamicAllocation.enabled')?.why).toContain('yarn.nodemanager.aux-services mapreduce_shuffle,spark_shuffle');
    // The fair scheduler names the queue root.default; 75 % of 49152 MB = 36864 MB, of 24 vcores = 18.
    expect(chosen.get('spark.dynamicAllocation.maxExecutors')?.why).toContain('queue root.default may hold 36864 MB / 18 vcores (fair scheduler, maxResources');
    // The fair scheduler rounds to its increment (yarn.resource-types.memory-mb.increment-allocation).
    expect(chosen.get('spark.executor.memory')?.why).toContain('yarn.resource-types.memory-mb.increment-allocation 512');
    expect(r.stdout).toContain('in queue root.default');
  });
});

describe('--auto-size behind a Knox-style gateway', () => {
  it('reads the scheduler and nodes through the gateway, and the allocation step from the local yarn-site.xml', async () => {
    const password = 'gw-pass';
    const cluster = await startMini({ gateway: { path: '/gateway/test' }, basicAuth: { user: 'ana', password }, layout: { nodes: [{ memoryMB: 32768, vcores: 8 }, { memoryMB: 32768, vcores: 8 }] } });
    try {
      const conf = tempDir('apx-gw-conf-');
      fs.writeFileSync(path.join(conf, 'yarn-site.xml'), '<configuration><property><name>yarn.resourcemanager.hostname</name><value>rm.internal</value></property><property><name>yarn.scheduler.minimum-allocation-mb</name><value>2048</value></property></configuration>');
      fs.writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>fs.defaultFS</name><value>hdfs://127.0.0.1:9000</value></property></configuration>');
      const env = cliEnv(cluster, { APX_PASSWORD: password, HADOOP_USER_NAME: '' });
      const add = await runApx(['cluster', 'add', 'knox', '--from-hadoop-conf', conf, '--rm', cluster.urls.gateway as string, '--gateway', '/gateway/test', '--auth', 'basic', '--user', 'ana', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip'], env);
      expect(add.code, add.stderr).toBe(0);
      const r = await runApx(['submit', '--cluster', 'knox', '--dry-run', '--auto-size', jar], env);
      expect(r.code, r.stderr).toBe(0);
      expect(autoSizeSection(r.stdout).get('spark.executor.memory')?.why).toContain('down to a multiple of 2048 MB (yarn.scheduler.minimum-allocation-mb 2048)');
      const through = cluster.faults.requests.filter((q) => q.service === 'gateway').map((q) => q.path);
      expect(through).toContain('/gateway/test/resourcemanager/v1/cluster/scheduler');
      expect(through).toContain('/gateway/test/resourcemanager/v1/cluster/nodes');
    } finally {
      await cluster.stop();
    }
  });
});
