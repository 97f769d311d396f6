/** `apx top` with 2,000 running applications: the client's CPU per refresh (target < 200 ms). */
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { ROOT, median, run, type CaseResult } from '../lib.js';

export async function topMany(cluster: MiniCluster, count: number, runs: number): Promise<CaseResult> {
  cluster.rm.seedRunning(count);
  cluster.faults.requests.length = 0;
  const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'top-client.ts'), cluster.urls.resourceManager, String(runs)]);
  if (r.code !== 0) throw new Error(`top client failed: ${r.stderr}`);
  const samples = JSON.parse(r.stdout) as { cpuMs: number; wallMs: number; apps: number }[];
  const cpu = median(samples.map((s) => s.cpuMs));
  const worst = Math.max(...samples.map((s) => s.cpuMs));
  const rest = cluster.faults.requests.filter((q) => q.service === 'rm' && q.path.startsWith('/ws/')).length;
  const refreshes = samples.length + 3;
  return {
    case: `top (${samples[0]?.apps ?? 0} running apps)`,
    figures: [
      { name: 'client CPU per refresh (median)', value: cpu, unit: 'ms' },
      { name: 'client CPU per refresh (worst)', value: worst, unit: 'ms' },
      { name: 'wall per refresh (median)', value: median(samples.map((s) => s.wallMs)), unit: 'ms' },
      { name: 'RM REST requests per refresh', value: rest / refreshes, unit: '' },
    ],
    target: '< 200 ms CPU per refresh, 3 requests',
    pass: cpu < 200 && rest === 3 * refreshes,
  };
}
