/** Applications that run until killed, submitted through apx's own service, for the watching cases. */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { MiniCluster } from '../src/minicluster/mini-cluster.js';
import { miniTarget } from '../src/minicluster/target.js';
import { EventBus } from '../src/monitor/events.js';
import { HashRecord } from '../src/hdfs/content-hash.js';
import { submitApplication } from '../src/services/submit.js';
import { buildSubmission, resolveSparkConf } from '../src/services/submission-config.js';

export async function submitHanging(cluster: MiniCluster, count: number, extraConf: string[] = []): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-bench-app-'));
  const jar = path.join(dir, 'app.jar');
  fs.writeFileSync(jar, 'bench app');
  const env = { HADOOP_USER_NAME: 'bench' };
  const target = miniTarget(cluster.urls, env, async () => {}, 'bench');
  const flags = { class: 'com.acme.Main', conf: ['spark.minicluster.hang=true', 'spark.minicluster.taskMillis=1000', ...extraConf] };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const sub = buildSubmission(jar, [], flags, resolveSparkConf(flags, target, env), target, env, dir);
    const r = await submitApplication({ submission: sub, target, bus: new EventBus(), detach: true, cwd: dir, signal: new AbortController().signal, record: new HashRecord(path.join(dir, 'h.json')) });
    ids.push(r.appId as string);
  }
  // Wait until they all run, so the watchers see Spark's API and the driver log.
  const deadline = Date.now() + 60_000;
  while (ids.some((id) => cluster.rm.apps.get(id)?.state !== 'RUNNING') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return ids;
}
