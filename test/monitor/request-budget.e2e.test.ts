/**
 * Watching costs at most two requests per report interval per application (the report, and one of
 * Spark's stages, Spark's jobs or the driver log in turn): counted on the mini cluster's own request
 * log, interval by interval, for a whole run — including when a new Spark job makes the jobs stale,
 * and the one look for a job channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { startMini, submitTo, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;

beforeAll(async () => {
  cluster = await startMini();
});
afterAll(() => cluster.stop());

describe('the watching budget', () => {
  it('between two reports of a running application, at most one other request (stages, jobs, the driver log or the channel look)', async () => {
    cluster.faults.requests.length = 0;
    const { result } = await submitTo(cluster, {
      primary: writeJar(tempDir()),
      flags: { conf: ['spark.yarn.report.interval=100ms', 'spark.minicluster.jobs=3', 'spark.minicluster.stagesPerJob=2', 'spark.minicluster.taskMillis=150'] },
    });
    expect(result.exitCode).toBe(0);
    const appId = result.appId as string;
    const ofApp = cluster.faults.requests.filter((r) => r.path === `/ws/v1/cluster/apps/${appId}` || r.path.startsWith(`/proxy/${appId}/`) || (r.service === 'nm' && r.path.includes(appId.slice('application_'.length))));
    const reports = ofApp.map((r, i) => (r.path === `/ws/v1/cluster/apps/${appId}` ? i : -1)).filter((i) => i >= 0);
    expect(reports.length).toBeGreaterThan(20);
    // Every gap between two reports; after the last one (the app ended) come the final reads, once.
    const gaps = reports.slice(1).map((end, k) => ofApp.slice((reports[k] as number) + 1, end).map((r) => `${r.service} ${r.path}`));
    const over = gaps.filter((g) => g.length > 1);
    expect(over, JSON.stringify(over.slice(0, 3))).toEqual([]);
  });
});
