/**
 * The fault matrix: submit and watch against the mini cluster with one fault injected at a time.
 * Each case checks the outcome and exit code, that no application is left running that should have
 * been killed, that no staging dir or temporary file is left, and that the cache holds no corrupt entry.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import type { ApxEvent } from '../../src/monitor/events.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';
import { RmClient } from '../../src/yarn/rm-client.js';
import { killApplications } from '../../src/services/kill.js';
import { QUICK_APP, startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function mini(options: Parameters<typeof startMini>[0] = {}): Promise<MiniCluster> {
  cluster = await startMini(options);
  return cluster;
}

/** What must hold after every case: nothing half-done left on HDFS, every cache entry whole. */
function expectCleanHdfs(c: MiniCluster, keptAppIds: string[] = []): void {
  const paths = [...c.store.walk('/')].map(([p]) => p);
  expect(paths.filter((p) => p.endsWith('.apx-tmp'))).toEqual([]);
  const staging = paths.filter((p) => /\.sparkStaging\/application_\d+_\d+$/.test(p));
  expect(staging.filter((p) => !keptAppIds.some((id) => p.endsWith(id)))).toEqual([]);
  for (const [p, node] of c.store.walk('/user/root/.apx/cache')) {
    if (node.type !== 'FILE' || p.includes('__spark_libs__')) continue;
    const sha = p.split('/').slice(-2)[0];
    expect(createHash('sha256').update(c.store.read(node)).digest('hex'), p).toBe(sha);
  }
}

function bigJar(name: string, bytes: number): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, Buffer.alloc(bytes, name.length));
  return file;
}

const hang = ['spark.minicluster.hang=true'];
const warnings = (evs: ApxEvent[]) => evs.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message);

describe('fault matrix: the ResourceManager', () => {
  // The fault: 30 s of RM down time, well inside the default 2 min budget.
  it('down for 30 s mid-run: the monitor says "reconnecting…" and the app still ends SUCCEEDED (exit 0)', { timeout: 90_000 }, async () => {
    const c = await mini();
    const run = submitTo(c, { primary: writeJar(tempDir()), flags: { conf: ['spark.minicluster.taskMillis=150'] } });
    const appId = await waitFor('a running app', () => [...c.rm.apps.values()].find((a) => a.state === 'RUNNING')?.id);
    const downAt = Date.now();
    await c.takeDown('rm', 30_000);
    const { result, events: evs } = await run;
    expect(Date.now() - downAt).toBeGreaterThanOrEqual(30_000);
    expect(result).toMatchObject({ appId, outcome: 'succeeded', exitCode: 0 });
    expect(evs.some((e) => e.type === 'reconnecting')).toBe(true);
    expectCleanHdfs(c);
  });

  it('down longer than the budget: gives up with exit 3 and names the app, which may still run', async () => {
    const c = await mini();
    const run = submitTo(c, { primary: writeJar(tempDir()), reconnectBudgetMs: 1_000, flags: { conf: hang } });
    const appId = await waitFor('a running app', () => [...c.rm.apps.values()].find((a) => a.state === 'RUNNING')?.id);
    await c.takeDown('rm', 4_000);
    const error = await run.catch((e: unknown) => e as Error & { exitCode: number; hint: string });
    expect((error as { exitCode: number }).exitCode).toBe(3);
    expect((error as Error).message).toContain(`lost contact with the ResourceManager for 1 s while watching ${appId}`);
    expect((error as { hint: string }).hint).toContain(`apx kill ${appId}`);
  });

  // The recorded restart (fixtures rm-restart/): down, then INITIALIZING with 404s for known apps, then back.
  it('restarted mid-run (down, INITIALIZING with 404s, back): keeps watching and the app ends SUCCEEDED (exit 0)', { timeout: 30_000 }, async () => {
    const c = await mini();
    const run = submitTo(c, { primary: writeJar(tempDir()), flags: { conf: ['spark.minicluster.taskMillis=400'] } });
    const appId = await waitFor('a running app', () => [...c.rm.apps.values()].find((a) => a.state === 'RUNNING')?.id);
    await c.restartResourceManager({ downMs: 1_500, initializingMs: 1_500 });
    const { result, events: evs } = await run;
    expect(result).toMatchObject({ appId, outcome: 'succeeded', exitCode: 0 });
    // The monitor did poll during the window and was answered 404 there, and said why it waited.
    const windowStart = c.rmLifecycle.startedOn;
    const polledInWindow = c.faults.requests.filter((r) => r.service === 'rm' && r.path === `/ws/v1/cluster/apps/${appId}` && r.at >= windowStart && r.at < windowStart + 1_400);
    expect(polledInWindow.length).toBeGreaterThan(0);
    expect(evs.filter((e) => e.type === 'reconnecting').map((e) => (e as { message: string }).message)).toContain(`the ResourceManager is recovering after a restart and has not reloaded ${appId} yet`);
    expect(evs.find((e) => e.type === 'end')).toMatchObject({ state: 'FINISHED', finalStatus: 'SUCCEEDED', diagnostics: 'Attempt recovered after RM restart' });
    expectCleanHdfs(c);
  });

  it('apx watch rides out a restart too; a never-known id after it is exit 3 at once, asked once', { timeout: 30_000 }, async () => {
    const c = await mini();
    const { result } = await submitTo(c, { primary: writeJar(tempDir()), detach: true, flags: { conf: ['spark.minicluster.taskMillis=400'] } });
    const appId = result.appId as string;
    const env = cliEnv(c);
    const watch = spawnApx(['watch', '--cluster', 'mini', '--json', '--interval', '100ms', appId], env);
    await waitForState(c, appId, ['RUNNING']);
    // Attached (its first report answered) and polling: the restart hits a watch under way, not its first look.
    await waitFor('watch attached', () => watch.output().includes('"type":"init"') || undefined);
    await waitFor('watch polling', () => c.faults.requests.some((r) => r.path === `/ws/v1/cluster/apps/${appId}` && r.at > Date.now() - 200) || undefined);
    await c.restartResourceManager({ downMs: 1_000, initializingMs: 1_000 });
    const r = await watch.done;
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(events(r.stdout).find((e) => e.type === 'end')).toMatchObject({ outcome: 'succeeded' });
    // Just restarted (started seconds ago), but this id was never known: no waiting on it.
    const unknown = 'application_1000000000000_0999';
    const never = await runApx(['watch', '--cluster', 'mini', '--plain', unknown], env);
    expect(never.code).toBe(3);
    expect(never.stderr).toContain(`application ${unknown} is not known to the ResourceManager`);
    expect(c.faults.requests.filter((x) => x.path === `/ws/v1/cluster/apps/${unknown}`)).toHaveLength(1);
  });

  it('apx kill started while the restarted RM is still INITIALIZING waits for it and kills the app', { timeout: 30_000 }, async () => {
    const c = await mini();
    const { result } = await submitTo(c, { primary: writeJar(tempDir()), detach: true, flags: { conf: hang } });
    const appId = result.appId as string;
    await waitForState(c, appId, ['RUNNING']);
    await c.restartResourceManager({ downMs: 300, initializingMs: 1_500 });
    await waitFor('the RM to be INITIALIZING', () => (c.rmLifecycle.recovering ? true : undefined));
    const rm = new RmClient({ resourceManagers: [c.urls.resourceManager], user: 'root' });
    const outcomes = await killApplications(rm, [appId], { wait: true });
    expect(outcomes).toEqual([{ appId, result: 'killed', state: 'KILLED' }]);
    expect(c.rm.apps.get(appId)?.state).toBe('KILLED');
  });

  it('apx status asked while the restarted RM is INITIALIZING waits for it instead of saying the app is unknown', { timeout: 30_000 }, async () => {
    const c = await mini();
    const { result } = await submitTo(c, { primary: writeJar(tempDir()), detach: true, flags: { conf: hang } });
    const appId = result.appId as string;
    await waitForState(c, appId, ['RUNNING']);
    await c.restartResourceManager({ downMs: 200, initializingMs: 5_000 });
    await waitFor('the RM to be INITIALIZING', () => (c.rmLifecycle.recovering ? true : undefined));
    const r = await runApx(['status', '--cluster', 'mini', appId], cliEnv(c));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/RUNNING/);
    // It did meet the recovery window (a 404 for the app), and waited it out.
    const { startedOn } = c.rmLifecycle;
    expect(c.faults.requests.some((q) => q.path === `/ws/v1/cluster/apps/${appId}` && q.at >= startedOn && q.at < startedOn + 4_900)).toBe(true);
  });

  it('fails over to the standby mid-run: requests follow the 307 to the new active RM (exit 0)', async () => {
    const c = await mini({ highAvailability: true });
    const run = submitTo(c, { primary: writeJar(tempDir()), flags: { conf: ['spark.minicluster.taskMillis=150'] } });
    await waitFor('a running app', () => [...c.rm.apps.values()].find((a) => a.state === 'RUNNING')?.id);
    const before = c.urls.resourceManager;
    c.failoverResourceManager();
    expect(c.urls.resourceManager).not.toBe(before);
    const { result } = await run;
    expect(result.exitCode).toBe(0);
    expect(c.faults.requests.some((r) => r.service === 'rm2' && r.path.startsWith('/ws/v1/cluster/apps/'))).toBe(true);
  });

  it('starts against a standby first: finds the active RM through haState', async () => {
    const c = await mini({ highAvailability: true });
    c.failoverResourceManager();
    const { result } = await submitTo(c, { primary: writeJar(tempDir()) });
    expect(result.exitCode).toBe(0);
  });

  it('a burst of 503s and slow answers are retried with backoff (exit 0)', async () => {
    const c = await mini();
    c.faults.inject('rm', { kind: 'status', status: 503 }, 3, '/ws/v1/cluster/apps/application_');
    c.faults.inject('rm', { kind: 'delay', ms: 1_500 }, 2, '/ws/v1/cluster/apps/application_');
    c.faults.inject('namenode', { kind: 'status', status: 500 }, 2, '/webhdfs/v1/user/root/.apx');
    const { result } = await submitTo(c, { primary: writeJar(tempDir()) });
    expect(result.exitCode).toBe(0);
    expectCleanHdfs(c);
  });

  it('the answer to POST /apps is lost: apx asks whether the app exists instead of submitting it twice', async () => {
    const c = await mini();
    c.faults.inject('rm', { kind: 'drop-response' }, 1, '/ws/v1/cluster/apps$', 'POST');
    const { result } = await submitTo(c, { primary: writeJar(tempDir()) });
    expect(result.exitCode).toBe(0);
    const posts = c.faults.requests.filter((r) => r.service === 'rm' && r.method === 'POST' && r.path === '/ws/v1/cluster/apps');
    expect(posts).toHaveLength(1);
    expect(c.rm.apps.size).toBe(1);
  });

  it('a submission that never reached the RM is sent again', async () => {
    const c = await mini();
    c.faults.inject('rm', { kind: 'reset' }, 1, '/ws/v1/cluster/apps$', 'POST');
    const { result } = await submitTo(c, { primary: writeJar(tempDir()) });
    expect(result.exitCode).toBe(0);
    expect(c.faults.requests.filter((r) => r.method === 'POST' && r.path === '/ws/v1/cluster/apps')).toHaveLength(2);
  });
});

describe('fault matrix: HDFS', () => {
  it('a DataNode redirect that fails: the file is uploaded again under a new temporary name (exit 0)', async () => {
    const c = await mini();
    c.faults.brokenDataNodeRedirects = 1;
    const { result, events: evs } = await submitTo(c, { primary: writeJar(tempDir()), flags: { jars: bigJar('lib.jar', 300_000) } });
    expect(result.exitCode).toBe(0);
    expect(warnings(evs).some((m) => /retrying/.test(m))).toBe(true);
    expectCleanHdfs(c);
  });

  it('a connection reset in the middle of an upload: retried from the start, the cache entry is whole', async () => {
    const c = await mini();
    c.faults.resetUploadAfter(1_000_000, 1);
    const jar = bigJar('big-lib.jar', 3_000_000);
    const { result } = await submitTo(c, { primary: writeJar(tempDir()), flags: { jars: jar } });
    expect(result.exitCode).toBe(0);
    const entry = [...c.store.walk('/user/root/.apx/cache')].find(([p, n]) => n.type === 'FILE' && p.endsWith('/big-lib.jar'));
    expect(entry?.[1].length).toBe(3_000_000);
    expectCleanHdfs(c);
  });

  /** Takes `service` down for `ms` as soon as the upload of `link` has sent its first bytes. */
  function downMidUpload(c: MiniCluster, link: string, service: 'datanode', ms: number): (e: ApxEvent) => void {
    let done = false;
    return (e) => {
      if (done || e.type !== 'upload-progress' || e.name !== link) return;
      done = true;
      void c.takeDown(service, ms);
    };
  }

  // The fault: a real DataNode restart took ~6 s, longer than the old four quick attempts lasted.
  it('the only DataNode restarts (down 7 s) mid-upload: apx rides it out, one warning per retry, the entry is whole (exit 0)', { timeout: 60_000 }, async () => {
    const c = await mini();
    const jar = bigJar('dep.jar', 64 * 1024 * 1024);
    const { result, events: evs } = await submitTo(c, { primary: writeJar(tempDir()), flags: { jars: jar }, onEvent: downMidUpload(c, 'dep.jar', 'datanode', 7_000) });
    expect(result.exitCode).toBe(0);
    const retries = warnings(evs).filter((m) => m.startsWith('upload of dep.jar failed'));
    expect(retries.length).toBeGreaterThan(1);
    for (const m of retries) expect(m).toMatch(/; retrying in [\d.]+ s, apx keeps trying for [\d.]+ s more$/);
    const entry = [...c.store.walk('/user/root/.apx/cache')].find(([p, n]) => n.type === 'FILE' && p.endsWith('/dep.jar'));
    expect(entry?.[1].length).toBe(64 * 1024 * 1024);
    expectCleanHdfs(c);
  });

  it('one of two DataNodes dies mid-upload: the retry asks the NameNode for another (excludedatanodes) and goes there (exit 0)', { timeout: 60_000 }, async () => {
    const c = await mini({ dataNodes: 2 });
    const jar = bigJar('dep2.jar', 64 * 1024 * 1024);
    const { result, events: evs } = await submitTo(c, { primary: writeJar(tempDir()), flags: { jars: jar }, onEvent: downMidUpload(c, 'dep2.jar', 'datanode', 600_000) });
    expect(result.exitCode).toBe(0);
    // One failure at the dead DataNode, then no waiting for it: the next attempt went elsewhere.
    expect(warnings(evs).filter((m) => m.startsWith('upload of dep2.jar failed'))).toHaveLength(1);
    const creates = c.faults.requests.filter((r) => r.service === 'namenode' && r.method === 'PUT' && r.query.includes('op=CREATE') && r.path.includes('dep2.jar'));
    expect(creates.map((r) => new URLSearchParams(r.query).get('excludedatanodes'))).toEqual([null, '127.0.0.1']);
    expect(c.faults.requests.some((r) => r.service === 'datanode2' && r.method === 'PUT' && r.path.includes('dep2.jar'))).toBe(true);
    const entry = [...c.store.walk('/user/root/.apx/cache')].find(([p, n]) => n.type === 'FILE' && p.endsWith('/dep2.jar'));
    expect(entry?.[1].length).toBe(64 * 1024 * 1024);
    expectCleanHdfs(c);
  });

  it('the DataNode stays down past spark.apx.upload.retryBudget: exit 3, and no temporary is left', { timeout: 60_000 }, async () => {
    const c = await mini();
    const jar = bigJar('gone.jar', 32 * 1024 * 1024);
    const error = await submitTo(c, {
      primary: writeJar(tempDir()), flags: { jars: jar, conf: ['spark.apx.upload.retryBudget=3s'] }, onEvent: downMidUpload(c, 'gone.jar', 'datanode', 600_000),
    }).catch((e: unknown) => e as Error & { exitCode: number; hint: string });
    expect((error as { exitCode: number }).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/^upload of \S+ kept failing for [\d.]+ s, apx gave up: cannot reach DataNode 127\.0\.0\.1:\d+: connection refused$/);
    expect((error as { hint: string }).hint).toContain('spark.apx.upload.retryBudget');
    expect(c.rm.apps.size).toBe(0);
    expectCleanHdfs(c);
  });

  it('the active NameNode fails over: apx rotates on StandbyException (exit 0)', async () => {
    const c = await mini({ highAvailability: true });
    c.failoverNameNode();
    const { result } = await submitTo(c, { primary: writeJar(tempDir()) });
    expect(result.exitCode).toBe(0);
    expect(c.faults.requests.some((r) => r.service === 'namenode2')).toBe(true);
    expectCleanHdfs(c);
  });

  it('stale temporaries of an apx that died are cleaned; fresh ones of a concurrent upload are not', async () => {
    const c = await mini();
    const jar = writeJar(tempDir(), 'stale.jar', 'stale');
    const sha = createHash('sha256').update(fs.readFileSync(jar)).digest('hex');
    const dir = `/user/root/.apx/cache/${sha}`;
    const old = c.store.createFile(`${dir}/.stale.jar.dead.apx-tmp`, 'root', true);
    c.store.completeFile(old, 10);
    old.modificationTime = Date.now() - 2 * 3600_000;
    const fresh = c.store.createFile(`${dir}/.stale.jar.busy.apx-tmp`, 'root', true);
    c.store.completeFile(fresh, 10);
    // Where uploads of a file whose hash was not known yet stream to.
    const incoming = '/user/root/.apx/cache/.incoming';
    const oldIncoming = c.store.createFile(`${incoming}/.other.jar.dead.apx-tmp`, 'root', true);
    c.store.completeFile(oldIncoming, 10);
    oldIncoming.modificationTime = Date.now() - 2 * 3600_000;
    const { result } = await submitTo(c, { primary: jar });
    expect(result.exitCode).toBe(0);
    expect(c.store.lookup(`${dir}/.stale.jar.dead.apx-tmp`)).toBeUndefined();
    expect(c.store.lookup(`${dir}/.stale.jar.busy.apx-tmp`)).toBeDefined();
    expect(c.store.lookup(`${incoming}/.other.jar.dead.apx-tmp`)).toBeUndefined();
  });
});

describe('fault matrix: interrupts at each phase (bin/apx)', () => {
  for (const [phase, conf] of [['ACCEPTED', ['spark.minicluster.hang=true']], ['RUNNING', ['spark.minicluster.hang=true']]] as const) {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      it(`${signal} while ${phase}: the app ends KILLED, no staging dir, exit ${code}`, async () => {
        const c = await mini({ timing: { stepMillis: 5, amAllocateMillis: phase === 'ACCEPTED' ? 3_000 : 40, amRegisterMillis: 40, killMillis: 40 } });
        const run = spawnApx(['submit', '--cluster', 'mini', '--json', ...QUICK_APP.flatMap((x) => ['--conf', x]), ...conf.flatMap((x) => ['--conf', x]), writeJar(tempDir())], cliEnv(c));
        const appId = await waitFor(`the app to be ${phase}`, () => [...c.rm.apps.values()].find((a) => a.state === phase)?.id);
        run.child.kill(signal);
        const r = await run.done;
        expect(r.code).toBe(code);
        expect(c.rm.apps.get(appId)?.state).toBe('KILLED');
        expect(events(r.stdout).find((e) => e.type === 'end')).toMatchObject({ outcome: 'killed' });
        expectCleanHdfs(c);
      });
    }
  }

  it('Ctrl-C in the middle of an upload: exit 130, nothing submitted, the half-written temporary deleted', { timeout: 60_000 }, async () => {
    const c = await mini();
    const jar = bigJar('half.jar', 512 * 1024 * 1024);
    const run = spawnApx(['submit', '--cluster', 'mini', '--json', ...QUICK_APP.flatMap((x) => ['--conf', x]), '--jars', jar, writeJar(tempDir())], cliEnv(c));
    await waitFor('bytes arriving at the DataNode', () => [...c.store.walk('/user/root/.apx/cache')].find(([p, n]) => p.endsWith('.apx-tmp') && n.underConstruction && p.includes('half.jar')), 30_000);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(c.rm.apps.size).toBe(0);
    expect([...c.store.walk('/user/root/.apx/cache')].filter(([p]) => p.includes('half.jar'))).toEqual([]);
    expectCleanHdfs(c);
  });

  it('a second Ctrl-C while the kill is pending exits at once and says how to kill the app', async () => {
    const c = await mini();
    const run = spawnApx(['submit', '--cluster', 'mini', '--plain', ...QUICK_APP.flatMap((x) => ['--conf', x]), '--conf', 'spark.minicluster.hang=true', writeJar(tempDir())], cliEnv(c));
    const appId = await waitFor('a running app', () => [...c.rm.apps.values()].find((a) => a.state === 'RUNNING')?.id);
    c.faults.inject('rm', { kind: 'delay', ms: 5_000 }, 5, `/ws/v1/cluster/apps/${appId}/state`);
    run.child.kill('SIGINT');
    await waitFor('the kill to start', () => run.output().includes('killing') || undefined);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`${appId} may still be running. Kill it with: apx kill ${appId}`);
    await waitForState(c, appId, ['KILLED', 'RUNNING']);
  });
});
