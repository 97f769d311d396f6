/**
 * Replays the recorded ResourceManager restart (fixtures rm-restart/, Hadoop 3.3.6 with
 * work-preserving recovery) against the mini cluster's restart: refused while down, then
 * INITIALIZING with the recorded 404 for a known application, then the report back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { loadRecording, missingKeys, typedShapeOf } from '../helpers/recording.js';
import { http, startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let finished: string;
let running: string;
let before: { finished: Record<string, unknown>; running: Record<string, unknown> };
const seen: { refused?: unknown; info?: Awaited<ReturnType<typeof http>>; report?: Awaited<ReturnType<typeof http>>; list?: Awaited<ReturnType<typeof http>> } = {};

type Report = { app: Record<string, unknown> };

function replayUrl(name: string, appId: string): string {
  const req = loadRecording(`rm-restart/${name}`).request as NonNullable<ReturnType<typeof loadRecording>['request']>;
  return `${cluster.urls.resourceManager}${req.target.replace(/application_\d+_\d+/, appId)}`;
}

async function report(appId: string): Promise<Record<string, unknown>> {
  return ((await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}?user.name=root`)).json as Report).app;
}

beforeAll(async () => {
  cluster = await startMini();
  const jar = writeJar(tempDir());
  finished = (await submitTo(cluster, { primary: jar })).result.appId as string;
  running = (await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } })).result.appId as string;
  await waitForState(cluster, running, ['RUNNING']);
  before = { finished: await report(finished), running: await report(running) };
  await cluster.restartResourceManager({ downMs: 400, initializingMs: 2_500 });
  // The first try may land on a pooled keep-alive socket the stop cut (a reset); a new connection is refused.
  const infoUrl = `${cluster.urls.resourceManager}/ws/v1/cluster/info?user.name=root`;
  await http('GET', infoUrl).catch(() => undefined);
  seen.refused = await http('GET', infoUrl).catch((e: unknown) => e);
  await waitFor('the RM to recover', () => (cluster.rmLifecycle.recovering ? true : undefined));
  seen.info = await http('GET', replayUrl('rm-cluster-info-initializing.http', finished));
  seen.report = await http('GET', replayUrl('rm-app-report-during-recovery.http', finished));
  seen.list = await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/apps?user.name=root`);
  await waitFor('recovery to end', () => (cluster.rmLifecycle.haState === 'ACTIVE' ? true : undefined), 5_000);
}, 30_000);
afterAll(() => cluster.stop());

describe('ResourceManager restart contract (recorded on Hadoop 3.3.6)', () => {
  it('while down, the RM refuses connections', () => {
    expect(seen.refused).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('while recovering, cluster info says STARTED / INITIALIZING with the recorded keys and a new start time', () => {
    const rec = loadRecording('rm-restart/rm-cluster-info-initializing.http');
    const got = seen.info as NonNullable<typeof seen.info>;
    expect(got.status).toBe(rec.final.status);
    expect(got.headers['content-type']).toBe(rec.final.headers['content-type']);
    expect([...typedShapeOf(got.json).keys()].sort()).toEqual([...typedShapeOf(JSON.parse(rec.final.body)).keys()].sort());
    const info = (got.json as { clusterInfo: { state: string; haState: string; id: number; startedOn: number } }).clusterInfo;
    expect([info.state, info.haState]).toEqual(['STARTED', 'INITIALIZING']);
    expect(info.startedOn).toBe(info.id);
    expect(info.startedOn).toBeGreaterThan(cluster.clusterTimestamp);
  });

  it('while recovering, a known application answers the recorded 404 NotFoundException', () => {
    const rec = loadRecording('rm-restart/rm-app-report-during-recovery.http');
    const got = seen.report as NonNullable<typeof seen.report>;
    const recorded = JSON.parse(rec.final.body) as { RemoteException: Record<string, string> };
    expect(got.status).toBe(rec.final.status);
    expect(got.headers['content-type']).toBe(rec.final.headers['content-type']);
    expect(got.json).toEqual({ RemoteException: { ...recorded.RemoteException, message: (recorded.RemoteException.message as string).replace(/application_\d+_\d+/, finished) } });
    expect(seen.list?.text).toBe('{"apps":{}}');
  });

  it('after recovery the report is back unchanged, with the recorded diagnostics and preempted usage', async () => {
    const rec = loadRecording('rm-restart/rm-app-report-after-recovery.http');
    const got = await http('GET', replayUrl('rm-app-report-after-recovery.http', finished));
    expect(got.status).toBe(rec.final.status);
    const gaps = missingKeys(JSON.parse(rec.final.body), got.json, ['.app.resourceInfo']);
    expect(gaps).toEqual([]);
    const app = (got.json as Report).app;
    const unchanged = ['id', 'state', 'finalStatus', 'startedTime', 'launchTime', 'finishedTime', 'amContainerLogs', 'trackingUrl', 'memorySeconds'];
    for (const k of unchanged) expect(app[k], k).toEqual(before.finished[k]);
    expect(app.diagnostics).toBe('Attempt recovered after RM restart');
    expect(app.preemptedMemorySeconds).toBe(app.memorySeconds);
    // Active again, the RM has a new cluster timestamp, later than its start (the recorded clusterId is).
    const info = ((await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/info?user.name=root`)).json as { clusterInfo: { id: number; startedOn: number } }).clusterInfo;
    expect(app.clusterId).toBe(info.id);
    expect(info.id).toBeGreaterThan(info.startedOn);
    expect(got.text).toMatch(/"preemptedResourceSecondsMap":\{"entry":\{"key":"memory-mb","value":"\d+"\},"entry":\{"key":"vcores","value":"\d+"\}\}/);
  });

  it('a running application kept running on its AM container; new containers carry the next epoch', async () => {
    const app = await report(running);
    expect([app.state, app.amContainerLogs]).toEqual(['RUNNING', before.running.amContainerLogs]);
    expect(app.diagnostics).toBe('Attempt recovered after RM restart');
    const { result } = await submitTo(cluster, { primary: writeJar(tempDir(), 'after.jar', 'after'), detach: true });
    await waitForState(cluster, result.appId as string, ['RUNNING', 'FINISHED']);
    // New ids carry the new cluster timestamp and count from 1 again; the container the next epoch.
    const ts = cluster.rmLifecycle.clusterTimestamp;
    expect(result.appId).toBe(`application_${ts}_0001`);
    expect((await report(result.appId as string)).amContainerLogs).toMatch(new RegExp(`/containerlogs/container_e01_${ts}_0001_01_000001/`));
  });
});
