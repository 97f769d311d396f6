/**
 * A NodeManager that fails to serve a log (500) is reported as what it is, with its status and message,
 * in `apx logs` and, once, in the live output of submit/watch; "gone" stays for logs that are gone.
 * The mini cluster's failing NodeManager answers as the recorded one did
 * (kerberos/lab-artefact-nm-containerlog-500-no-libhadoop.http).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';
import { http, QUICK_APP, startMini, submitTo, tempDir, waitFor, writeJar } from '../helpers/mini.js';
import { loadRecording } from '../helpers/recording.js';

let cluster: MiniCluster;
let jar: string;
let env: NodeJS.ProcessEnv;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
const CAUSE = 'java.lang.NoClassDefFoundError: Could not initialize class org.apache.hadoop.io.SecureIOUtils';

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
  env = cliEnv(cluster);
});
afterEach(() => {
  cluster.faults.nodeManagerLogsFail = false;
});
afterAll(() => cluster.stop());

const nmHost = () => new URL(cluster.urls.nodeManager).host;
const logRequests = () => cluster.faults.requests.filter((r) => r.service === 'nm' && r.path.startsWith('/ws/v1/node/containerlogs/')).length;

async function finished(): Promise<{ appId: string; container: string }> {
  const { result } = await submitTo(cluster, { primary: jar });
  const appId = result.appId as string;
  return { appId, container: cluster.rm.apps.get(appId)?.attempts[0]?.containerId as string };
}

describe('the mini NodeManager failing to read logs', () => {
  it('answers log contents with the recorded 500 page; the log listing still works', async () => {
    const { container } = await finished();
    const recorded = loadRecording('kerberos/lab-artefact-nm-containerlog-500-no-libhadoop.http').final;
    cluster.faults.nodeManagerLogsFail = true;
    const r = await http('GET', `${cluster.urls.nodeManager}/ws/v1/node/containerlogs/${container}/stderr?user.name=root`);
    expect(r.status).toBe(recorded.status);
    expect(r.headers['content-type']).toBe(recorded.headers['content-type']);
    const row = (body: string) => /<th>MESSAGE:<\/th><td>([^<]*)<\/td>/.exec(body)?.[1];
    expect(row(r.text)).toBe(row(recorded.body));
    const list = await http('GET', `${cluster.urls.nodeManager}/ws/v1/node/containers/${container}/logs?user.name=root`);
    expect(list.status).toBe(200);
  });
});

describe('apx logs when the NodeManager fails', () => {
  it('says the NodeManager answered 500 and why, in one line, exit 3, not that the log is gone', async () => {
    const { appId } = await finished();
    cluster.faults.nodeManagerLogsFail = true;
    const r = await runApx(['logs', '--cluster', 'mini', appId], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`the NodeManager at ${nmHost()} answered 500: ${CAUSE}`);
    expect(r.stderr).not.toContain('no longer has');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('<');
  });

  it('still says gone, and why, when the NodeManager answers that the log is not on its disk', async () => {
    const { appId, container } = await finished();
    cluster.containers.containers.delete(container);
    const r = await runApx(['logs', '--cluster', 'mini', appId], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`the NodeManager no longer has stderr of ${container}, and log aggregation is off on this cluster`);
    expect(r.stderr).not.toContain('answered');
  });
});

describe('the live output when the driver log cannot be read', () => {
  const slow = ['--conf', 'spark.minicluster.taskMillis=60'];

  it('plain: one warning with the NodeManager\'s status and message, although every log poll failed; the app still succeeds', async () => {
    cluster.faults.nodeManagerLogsFail = true;
    const before = logRequests();
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, ...slow, jar], env);
    expect(r.code).toBe(0);
    expect(logRequests() - before).toBeGreaterThanOrEqual(3);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('answered 500'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`warning: cannot show the driver log of container_`);
    expect(warnings[0]).toContain(`the NodeManager at ${nmHost()} answered 500: ${CAUSE}`);
  });

  it('watch --plain: the same single warning for an app submitted elsewhere', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.taskMillis=150'] } });
    cluster.faults.nodeManagerLogsFail = true;
    const before = logRequests();
    const r = await runApx(['watch', '--cluster', 'mini', '--plain', '--interval', '100ms', result.appId as string], env);
    expect(r.code).toBe(0);
    expect(logRequests() - before).toBeGreaterThanOrEqual(3);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('answered 500'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`the NodeManager at ${nmHost()} answered 500: ${CAUSE}`);
  });

  it('json: one warning event for the failure, and the log comes back when the NodeManager recovers', async () => {
    cluster.faults.nodeManagerLogsFail = true;
    const run = spawnApx(['submit', '--cluster', 'mini', '--json', ...quick, ...slow, '--conf', 'spark.minicluster.jobs=4', jar], env);
    const start = logRequests();
    await waitFor('three failed log polls', () => logRequests() - start >= 3);
    cluster.faults.nodeManagerLogsFail = false;
    const r = await run.done;
    expect(r.code).toBe(0);
    const all = events(r.stdout);
    const warnings = all.filter((e) => e.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(`answered 500: ${CAUSE}`);
    expect(all.some((e) => e.type === 'log' && (e.lines as string[]).some((l) => l.includes('Final app status: SUCCEEDED')))).toBe(true);
  });
});
