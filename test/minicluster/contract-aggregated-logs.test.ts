/**
 * Replays the recorded Hadoop 3.3.6 exchanges with log aggregation on (aggregated-logs/*.http)
 * against the mini cluster: the RM's logAggregationStatus, the HDFS layout, the JobHistoryServer's
 * REST answers, and what the NodeManager says once it has forgotten the finished containers.
 * Recorded ids, hosts and times differ; statuses, content types, shapes and messages must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { http, startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';
import { loadRecording, missingKeys } from '../helpers/recording.js';

let cluster: MiniCluster;
let nows: MiniCluster;
let jar: string;
const rec = (name: string) => loadRecording(`aggregated-logs/${name}.http`).final;
const RECORDED_APP = 'application_1795653817107_0002';
const RECORDED_CID = 'container_e09_1795653817107_0002_01_000002';

beforeAll(async () => {
  [cluster, nows] = await Promise.all([startMini({ logAggregation: { delayMillis: 400 } }), startMini({ logAggregation: { jobHistory: false, delayMillis: 50 } })]);
  jar = writeJar(tempDir());
});
afterAll(async () => {
  await Promise.all([cluster.stop(), nows.stop()]);
});

async function finished(c: MiniCluster): Promise<{ appId: string; cid: string }> {
  const { result } = await submitTo(c, { primary: jar });
  const appId = result.appId as string;
  await waitFor('aggregation', () => c.logAggregation?.status(appId, true) === 'SUCCEEDED');
  return { appId, cid: c.rm.apps.get(appId)?.attempts[0]?.containerId as string };
}

const ours = (text: string, appId: string, cid: string) => text.replaceAll(RECORDED_CID, cid).replaceAll(RECORDED_APP, appId);

describe('log aggregation contract (recorded on Hadoop 3.3.6)', () => {
  it('logAggregationStatus: NOT_START while running and just after the end, then SUCCEEDED', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    const appId = result.appId as string;
    await waitForState(cluster, appId, ['RUNNING']);
    const report = async () => (await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}?user.name=root`)).json as { app: Record<string, unknown> };
    const running = await report();
    expect(running.app.logAggregationStatus).toBe(JSON.parse(rec('ds-rm-app-report-running-logagg-not-start').body).app.logAggregationStatus);
    // The app dir exists, empty, while the app runs.
    const dir = cluster.logAggregation!.appDir(appId, 'root');
    expect(dir).toBe(`/tmp/logs/root/bucket-logs-tfile/${appId.split('_')[2]!.slice(-4)}/${appId}`);
    expect(cluster.store.lookup(dir)?.children.size).toBe(0);
    await http('PUT', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}/state?user.name=root`, '{"state":"KILLED"}');
    await waitForState(cluster, appId, ['KILLED']);
    expect((await report()).app.logAggregationStatus).toBe('NOT_START');
    await waitFor('SUCCEEDED', async () => (await report()).app.logAggregationStatus === JSON.parse(rec('ds-rm-app-report-finished-logagg-succeeded').body).app.logAggregationStatus || undefined);
  });

  it('the node file in HDFS: one per NodeManager, named host_port, 640, in a 770 app dir (ds-webhdfs-liststatus-app-dir)', async () => {
    const { appId } = await finished(cluster);
    const dir = cluster.logAggregation!.appDir(appId, 'root');
    const got = await http('GET', `${cluster.urls.nameNode}/webhdfs/v1${dir}?op=LISTSTATUS&user.name=root`);
    const recorded = JSON.parse(rec('ds-webhdfs-liststatus-app-dir').body).FileStatuses.FileStatus[0];
    const mine = (got.json as { FileStatuses: { FileStatus: Record<string, unknown>[] } }).FileStatuses.FileStatus;
    expect(mine.map((f) => [f.pathSuffix, f.permission, f.type, f.owner])).toEqual([[recorded.pathSuffix, recorded.permission, recorded.type, recorded.owner]]);
    const parent = await http('GET', `${cluster.urls.nameNode}/webhdfs/v1${dir.replace(/\/[^/]+$/, '')}?op=LISTSTATUS&user.name=root`);
    expect((parent.json as { FileStatuses: { FileStatus: Record<string, unknown>[] } }).FileStatuses.FileStatus[0]?.permission).toBe(JSON.parse(rec('webhdfs-liststatus-bucket-dir').body).FileStatuses.FileStatus[0].permission);
  });

  it('JobHistoryServer listings: JSON, one container as an object, sizes as strings, anonymous allowed', async () => {
    const { appId, cid } = await finished(cluster);
    const jhs = cluster.urls.jobHistory as string;
    for (const [name, path] of [['ds-jhs-aggregatedlogs-container', `/ws/v1/history/aggregatedlogs?appid=${appId}&containerid=${cid}`], ['ds-jhs-containers-logs', `/ws/v1/history/containers/${cid}/logs`], ['ds-jhs-aggregatedlogs-anonymous', `/ws/v1/history/aggregatedlogs?appid=${appId}`]] as const) {
      const got = await http('GET', `${jhs}${path}${name.endsWith('anonymous') ? '' : '&user.name=root'.replace(/^&/, path.includes('?') ? '&' : '?')}`);
      const recorded = rec(name);
      expect(got.status).toBe(recorded.status);
      expect(got.headers['content-type']).toBe(recorded.headers['content-type']);
      expect(got.headers['set-cookie']).toBeUndefined();
      const info = (got.json as { containerLogsInfo: unknown }).containerLogsInfo as { containerLogInfo: { fileSize: unknown }[]; nodeId: string; logAggregationType: string };
      expect(Array.isArray(info)).toBe(false);
      expect(missingKeys(JSON.parse(recorded.body).containerLogsInfo, info, ['[]'])).toEqual([]);
      expect(info.nodeId).toBe('localhost_45454');
      expect(info.logAggregationType).toBe('AGGREGATED');
      expect(typeof info.containerLogInfo[0]?.fileSize).toBe('string');
    }
  });

  it('JobHistoryServer files: framed like yarn logs, size=±N keeps LogLength, and the recorded error answers', async () => {
    const { appId, cid } = await finished(cluster);
    const jhs = cluster.urls.jobHistory as string;
    const get = (path: string) => http('GET', `${jhs}${path}`);
    const whole = await get(`/ws/v1/history/containerlogs/${cid}/stderr?user.name=root`);
    const recorded = rec('ds-jhs-containerlogs-stderr');
    expect([whole.status, whole.headers['content-type']]).toEqual([recorded.status, recorded.headers['content-type']]);
    const head = (t: string) => t.split('\n').slice(0, 7).map((l) => l.replace(/:.*/, ':').replace(/^=+$/, '='));
    expect(head(whole.text)).toEqual(head(recorded.body));
    const length = Number(/LogLength:(\d+)/.exec(whole.text)?.[1]);
    expect(whole.text.endsWith(`\nEnd of LogType:stderr\n${'*'.repeat(71)}\n\n`)).toBe(true);
    for (const size of [-200, 200]) {
      const part = await get(`/ws/v1/history/containerlogs/${cid}/stderr?size=${size}&user.name=root`);
      expect(Number(/LogLength:(\d+)/.exec(part.text)?.[1])).toBe(length);
      const body = part.text.slice(part.text.indexOf('LogContents:\n') + 13, part.text.indexOf('\nEnd of LogType:'));
      expect(Buffer.byteLength(body)).toBe(200);
    }
    const exact = async (name: string, path: string) => {
      const got = await get(path);
      const want = rec(name);
      expect([got.status, got.headers['content-type'], got.text]).toEqual([want.status, want.headers['content-type'], ours(want.body, appId, cid)]);
    };
    await exact('ds-jhs-containerlogs-missing-file', `/ws/v1/history/containerlogs/${cid}/no-such-file?user.name=root`);
    await exact('jhs-containerlogs-bad-containerid', '/ws/v1/history/containerlogs/not-a-container/stderr?user.name=root');
    await exact('ds-jhs-containerlogs-format-bad', `/ws/v1/history/containerlogs/${cid}/stdout?format=html&user.name=root`);
    await exact('ds-jhs-containerlogs-size-bad', `/ws/v1/history/containerlogs/${cid}/stdout?size=abc&user.name=root`);
    const octet = await get(`/ws/v1/history/containerlogs/${cid}/stdout?format=octet-stream&user.name=root`);
    expect([octet.status, octet.headers['content-type']]).toEqual([200, rec('ds-jhs-containerlogs-format-octet').headers['content-type']]);
    await exact('jhs-aggregatedlogs-no-params', '/ws/v1/history/aggregatedlogs?user.name=root');
    await exact('jhs-aggregatedlogs-bad-appid', '/ws/v1/history/aggregatedlogs?appid=not-an-app&user.name=root');
    await exact('jhs-aggregatedlogs-unknown-app', '/ws/v1/history/aggregatedlogs?appid=application_1000000000000_0999&user.name=root');
    const unknown = await get('/ws/v1/history/containerlogs/container_1000000000000_0999_01_000001/stderr?user.name=root');
    expect([unknown.status, unknown.headers['content-type']]).toEqual([500, rec('jhs-containerlogs-unknown-app').headers['content-type']]);
    const notServed = await get(`/ws/v1/history/containers/${cid}/logs/stderr?user.name=root`);
    expect([notServed.status, notServed.headers['content-type']]).toEqual([404, rec('ds-jhs-containers-logs-file-not-served').headers['content-type']]);
  });

  it('a finished app whose logs are not uploaded yet: the recorded 500 "Can not find remote application directory"', async () => {
    const slow = await startMini({ logAggregation: { delayMillis: 5000 } });
    try {
      const { result } = await submitTo(slow, { primary: jar });
      const appId = result.appId as string;
      const got = await http('GET', `${slow.urls.jobHistory}/ws/v1/history/aggregatedlogs?appid=${appId}&user.name=root`);
      const want = rec('ds-jhs-aggregatedlogs-finished-not-yet-aggregated');
      expect([got.status, got.text]).toEqual([want.status, ours(want.body, appId, '')]);
    } finally {
      await slow.stop();
    }
  });

  it("the RM's attempt containers: listed while the attempt runs, {} once it finished, then 404 for one of them", async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    const appId = result.appId as string;
    await waitForState(cluster, appId, ['RUNNING']);
    const cid = cluster.rm.apps.get(appId)?.attempts[0]?.containerId as string;
    const attempt = `appattempt_${appId.slice('application_'.length)}_000001`;
    const base = `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}/appattempts/${attempt}/containers`;
    const running = await http('GET', `${base}?user.name=root`);
    expect(missingKeys(JSON.parse(rec('ds-rm-appattempt-containers-running').body), running.json)).toEqual([]);
    expect((running.json as { container: { containerId: string }[] }).container.map((c) => c.containerId)).toEqual([cid]);
    await http('PUT', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}/state?user.name=root`, '{"state":"KILLED"}');
    await waitForState(cluster, appId, ['KILLED']);
    expect((await http('GET', `${base}?user.name=root`)).text).toBe(rec('ds-rm-appattempt-containers-finished').body);
    const one = await http('GET', `${base}/${cid}?user.name=root`);
    const want = rec('ds-rm-appattempt-container-finished');
    expect([one.status, one.text]).toEqual([want.status, ours(want.body, appId, cid).replace('container_e09_1795653817107_0002_01_000001', cid)]);
  });

  it('while the app runs the JobHistoryServer sends container requests to the NodeManager and has no listing', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    const appId = result.appId as string;
    await waitForState(cluster, appId, ['RUNNING']);
    const cid = cluster.rm.apps.get(appId)?.attempts[0]?.containerId as string;
    const jhs = cluster.urls.jobHistory as string;
    const file = await http('GET', `${jhs}/ws/v1/history/containerlogs/${cid}/stderr?user.name=root`);
    const recFile = rec('ds-jhs-containerlogs-running-stderr');
    expect([file.status, file.headers['content-type']]).toEqual([recFile.status, recFile.headers['content-type']]);
    expect(new URL(file.headers.location as string).pathname + new URL(file.headers.location as string).search).toBe(ours(new URL(recFile.headers.location as string).pathname + new URL(recFile.headers.location as string).search, appId, cid));
    const list = await http('GET', `${jhs}/ws/v1/history/aggregatedlogs?appid=${appId}&user.name=root`);
    const recList = rec('ds-jhs-aggregatedlogs-running');
    expect([list.status, list.text]).toEqual([recList.status, ours(recList.body, appId, cid)]);
    await http('PUT', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}/state?user.name=root`, '{"state":"KILLED"}');
  });

  it('the NodeManager forgets aggregated containers: 307 to the log server, or the recorded 404/500 without one', async () => {
    const { appId, cid } = await finished(cluster);
    const nm = cluster.urls.nodeManager;
    for (const [name, path] of [['ds-nm-containerlogs-stderr-finished', `/ws/v1/node/containerlogs/${cid}/stderr?user.name=root`], ['ds-nm-containers-logs-finished', `/ws/v1/node/containers/${cid}/logs?user.name=root`]] as const) {
      const got = await http('GET', `${nm}${path}`);
      const want = rec(name);
      expect([got.status, got.headers['content-type'], got.text]).toEqual([want.status, want.headers['content-type'], '']);
      const loc = new URL(got.headers.location as string);
      const recLoc = new URL(want.headers.location as string);
      expect(loc.pathname + loc.search).toBe(ours(recLoc.pathname + recLoc.search, appId, cid));
      expect(loc.origin).toBe(cluster.urls.jobHistory);
    }
    const container = await http('GET', `${nm}/ws/v1/node/containers/${cid}?user.name=root`);
    expect([container.status, container.text]).toEqual([404, ours(rec('ds-nm-container-finished').body, appId, cid)]);

    const gone = await finished(nows);
    for (const [name, path] of [['nows-ds-nm-containerlogs-stderr-finished', `/ws/v1/node/containerlogs/${gone.cid}/stderr?user.name=root`], ['nows-ds-nm-containers-logs-finished', `/ws/v1/node/containers/${gone.cid}/logs?user.name=root`]] as const) {
      const got = await http('GET', `${nows.urls.nodeManager}${path}`);
      const want = rec(name);
      expect([got.status, got.headers['content-type'], got.text]).toEqual([want.status, want.headers['content-type'], want.body]);
    }
  });
});
