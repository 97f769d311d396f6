/** `apx list --json` against a cluster holding 10,000 applications (target ≤ 1 s). */
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, median, run, type CaseResult } from '../lib.js';

export async function listMany(cluster: MiniCluster, times: number): Promise<CaseResult> {
  const env = { ...process.env, APX_RM_URL: cluster.urls.resourceManager, HADOOP_USER_NAME: 'bench', APX_CONFIG_DIR: '/nonexistent' };
  const walls: number[] = [];
  let count = 0;
  for (let i = 0; i < times; i++) {
    const r = await run(process.execPath, [APX, 'list', '--json'], env);
    if (r.code !== 0) throw new Error(`apx list failed: ${r.stderr}`);
    count = (JSON.parse(r.stdout) as unknown[]).length;
    walls.push(r.millis);
  }
  const wall = median(walls) / 1000;
  return { case: `list (${count} apps)`, figures: [{ name: 'apx list --json', value: wall, unit: 's' }], target: '≤ 1 s', pass: wall <= 1 };
}
