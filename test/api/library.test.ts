/**
 * The library as a platform embeds it (src/index.ts): one client, handles with the id, the event
 * stream as iterator / emitter / listener, kill, detach, AbortSignal, many apps at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isApxError, UsageError, type ApxClient, type ApxEvent, type SubmitSpec } from '../../src/index.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { QUICK_APP, startMini, tempDir, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let client: ApxClient;
let jar: string;
const quick = Object.fromEntries(QUICK_APP.map((kv) => kv.split('=') as [string, string]));
const hanging = { ...quick, 'spark.minicluster.hang': 'true', 'spark.minicluster.taskMillis': '200' };

beforeAll(async () => {
  cluster = await startMini();
  const dir = tempDir('apx-lib-');
  jar = writeJar(dir);
  const state = path.join(dir, 'mini.json');
  fs.writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  // No embedding: the test's own mini cluster, found through its state file as `apx minicluster`'s is.
  client = await connect({ cluster: 'mini', embedMini: false, user: 'root', env: { APX_MINICLUSTER_STATE: state, HOME: dir, APX_CONFIG_DIR: path.join(dir, 'cfg') }, cwd: dir });
});

afterAll(async () => {
  await client?.close();
  await cluster?.stop();
});

const spec = (conf: SubmitSpec['conf'] = quick): SubmitSpec => ({ resource: jar, mainClass: 'com.acme.Main', args: ['2026-11-01'], conf });

describe('a submitted application through the library', () => {
  it('gives the id, the --json events in order, the listener callbacks once each, and the outcome', async () => {
    const calls: string[] = [];
    const handle = client.submit(spec(), {
      listener: {
        onApplicationInit: (e) => calls.push(`init ${e.appId}`),
        onApplicationStart: (e) => calls.push(`start ${e.state}`),
        onApplicationProgress: () => { if (calls.at(-1) !== 'progress') calls.push('progress'); },
        onApplicationEnd: (e) => calls.push(`end ${e.outcome}`),
        onApplicationFailed: () => calls.push('failed'),
        onApplicationKilled: () => calls.push('killed'),
      },
    });
    expect(handle.appId).toBeUndefined();
    const events: ApxEvent[] = [];
    for await (const e of handle) events.push(e);
    const appId = await handle.submitted;
    expect(handle.appId).toBe(appId);
    const order = events.map((e) => e.type).filter((t) => ['init', 'submitted', 'end'].includes(t));
    expect(order).toEqual(['init', 'submitted', 'end']);
    expect(events.at(-1)).toMatchObject({ type: 'end', appId, outcome: 'succeeded', finalStatus: 'SUCCEEDED' });
    const result = await handle.result;
    expect(result).toMatchObject({ appId, outcome: 'succeeded', exitCode: 0, end: { type: 'end', outcome: 'succeeded' } });
    // Progress (the AM's containers) may come before RUNNING; the lifecycle callbacks come once each, in order.
    expect(calls.filter((c) => c !== 'progress')).toEqual([`init ${appId}`, 'start RUNNING', 'end succeeded']);
    expect(calls.indexOf('progress')).toBeGreaterThan(0);
    expect((await client.status(appId)).finalStatus).toBe('SUCCEEDED');
    expect((await client.list({ states: ['FINISHED'] })).map((a) => a.id)).toContain(appId);
  });

  it('replays what already happened to a late iterator or listener, then ends', async () => {
    const handle = client.submit(spec());
    await handle.result;
    const replayed: string[] = [];
    for await (const e of handle) replayed.push(e.type);
    expect(replayed.filter((t) => t === 'init' || t === 'end')).toEqual(['init', 'end']);
    const ends: string[] = [];
    handle.on('end', (e) => ends.push(e.outcome));
    handle.subscribe({ onApplicationEnd: (e) => ends.push(`listener ${e.outcome}`) });
    expect(ends).toEqual(['succeeded', 'listener succeeded']);
  });

  it('kill() kills it on YARN and resolves once YARN confirms; the listener hears onApplicationKilled', async () => {
    let killedCalls = 0;
    const handle = client.submit(spec(hanging), { listener: { onApplicationKilled: () => killedCalls++ } });
    const running = new Promise<void>((resolve) => handle.on('state', (e) => e.state === 'RUNNING' && resolve()));
    await running;
    const result = await handle.kill();
    expect(result).toMatchObject({ appId: handle.appId, outcome: 'killed' });
    expect(cluster.rm.apps.get(handle.appId as string)?.state).toBe('KILLED');
    expect(killedCalls).toBe(1);
    expect((await client.status(handle.appId as string)).state).toBe('KILLED');
  });

  it('detach() stops watching and leaves the application running; kill by id finishes it', async () => {
    const handle = client.submit(spec(hanging));
    const appId = await handle.submitted;
    await waitForState(cluster, appId, ['RUNNING']);
    expect(await handle.detach()).toMatchObject({ appId, outcome: 'detached', exitCode: 0 });
    expect(cluster.rm.apps.get(appId)?.state).toBe('RUNNING');
    expect(await client.kill(appId)).toEqual([{ appId, result: 'killed', state: 'KILLED' }]);
  });

  it('an AbortSignal kills a submitted app (submit) and detaches a watch; already aborted sends nothing', async () => {
    const ac = new AbortController();
    const handle = client.submit(spec(hanging), { signal: ac.signal });
    const appId = await handle.submitted;
    const watcher = client.watch(appId, { signal: AbortSignal.timeout(60_000) });
    const watchAc = new AbortController();
    const detachedWatch = client.watch(appId, { signal: watchAc.signal });
    await waitForState(cluster, appId, ['RUNNING']);
    watchAc.abort();
    expect(await detachedWatch.result).toMatchObject({ appId, outcome: 'detached' });
    ac.abort();
    expect(await handle.result).toMatchObject({ appId, outcome: 'killed' });
    // The other watcher saw someone else kill it.
    expect(await watcher.result).toMatchObject({ appId, outcome: 'killed-elsewhere', exitCode: 5 });

    const before = cluster.faults.requests.length;
    const never = client.submit(spec(), { signal: AbortSignal.abort() });
    expect(await never.result).toMatchObject({ outcome: 'cancelled' });
    await expect(never.submitted).rejects.toThrow();
    await expect(client.status(appId, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'InterruptedError', exitCode: 130 });
    expect(cluster.faults.requests.length).toBe(before);
  });

  it('kill() before the id exists submits nothing; detach() before it lets go once YARN has the app', async () => {
    const appsBefore = cluster.rm.apps.size;
    const killed = client.submit(spec(hanging));
    const cancelled = await killed.kill();
    expect(cancelled).toMatchObject({ outcome: 'cancelled' });
    expect(cancelled.appId).toBeUndefined();
    expect(cluster.rm.apps.size).toBe(appsBefore);

    const detached = client.submit(spec(hanging));
    const result = await detached.detach();
    expect(result).toMatchObject({ outcome: 'detached', exitCode: 0 });
    expect(result.appId).toBe(detached.appId);
    expect(cluster.rm.apps.get(result.appId as string)?.state).not.toMatch(/KILLED|FINISHED|FAILED/);
    await client.kill(result.appId as string);
  });

  it('a listener that throws becomes a warning event, and following goes on to the end', async () => {
    const handle = client.submit(spec(), { listener: { onApplicationStart: () => { throw new Error('front end down'); } } });
    const warnings: string[] = [];
    handle.on('warning', (e) => warnings.push(e.message));
    expect((await handle.result).outcome).toBe('succeeded');
    expect(warnings).toEqual(["a listener threw on 'state': front end down"]);
  });

  it('bad input rejects result with the typed error and exit code 2, without an unhandled rejection', async () => {
    const handle = client.submit({ ...spec(), executorMemory: 'lots' });
    const error = await handle.result.catch((e: unknown) => e);
    expect(isApxError(error)).toBe(true);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toMatch(/lots/);
    // Iterating the failed handle throws the same error once.
    await expect((async () => { for await (const _ of handle) void _; })()).rejects.toBe(error);
    expect(() => client.watch('app_1')).toThrow(/application id/i);
  });

  it('runs many applications at once from one client, each handle with its own events', async () => {
    const handles = Array.from({ length: 6 }, () => client.submit(spec()));
    const results = await Promise.all(handles.map((h) => h.result));
    const ids = results.map((r) => r.appId);
    expect(new Set(ids).size).toBe(6);
    expect(results.every((r) => r.outcome === 'succeeded')).toBe(true);
    for (const h of handles) {
      const mine: ApxEvent[] = [];
      for await (const e of h) mine.push(e);
      expect(mine.every((e) => !('appId' in e) || e.appId === h.appId)).toBe(true);
    }
  });

  it('reads the driver log as text', async () => {
    const handle = client.submit(spec());
    const { appId } = await handle.result;
    let text = '';
    for await (const chunk of client.logs(appId as string)) text += chunk;
    expect(text).toMatch(/Final app status: SUCCEEDED/);
  });
});
