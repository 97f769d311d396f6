/**
 * Replays the recorded ResourceManager exchanges against the mini cluster: status codes, JSON
 * shapes, RemoteException types, and the surprises the recordings' README lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { loadRecording, missingKeys, typedShapeOf } from '../helpers/recording.js';
import { http, startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let rm: string;
let jar: string;

beforeAll(async () => {
  cluster = await startMini();
  rm = cluster.urls.resourceManager;
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

/** The recorded request target with the recorded app id swapped for one of ours. */
function target(name: string, appId?: string): { method: string; path: string; body: string } {
  const req = loadRecording(name).request as NonNullable<ReturnType<typeof loadRecording>['request']>;
  const path = appId ? req.target.replace(/application_\d+_\d+/, appId) : req.target;
  return { method: req.method, path, body: req.body };
}

async function replay(name: string, appId?: string) {
  const t = target(name, appId);
  const got = await http(t.method as 'GET', `${rm}${t.path}`, t.body || undefined);
  return { rec: loadRecording(name), got };
}

/** The report keys the recording has and ours lacks (resourceInfo and resourceRequests are out of scope). */
function reportGaps(recorded: string, actual: unknown): string[] {
  return missingKeys(JSON.parse(recorded), actual, ['.app.resourceInfo', '.app.resourceRequests', '.apps.app[].resourceInfo', '.apps.app[].resourceRequests']);
}

async function runningApp(conf: string[] = []): Promise<string> {
  const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true', ...conf] } });
  await waitForState(cluster, result.appId as string, ['RUNNING']);
  return result.appId as string;
}

describe('ResourceManager contract (recorded on Hadoop 3.3.6)', () => {
  it('cluster info, metrics and nodes have the recorded shape', async () => {
    for (const [name, ignore] of [['rm-cluster-info.http', []], ['rm-cluster-metrics.http', []], ['rm-cluster-nodes.http', ['.nodes.node[].']]] as const) {
      const { rec, got } = await replay(name);
      expect(got.status).toBe(rec.final.status);
      expect(missingKeys(JSON.parse(rec.final.body), got.json, [...ignore])).toEqual([]);
    }
  });

  it('cluster metrics: exactly the recorded keys, nesting, order and JSON types', async () => {
    const { rec, got } = await replay('rm-cluster-metrics.http');
    const recorded = JSON.parse(rec.final.body) as { clusterMetrics: Record<string, unknown> };
    expect(Object.fromEntries(typedShapeOf(got.json))).toEqual(Object.fromEntries(typedShapeOf(recorded)));
    expect(Object.keys((got.json as typeof recorded).clusterMetrics)).toEqual(Object.keys(recorded.clusterMetrics));
    expect(got.text).toContain('"maximumAllocation":9223372036854775807');
  });

  it('anonymous requests are refused with 401 PseudoAuth, as HTML or JSON by Accept', async () => {
    const html = await replay('rm-cluster-info-anonymous.http');
    expect(html.got.status).toBe(401);
    expect(html.got.headers['www-authenticate']).toBe('PseudoAuth');
    expect(html.got.headers['content-type']).toBe(html.rec.final.headers['content-type']);
    const json = await http('GET', `${rm}/ws/v1/cluster/info`, undefined, { accept: 'application/json' });
    expect(json.status).toBe(401);
    expect(missingKeys(JSON.parse(loadRecording('rm-cluster-info-anonymous-json.http').final.body), json.json)).toEqual([]);
    const write = await replay('rm-new-application-anonymous.http');
    expect(write.got.status).toBe(401);
  });

  it('new-application answers an id and the maximum capability, Long.MAX_VALUE exact', async () => {
    const { rec, got } = await replay('rm-new-application.http');
    expect(got.status).toBe(200);
    expect(missingKeys(JSON.parse(rec.final.body), got.json)).toEqual([]);
    expect((got.json as Record<string, string>)['application-id']).toMatch(new RegExp(`^application_${cluster.clusterTimestamp}_\\d{4}$`));
    expect(got.text).toContain('"maximumAllocation":9223372036854775807');
  });

  it('a submission with any well-formed id is accepted with 202, a Location and no body; a resubmission creates nothing', async () => {
    const { rec, got } = await replay('rm-submit-unknown-app-id.http');
    expect(got.status).toBe(rec.final.status);
    expect(got.text).toBe('');
    expect(got.headers.location).toMatch(/\/ws\/v1\/cluster\/apps\/application_1000000000000_0001$/);
    const count = cluster.rm.apps.size;
    const again = await replay('rm-submit-unknown-app-id.http');
    expect(again.got.status).toBe(202);
    expect(cluster.rm.apps.size).toBe(count);
  });

  it('bad submissions, ids and filters answer the recorded RemoteException', async () => {
    for (const name of ['rm-submit-empty-object.http', 'rm-submit-malformed-json.http', 'rm-app-not-found.http', 'rm-app-bad-id.http', 'rm-apps-bad-state-filter.http']) {
      const { rec, got } = await replay(name);
      const recorded = JSON.parse(rec.final.body) as { RemoteException: { exception: string; message: string } };
      expect(got.status, name).toBe(rec.final.status);
      expect((got.json as typeof recorded).RemoteException.exception, name).toBe(recorded.RemoteException.exception);
      if (name !== 'rm-submit-malformed-json.http') expect((got.json as typeof recorded).RemoteException.message, name).toBe(recorded.RemoteException.message);
    }
  });

  it('an empty app list is {"apps":{}}', async () => {
    await waitFor('no app in NEW_SAVING', () => ![...cluster.rm.apps.values()].some((a) => a.state === 'NEW_SAVING') || undefined);
    const { got } = await replay('rm-apps-empty-filter.http');
    expect(got.text).toBe('{"apps":{}}');
  });

  it('reports in ACCEPTED, RUNNING and FINISHED carry the recorded fields; resourceSecondsMap repeats "entry"', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    const appId = result.appId as string;
    const accepted = await replay('rm-app-report-accepted.http', appId);
    expect((accepted.got.json as { app: { state: string } }).app.state).toMatch(/ACCEPTED|RUNNING/);
    expect(reportGaps(accepted.rec.final.body, accepted.got.json).filter((k) => !k.includes('trackingUrl') && !k.includes('amContainerLogs') && !k.includes('amHostHttpAddress'))).toEqual([]);
    await waitForState(cluster, appId, ['RUNNING']);
    const running = await replay('rm-app-report-running.http', appId);
    expect(reportGaps(running.rec.final.body, running.got.json)).toEqual([]);
    expect(running.got.text).toMatch(/"resourceSecondsMap":\{"entry":\{"key":"memory-mb"[^}]*\},"entry":\{"key":"vcores"/);
    const state = await replay('rm-app-state-running.http', appId);
    expect(state.got.json).toEqual({ state: 'RUNNING' });
    const attempts = await replay('rm-app-attempts-running.http', appId);
    expect(missingKeys(JSON.parse(attempts.rec.final.body), attempts.got.json)).toEqual([]);
  });

  it('PUT state RUNNING on a running app answers 200 with its state, not 400', async () => {
    const appId = await runningApp();
    const { got } = await replay('rm-app-state-invalid-target.http', appId);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ state: 'RUNNING' });
  });

  it('kill answers 202 KILLING with a Location, then 200 KILLED; anonymous kill is 401', async () => {
    const appId = await runningApp();
    const anonymous = await replay('rm-app-kill-anonymous.http', appId);
    expect(anonymous.got.status).toBe(401);
    const first = await replay('rm-app-kill-accepted.http', appId);
    expect(first.got.status).toBe(202);
    expect(first.got.json).toEqual({ state: 'KILLING' });
    expect(first.got.headers.location).toMatch(new RegExp(`/ws/v1/cluster/apps/${appId}/state$`));
    const done = await waitFor('the kill to finish', async () => {
      const again = await replay('rm-app-kill-done.http', appId);
      return again.got.status === 200 ? again.got : undefined;
    });
    expect(done.json).toEqual({ state: 'KILLED' });
    const report = await replay('rm-app-report-killed.http', appId);
    const app = (report.got.json as { app: Record<string, unknown> }).app;
    expect(app.diagnostics).toBe(`Application ${appId} was killed by user root`);
    expect([app.state, app.finalStatus, app.trackingUI, app.allocatedMB]).toEqual(['KILLED', 'KILLED', 'History', -1]);
    expect(reportGaps(report.rec.final.body, report.got.json)).toEqual([]);
  });

  it('killing a finished app answers 200 with its state; attempts and reports after the end', async () => {
    const { result } = await submitTo(cluster, { primary: jar });
    const appId = result.appId as string;
    expect(result.exitCode).toBe(0);
    const kill = await replay('rm-app-kill-finished.http', appId);
    expect(kill.got.status).toBe(200);
    expect(kill.got.json).toEqual({ state: 'FINISHED' });
    const report = await replay('rm-app-report-finished-succeeded.http', appId);
    expect(reportGaps(report.rec.final.body, report.got.json)).toEqual([]);
    expect((report.got.json as { app: { trackingUrl: string } }).app.trackingUrl).toMatch(/\/proxy\/application_/);
    const attempts = await replay('rm-app-attempts-finished.http', appId);
    expect((attempts.got.json as { appAttempts: { appAttempt: { finishedTime: number }[] } }).appAttempts.appAttempt[0]?.finishedTime).toBeGreaterThan(0);
    const proxy = await replay('rm-proxy-finished.http', appId);
    expect(proxy.got.status).toBe(302);
    expect(proxy.got.headers.location).toMatch(new RegExp(`/cluster/app/${appId}$`));
  });

  it('the app lists have the recorded shape', async () => {
    for (const name of ['rm-apps-list-running.http', 'rm-apps-list-finished.http']) {
      const rec = loadRecording(name);
      const got = await http('GET', `${rm}/ws/v1/cluster/apps?user.name=root`);
      expect(got.status).toBe(200);
      // Apps that never got an attempt have no tracking URL or AM links, as on YARN.
      const gaps = reportGaps(rec.final.body, got.json).filter((k) => !/trackingUrl|amContainerLogs|amHostHttpAddress/.test(k));
      expect(gaps).toEqual([]);
    }
  });

  it('a resource whose timestamp is 1 ms off fails the attempt with -1000 "changed on src filesystem"', async () => {
    const id = ((await http('POST', `${rm}/ws/v1/cluster/apps/new-application?user.name=root`)).json as Record<string, string>)['application-id'] as string;
    const file = cluster.store.createFile('/user/root/x/AppMaster.jar', 'root', true);
    cluster.store.completeFile(file, 1);
    const body = {
      'application-id': id, 'application-name': 'capture-bad-timestamp', 'max-app-attempts': 1,
      'am-container-spec': {
        'local-resources': { entry: [{ key: 'AppMaster.jar', value: { resource: 'hdfs://127.0.0.1:9000/user/root/x/AppMaster.jar', type: 'FILE', visibility: 'APPLICATION', size: 1, timestamp: file.modificationTime + 1 } }] },
        commands: { command: 'true' },
      },
      resource: { memory: 512, vCores: 1 },
    };
    expect((await http('POST', `${rm}/ws/v1/cluster/apps?user.name=root`, JSON.stringify(body))).status).toBe(202);
    await waitForState(cluster, id, ['FAILED']);
    const rec = loadRecording('rm-app-report-failed-resource-changed.http');
    const got = await http('GET', `${rm}/ws/v1/cluster/apps/${id}?user.name=root`);
    const app = (got.json as { app: { diagnostics: string; finalStatus: string } }).app;
    expect(app.finalStatus).toBe('FAILED');
    expect(app.diagnostics).toMatch(/exitCode: -1000/);
    expect(app.diagnostics).toMatch(/changed on src filesystem - expected: "[^"]+", was: "[^"]+"/);
    expect(app.diagnostics).toMatch(new RegExp(`^Application ${id} failed 1 times \\(global limit =2; local limit is =1\\)`));
    expect(reportGaps(rec.final.body, got.json)).toEqual([]);
  });

  it('GET /conf answers the effective configuration as Hadoop XML', async () => {
    const got = await http('GET', `${rm}/conf?user.name=root`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/xml/);
    expect(got.text).toContain('<name>yarn.resourcemanager.scheduler.address</name>');
    expect(got.text).toContain('<name>fs.defaultFS</name>');
  });
});
