/**
 * Watching: CPU and requests per report interval while `apx watch` follows 1 app, then 50 apps, for
 * a while (target: ≤ 2 requests per interval per app; CPU ≤ 2 % of a core for one app).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, tempDir, type CaseResult } from '../lib.js';

const CLOCK_TICKS = 100;

/** utime + stime of a process, in seconds, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export async function watching(cluster: MiniCluster, appIds: string[], seconds: number, intervalMs: number): Promise<{ cpuPercent: number; requestsPerIntervalPerApp: number }> {
  const home = tempDir('apx-bench-home-');
  const state = path.join(home, 'mini.json');
  fs.writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  const env = { ...process.env, HOME: home, APX_MINICLUSTER_STATE: state, HADOOP_USER_NAME: 'bench', CI: '1' };
  const children = appIds.map((id) => spawn(process.execPath, [APX, 'watch', '--cluster', 'mini', '--json', '--interval', `${intervalMs}ms`, id], { env, stdio: ['ignore', 'ignore', 'pipe'] }));
  const errors: string[] = [];
  for (const c of children) c.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
  // Let them start up, then measure a steady window.
  await new Promise((r) => setTimeout(r, 3_000));
  const dead = children.filter((c) => c.exitCode !== null);
  if (dead.length) throw new Error(`apx watch exited early: ${errors.join('').slice(0, 500)}`);
  const cpuBefore = children.map((c) => cpuSeconds(c.pid as number));
  const requestsBefore = cluster.faults.requests.length;
  const startedAt = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (Date.now() - startedAt) / 1000;
  const cpu = children.reduce((a, c, i) => a + cpuSeconds(c.pid as number) - (cpuBefore[i] as number), 0);
  const requests = cluster.faults.requests.slice(requestsBefore).filter((r) => r.at >= startedAt).length;
  for (const c of children) c.kill('SIGINT');
  await Promise.all(children.map((c) => new Promise((r) => c.on('close', r))));
  const intervals = (elapsed * 1000) / intervalMs;
  return { cpuPercent: (cpu / elapsed / appIds.length) * 100, requestsPerIntervalPerApp: requests / intervals / appIds.length };
}

export async function watchingCase(cluster: MiniCluster, startApps: (n: number) => Promise<string[]>, seconds: number): Promise<CaseResult> {
  const intervalMs = 1000;
  const one = await watching(cluster, await startApps(1), seconds, intervalMs);
  const fifty = await watching(cluster, await startApps(50), seconds, intervalMs);
  return {
    case: `watching (${seconds} s, interval 1 s)`,
    figures: [
      { name: '1 app: CPU', value: one.cpuPercent, unit: '% of a core' },
      { name: '1 app: requests / interval', value: one.requestsPerIntervalPerApp, unit: '' },
      { name: '50 apps: CPU per watcher', value: fifty.cpuPercent, unit: '% of a core' },
      { name: '50 apps: requests / interval / app', value: fifty.requestsPerIntervalPerApp, unit: '' },
    ],
    target: '≤ 2 requests / interval / app; CPU ≤ 2 % for 1 app',
    pass: one.requestsPerIntervalPerApp <= 2 && fifty.requestsPerIntervalPerApp <= 2 && one.cpuPercent <= 2,
  };
}
