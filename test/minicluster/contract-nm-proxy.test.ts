/**
 * Replays the recorded NodeManager and RM-proxy exchanges: log wrapping and tails, container lists,
 * the proxy's 302 before registration and after the end, and Spark's REST shapes through the proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { parseWrappedLogs } from '../../src/yarn/nm-client.js';
import { loadRecording, missingKeys } from '../helpers/recording.js';
import { http, startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

async function amContainer(appId: string): Promise<string> {
  return waitFor('an AM container', () => cluster.rm.apps.get(appId)?.attempts[0]?.containerId);
}

describe('NodeManager contract (recorded on Hadoop 3.3.6)', () => {
  it('node info and running containers have the recorded shape', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    await waitForState(cluster, result.appId as string, ['RUNNING']);
    const nm = cluster.urls.nodeManager;
    const info = await http('GET', `${nm}/ws/v1/node/info?user.name=root`);
    expect(missingKeys(JSON.parse(loadRecording('nm-node-info.http').final.body), info.json)).toEqual([]);
    const containers = await http('GET', `${nm}/ws/v1/node/containers?user.name=root`);
    expect(missingKeys(JSON.parse(loadRecording('nm-containers-running.http').final.body), containers.json)).toEqual([]);
  });

  it('log listings and log files are wrapped like the real ones, and size=-N tails keep the whole LogLength', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    const appId = result.appId as string;
    await waitForState(cluster, appId, ['RUNNING']);
    const cid = await amContainer(appId);
    await waitFor('driver log lines', () => (cluster.containers.containers.get(cid)?.files.get('stderr')?.length ?? 0) > 300 || undefined);
    const nm = cluster.urls.nodeManager;
    const listing = await http('GET', `${nm}/ws/v1/node/containers/${cid}/logs?user.name=root`);
    expect(missingKeys(JSON.parse(loadRecording('nm-container-logs-list-running.http').final.body), listing.json)).toEqual([]);
    const names = (listing.json as { containerLogsInfo: { containerLogInfo: { fileName: string }[] } }).containerLogsInfo.containerLogInfo.map((f) => f.fileName);
    expect(names).toEqual(expect.arrayContaining(['stdout', 'stderr', 'launch_container.sh', 'prelaunch.err']));

    // The driver keeps writing: LogLength is the file's length at some moment between these two.
    const stderrLength = () => Buffer.byteLength(cluster.containers.containers.get(cid)?.files.get('stderr') ?? '');
    const before = stderrLength();
    const tail = await http('GET', `${nm}/ws/v1/node/containerlogs/${cid}/stderr?size=-200&user.name=root`);
    const after = stderrLength();
    const recorded = parseWrappedLogs(loadRecording('nm-container-log-stderr-tail.http').final.body)[0];
    const ours = parseWrappedLogs(tail.text)[0];
    expect(recorded?.running).toBe(true);
    expect(ours?.running).toBe(true);
    expect(Buffer.byteLength(ours?.contents ?? '')).toBe(200);
    expect(ours?.length).toBeGreaterThanOrEqual(before);
    expect(ours?.length).toBeLessThanOrEqual(after);
    expect(tail.text.split('\n').slice(0, 7).map((l) => l.split(':')[0])).toEqual(loadRecording('nm-container-log-stderr-tail.http').final.body.split('\n').slice(0, 7).map((l) => l.split(':')[0]));

    await http('PUT', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${appId}/state?user.name=root`, '{"state":"KILLED"}');
    await waitForState(cluster, appId, ['KILLED']);
    const finished = await http('GET', `${nm}/ws/v1/node/containerlogs/${cid}/stdout?user.name=root`);
    expect(parseWrappedLogs(finished.text)[0]?.running).toBe(false);
  });

  it('a missing log is a 404 with the recorded text', async () => {
    const rec = loadRecording('nm-container-log-not-found.http');
    const got = await http('GET', `${cluster.urls.nodeManager}${rec.request?.target}`);
    expect(got.status).toBe(404);
    expect(got.text).toBe(rec.final.body);
  });
});

describe('RM web proxy and Spark REST contract (recorded with a Spark-style AM)', () => {
  it('302 while ACCEPTED, Spark JSON while RUNNING, 302 with the path kept after KILLED', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true', 'spark.minicluster.startupMillis=300', 'spark.minicluster.taskMillis=500'] } });
    const appId = result.appId as string;
    const rm = cluster.urls.resourceManager;
    const jobsUrl = `${rm}/proxy/${appId}/api/v1/applications/${appId}/jobs?user.name=root`;
    const accepted = await http('GET', jobsUrl);
    expect(accepted.status).toBe(loadRecording('spark-app/proxy-spark-jobs-accepted.http').final.status);
    expect(accepted.headers.location).toMatch(new RegExp(`/cluster/app/${appId}$`));

    await waitForState(cluster, appId, ['RUNNING']);
    const before = await waitFor('the Spark UI', async () => {
      const r = await http('GET', jobsUrl);
      return r.status === 200 ? r : undefined;
    });
    expect(before.text).toBe(loadRecording('spark-app/proxy-spark-jobs-before-first-job.http').final.body);

    const running = await waitFor('a running job', async () => {
      const r = await http('GET', jobsUrl);
      return (r.json as unknown[]).length ? r : undefined;
    });
    expect(missingKeys(JSON.parse(loadRecording('spark-app/proxy-spark-jobs-running.http').final.body), running.json)).toEqual([]);
    expect(running.text).toMatch(/^\[ \{\n {2}"jobId" : 0,/);
    const stages = await http('GET', `${rm}/proxy/${appId}/api/v1/applications/${appId}/stages?status=active&user.name=root`);
    const recordedStages = JSON.parse(loadRecording('spark-app/proxy-spark-stages-active-running.http').final.body);
    const shuffleDetail = ['executorDeserialize', 'executorCpu', 'resultSize', 'jvmGc', 'resultSerial', 'peakExecution', 'shuffleRemote', 'shuffleLocal', 'shuffleFetch', 'shuffleCorrupt', 'shuffleMerged', 'shuffleWriteTime', 'isShufflePushEnabled', 'shuffleMergersCount'];
    expect(missingKeys(recordedStages, stages.json).filter((k) => !shuffleDetail.some((d) => k.includes(d)))).toEqual([]);
    expect((stages.json as { status: string }[]).every((s) => s.status === 'ACTIVE')).toBe(true);
    const apps = await http('GET', `${rm}/proxy/${appId}/api/v1/applications?user.name=root`);
    expect(missingKeys(JSON.parse(loadRecording('spark-app/proxy-spark-applications-running.http').final.body), apps.json)).toEqual([]);

    await http('PUT', `${rm}/ws/v1/cluster/apps/${appId}/state?user.name=root`, '{"state":"KILLED"}');
    await waitForState(cluster, appId, ['KILLED']);
    const killed = await http('GET', jobsUrl);
    expect(killed.status).toBe(302);
    const recordedLocation = loadRecording('spark-app/proxy-finished-killed.http').final.headers.location as string;
    expect(new URL(killed.headers.location as string).pathname.replace(appId, 'X').replaceAll(appId, 'X')).toBe(new URL(recordedLocation).pathname.replaceAll(/application_\d+_\d+/g, 'X'));
  });

  it('a failing first attempt sends the app back to ACCEPTED, and the second attempt gets its own container', async () => {
    const { result } = await submitTo(cluster, { primary: jar, flags: { conf: ['spark.minicluster.failAttempts=1'] } });
    expect(result.exitCode).toBe(0);
    const app = cluster.rm.apps.get(result.appId as string);
    expect(app?.attempts.map((a) => a.containerId.split('_')[3])).toEqual(['01', '02']);
    const attempts = await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${result.appId}/appattempts?user.name=root`);
    expect(missingKeys(JSON.parse(loadRecording('spark-app/rm-appattempts-finished-failed.http').final.body), attempts.json)).toEqual([]);
  });
});
