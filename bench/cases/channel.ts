/**
 * The job channel (docs/channel.md): how long a message takes from the job's call to apx's event
 * (median, p95), what watching costs in requests per interval with and without the channel, and
 * what a call costs the job (a real JVM calling the shipped library, 2,000,000 times).
 * Targets: on screen within two report intervals; ≤ 3 requests / interval with the channel, ≤ 2
 * without; ≤ 5 % of a job making 100,000 calls a second (≤ 500 ns per call).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, ROOT, median, tempDir, type CaseResult } from '../lib.js';

type Hang = (n: number, extraConf?: string[]) => Promise<string[]>;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Watches one app with `apx watch --json` for a window: requests per interval, and each message's delay from the job's clock. */
async function watchWindow(cluster: MiniCluster, appId: string, seconds: number, intervalMs: number, expectMessages: boolean): Promise<{ requestsPerInterval: number; latencies: number[] }> {
  const home = tempDir('apx-bench-home-');
  const state = path.join(home, 'mini.json');
  fs.writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  const env = { ...process.env, HOME: home, APX_MINICLUSTER_STATE: state, HADOOP_USER_NAME: 'bench', CI: '1' };
  const child = spawn(process.execPath, [APX, 'watch', '--cluster', 'mini', '--json', '--interval', `${intervalMs}ms`, appId], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const latencies: number[] = [];
  let measuring = false;
  let firstMessageAt: number | undefined;
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const now = Date.now();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      if (!l.includes('"type":"message"')) continue;
      firstMessageAt ??= now;
      if (measuring) latencies.push(now - (JSON.parse(l) as { jobTime: number }).jobTime);
    }
  });
  // Steady state: after start-up, and (with the channel) after the replay of what was written before
  // apx turned the channel on (it waits for the library's stderr cue: docs/channel.md).
  await new Promise((r) => setTimeout(r, 3_000));
  for (let waited = 0; expectMessages && firstMessageAt === undefined && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, expectMessages ? 2 * intervalMs : 0));
  measuring = true;
  const before = cluster.faults.requests.length;
  const startedAt = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = Date.now() - startedAt;
  const requests = cluster.faults.requests.slice(before).filter((q) => q.at >= startedAt).length;
  child.kill('SIGINT');
  await new Promise((r) => child.on('close', r));
  return { requestsPerInterval: requests / (elapsed / intervalMs), latencies };
}

/** Nanoseconds per call of Channel.update in a real JVM, writing (LOG_DIRS set) and not (a job outside YARN). */
function jobCostPerCall(): { writing: number; off: number } | undefined {
  const jar = path.join(ROOT, 'dist', 'jvm', 'apx-channel.jar');
  if (!fs.existsSync(jar)) return undefined;
  const dir = tempDir('apx-bench-channel-job-');
  fs.writeFileSync(path.join(dir, 'Cost.java'), `
import apx.channel.Channel;
public class Cost {
  public static void main(String[] a) {
    int n = 2000000;
    for (int i = 0; i < 200000; i++) Channel.update("warm", i);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) { if ((i & 1) == 0) Channel.update("loss", i * 0.5); else Channel.progress("training", i / (double) n, null); }
    long t1 = System.nanoTime();
    System.out.println((t1 - t0) / (double) n);
  }
}`);
  execFileSync('javac', ['--release', '8', '-Xlint:-options', '-cp', jar, '-d', dir, path.join(dir, 'Cost.java')]);
  const run = (env: NodeJS.ProcessEnv) => Number(execFileSync('java', ['-cp', `${jar}:${dir}`, 'Cost'], { env: { PATH: process.env.PATH, ...env } }).toString().trim());
  const logs = tempDir('apx-bench-channel-logs-');
  const writing = median([run({ LOG_DIRS: logs }), run({ LOG_DIRS: logs }), run({ LOG_DIRS: logs })]);
  const off = median([run({}), run({}), run({})]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(logs, { recursive: true, force: true });
  return { writing, off };
}

/** The same for the Python library in a real python3 (informational: CPython's own loop is a large part of it). */
function pythonCostPerCall(): { writing: number; off: number } | undefined {
  const zip = path.join(ROOT, 'dist', 'python', 'apx-channel.zip');
  if (!fs.existsSync(zip)) return undefined;
  const dir = tempDir('apx-bench-channel-py-');
  const script = path.join(dir, 'cost.py');
  fs.writeFileSync(script, [
    'import time', 'from apx import channel', 'n = 300000', 'for i in range(20000): channel.update("warm", i)', 't0 = time.perf_counter()',
    'for i in range(n):', '    if i & 1: channel.update("loss", i * 0.5)', '    else: channel.progress("training", i / n)', 'print((time.perf_counter() - t0) / n * 1e9)',
  ].join('\n'));
  const logs = tempDir('apx-bench-channel-py-logs-');
  const run = (env: NodeJS.ProcessEnv) => Number(execFileSync('python3', [script], { env: { PATH: process.env.PATH, PYTHONPATH: zip, ...env }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
  const writing = median([run({ LOG_DIRS: logs }), run({ LOG_DIRS: logs }), run({ LOG_DIRS: logs })]);
  const off = median([run({}), run({}), run({})]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(logs, { recursive: true, force: true });
  return { writing, off };
}

export async function channelCase(cluster: MiniCluster, hang: Hang, seconds: number): Promise<CaseResult> {
  const intervalMs = 1000;
  // Spark's own work done at once (one task), so both windows measure watching, not the stale-jobs re-reads of a busy app.
  const idle = ['spark.minicluster.jobs=1', 'spark.minicluster.stagesPerJob=1', 'spark.minicluster.tasksPerStage=1'];
  const [plainApp] = await hang(1, idle);
  const without = await watchWindow(cluster, plainApp as string, seconds, intervalMs, false);
  const [channelApp] = await hang(1, [...idle, 'spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=100000000', 'spark.minicluster.taskMillis=100']);
  const withChannel = await watchWindow(cluster, channelApp as string, seconds, intervalMs, true);
  const cost = jobCostPerCall();
  const py = pythonCostPerCall();
  const p50 = median(withChannel.latencies);
  const p95 = percentile(withChannel.latencies, 95);
  const overheadAt100k = cost ? (cost.writing * 100_000) / 1e9 * 100 : NaN;
  return {
    case: `job channel (${seconds} s, interval 1 s)`,
    figures: [
      { name: 'latency, job call → event: median', value: p50, unit: 'ms' },
      { name: 'latency, job call → event: p95', value: p95, unit: 'ms' },
      { name: 'messages measured', value: withChannel.latencies.length, unit: '' },
      { name: 'requests / interval without channel', value: without.requestsPerInterval, unit: '' },
      { name: 'requests / interval with channel', value: withChannel.requestsPerInterval, unit: '' },
      { name: 'job: ns per call (writing)', value: cost?.writing ?? NaN, unit: 'ns' },
      { name: 'job: ns per call (outside YARN)', value: cost?.off ?? NaN, unit: 'ns' },
      { name: 'job: cost at 100,000 calls/s', value: overheadAt100k, unit: '% of a core' },
      { name: 'Python job: ns per call (writing)', value: py?.writing ?? NaN, unit: 'ns' },
      { name: 'Python job: ns per call (outside YARN)', value: py?.off ?? NaN, unit: 'ns' },
    ],
    target: 'p95 ≤ 2 intervals; ≤ 2 requests/interval without, ≤ 3 with; JVM job ≤ 5 % at 100,000 calls/s (Python: measured, no target)',
    pass: p95 <= 2 * intervalMs && without.requestsPerInterval <= 2 && withChannel.requestsPerInterval <= 3 && withChannel.latencies.length > 0 && (!cost || overheadAt100k <= 5),
    note: cost ? undefined : 'no dist/jvm/apx-channel.jar (built without a JDK): job cost not measured',
  };
}
