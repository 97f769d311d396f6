/** Start-up: `apx --version` and `apx status <id>` against `node -e 0` (target: status ≤ 2×). */
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, median, run, type CaseResult } from '../lib.js';

export async function startup(cluster: MiniCluster, appId: string, times: number): Promise<CaseResult> {
  const env = { ...process.env, APX_RM_URL: cluster.urls.resourceManager, HADOOP_USER_NAME: 'bench', APX_CONFIG_DIR: '/nonexistent' };
  const sample = async (args: string[]) => {
    const xs: number[] = [];
    for (let i = 0; i < times; i++) {
      const r = await run(process.execPath, args, env);
      if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
      xs.push(r.millis);
    }
    return median(xs);
  };
  const node = await sample(['-e', '0']);
  const version = await sample([APX, '--version']);
  const status = await sample([APX, 'status', appId]);
  const ratio = status / node;
  return {
    case: 'start-up',
    figures: [
      { name: 'node -e 0', value: node, unit: 'ms' },
      { name: 'apx --version', value: version, unit: 'ms' },
      { name: 'apx status <id>', value: status, unit: 'ms' },
      { name: 'status / node', value: ratio, unit: '×' },
    ],
    target: 'apx status ≤ 2× node -e 0',
    pass: ratio <= 2,
  };
}
