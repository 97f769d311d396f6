/**
 * Warm resubmit: the second submission of an app with 250 MB of unchanged dependencies uploads 0 bytes
 * of them and reaches ACCEPTED (apx submit --detach returns) within 1.5 s.
 */
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, MiB, bigFile, median, run, tempDir, type CaseResult } from '../lib.js';

export async function warmResubmit(cluster: MiniCluster, times: number, depsBytes: number): Promise<CaseResult> {
  const dir = tempDir();
  const jars = [0, 1, 2, 3, 4].map((i) => bigFile(dir, `dep-${i}.jar`, Math.floor(depsBytes / 5) + i));
  const app = bigFile(dir, 'app.jar', 1 * MiB);
  const home = tempDir('apx-bench-home-');
  const state = path.join(home, 'mini.json');
  (await import('node:fs')).writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  const env = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), APX_MINICLUSTER_STATE: state, HADOOP_USER_NAME: 'bench', CI: '1' };
  const args = [APX, 'submit', '--cluster', 'mini', '--json', '--detach', '--class', 'com.acme.Main', '--jars', jars.join(','), '--conf', 'spark.minicluster.hang=true', app];
  const cold = await run(process.execPath, args, env);
  if (cold.code !== 0) throw new Error(`first submission failed: ${cold.stderr}`);
  const walls: number[] = [];
  let uploaded = 0;
  for (let i = 0; i < times; i++) {
    const r = await run(process.execPath, args, env);
    if (r.code !== 0) throw new Error(`warm submission failed: ${r.stderr}`);
    walls.push(r.millis);
    const end = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; uploadedBytes?: number }).find((e) => e.type === 'upload-end');
    uploaded = Math.max(uploaded, end?.uploadedBytes ?? Number.NaN);
  }
  const wall = median(walls) / 1000;
  return {
    case: `warm resubmit (${Math.round(depsBytes / MiB)} MiB of deps)`,
    figures: [
      { name: 'first submission to ACCEPTED', value: cold.millis / 1000, unit: 's' },
      { name: 'dependency bytes uploaded again', value: uploaded, unit: 'B' },
      { name: 'wall time to ACCEPTED', value: wall, unit: 's' },
    ],
    target: '0 bytes of dependencies; ≤ 1.5 s',
    pass: uploaded === 0 && wall <= 1.5,
    note: "the mini cluster's default pacing holds each app ~0.3 s in NEW/NEW_SAVING/SUBMITTED before ACCEPTED",
  };
}
