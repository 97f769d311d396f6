/** The job channel end to end through bin/apx against the mini cluster's simulated driver (spark.minicluster.channel). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';
import { startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
  env = cliEnv(cluster);
});
afterAll(() => cluster.stop());

const CHANNEL = ['--conf', 'spark.minicluster.channel=true', '--conf', 'spark.minicluster.startupMillis=30', '--conf', 'spark.minicluster.taskMillis=20', '--conf', 'spark.yarn.report.interval=50ms'];

function messages(evs: Record<string, unknown>[]) {
  return evs.filter((e) => e.type === 'message');
}

describe('the job channel through apx submit --json', () => {
  it('shows every record once, in order, and the result in the end event', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--json', '--class', 'com.acme.Main', ...CHANNEL, '--conf', 'spark.minicluster.channel.epochs=10', jar], env);
    expect(r.code).toBe(0);
    const evs = events(r.stdout);
    const msgs = messages(evs);
    expect(msgs.map((m) => m.seq)).toEqual(msgs.map((_, i) => i + 1));
    expect(msgs.filter((m) => m.kind === 'progress').map((m) => m.message)).toEqual(Array.from({ length: 10 }, (_, i) => `epoch ${i + 1}/10`));
    expect(new Set(msgs.map((m) => m.kind))).toEqual(new Set(['commands', 'info', 'debug', 'progress', 'update', 'warn', 'display']));
    expect(msgs.find((m) => m.kind === 'progress')).toMatchObject({ category: 'ui', task: 'training', value: 0.1 });
    const end = evs.find((e) => e.type === 'end');
    expect(end?.result).toEqual({ loss: Number((1 / (1 + 10 * 0.5)).toFixed(4)), epochs: 10, status: 'converged' });
  });

  it('a job that never uses the channel: no message, no result, and not one request for the channel file', async () => {
    const before = cluster.faults.requests.length;
    const r = await runApx(['submit', '--cluster', 'mini', '--json', '--class', 'com.acme.Main', ...CHANNEL.slice(2), jar], env);
    expect(r.code).toBe(0);
    const evs = events(r.stdout);
    expect(messages(evs)).toEqual([]);
    expect(evs.find((e) => e.type === 'end')).not.toHaveProperty('result');
    const channelReads = cluster.faults.requests.slice(before).filter((q) => q.path.endsWith('apx-channel.ndjson'));
    expect(channelReads).toEqual([]);
  });
});

function channelOf(appId: string): string | undefined {
  const c = cluster.containers.ofApp(appId)[0];
  return c?.files.get('apx-channel.ndjson');
}

describe('apx send', () => {
  it('stop reaches the running training, is acknowledged, and the result of the early stop is in the end event', async () => {
    const run = spawnApx(['submit', '--cluster', 'mini', '--json', '--class', 'com.acme.Main', ...CHANNEL, '--conf', 'spark.minicluster.channel.epochs=100000', jar], env);
    const appId = await waitFor('the app id', () => /"appId":"(application_[0-9_]+)"/.exec(run.output())?.[1]);
    await waitFor('the channel file', () => channelOf(appId)?.includes('"progress"'));
    const sent = await runApx(['send', '--cluster', 'mini', appId, 'stop'], env);
    expect(sent.stdout + sent.stderr).toMatch(new RegExp(`^${appId} command #1 stop: acknowledged \\(stopping at epoch \\d+\\)\\n$`));
    expect(sent.code).toBe(0);
    const r = await run.done;
    expect(r.code).toBe(0);
    const evs = events(r.stdout);
    expect(messages(evs).filter((m) => m.kind === 'ack')).toMatchObject([{ command: 1, name: 'stop', ok: true }]);
    const end = evs.find((e) => e.type === 'end') as { result: Record<string, unknown> };
    expect(end.result.status).toBe('stopped early');
    expect(end.result.epochs).toBeLessThan(100000);
  });

  it('a command the job has no handler for is delivered once, in order, and reported refused (exit 1)', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=100000'] } });
    const appId = result.appId as string;
    await waitFor('the channel file', () => channelOf(appId)?.includes('"progress"'));
    const first = await runApx(['send', '--cluster', 'mini', '--json', appId, 'pause', 'for 5 minutes'], env);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toEqual({ appId, command: 'pause', seq: 1, acknowledged: true, ok: false, message: 'no handler for "pause"' });
    // Written under a dot-name and renamed (atomic in HDFS): a job listing the directory never reads half a command.
    const toCommands = cluster.faults.requests.filter((q) => q.path.includes(`/.sparkStaging/${appId}/apx-commands/`));
    expect(toCommands.filter((q) => /op=CREATE/.test(q.query)).every((q) => /\/\.1\.json\.[^/]*\.tmp$/.test(q.path))).toBe(true);
    expect(toCommands.filter((q) => /op=RENAME/.test(q.query)).map((q) => decodeURIComponent(q.query.replace(/.*destination=([^&]*).*/, '$1')))).toEqual([`/user/root/.sparkStaging/${appId}/apx-commands/1.json`]);
    const second = await runApx(['send', '--cluster', 'mini', appId, 'stop'], env);
    expect(second.stdout + second.stderr).toContain('command #2 stop: acknowledged');
    await waitForState(cluster, appId, ['FINISHED']);
    const acks = channelOf(appId)?.split('\n').filter((l) => l.includes('"ack"')).map((l) => JSON.parse(l).command);
    expect(acks).toEqual([1, 2]);
  });

  it('refuses a finished application with one line and exit 2', async () => {
    const { result } = await submitTo(cluster, { primary: jar });
    const r = await runApx(['send', '--cluster', 'mini', result.appId as string, 'stop'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${result.appId} has ended (FINISHED/SUCCEEDED): a command reaches only a running job`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses another user's application (exit 4) and writes nothing into its staging dir", async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, env: { HADOOP_USER_NAME: 'bob' }, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.hang=true'] } });
    const appId = result.appId as string;
    await waitForState(cluster, appId, ['RUNNING']);
    const r = await runApx(['send', '--cluster', 'mini', appId, 'stop'], env);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${appId} belongs to bob, not root: only an application's user can send it commands`);
    expect(cluster.store.lookup(`/user/bob/.sparkStaging/${appId}/apx-commands`)).toBeUndefined();
    await runApx(['kill', '--cluster', 'mini', appId], env);
  });
});

describe('apx messages', () => {
  it('replays a finished application from the start, each record once, with its result', async () => {
    const { result } = await submitTo(cluster, { primary: jar, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=5'] } });
    const appId = result.appId as string;
    const r = await runApx(['messages', '--cluster', 'mini', '--json', appId], env);
    expect(r.code).toBe(0);
    const lines = events(r.stdout);
    const written = (channelOf(appId) ?? '').trim().split('\n').map((l) => JSON.parse(l).seq);
    expect(lines.filter((l) => l.type === 'message').map((l) => l.seq)).toEqual(written);
    expect(lines.at(-1)).toEqual({ type: 'result', appId, result: { loss: Number((1 / (1 + 5 * 0.5)).toFixed(4)), epochs: 5, status: 'converged' } });
    const text = await runApx(['messages', '--cluster', 'mini', appId], env);
    expect(text.stdout).toMatch(/#\d+ training: 100% epoch 5\/5\n/);
    expect(text.stdout).toMatch(/result: loss=0\.2857, epochs=5, status=converged\n$/);
  });

  it('after log aggregation the NodeManager has forgotten the driver: the channel is read from the aggregated logs, JobHistoryServer or HDFS', async () => {
    for (const jobHistory of [true, false]) {
      const aggregating = await startMini({ logAggregation: { jobHistory } });
      try {
        const { result } = await submitTo(aggregating, { primary: jar, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=5'] } });
        const appId = result.appId as string;
        await waitFor('the logs aggregated', () => (aggregating.logAggregation?.status(appId, true) === 'SUCCEEDED' ? true : undefined));
        const r = await runApx(['messages', '--cluster', 'mini', '--json', appId], cliEnv(aggregating));
        expect(r.code, r.stderr).toBe(0);
        const lines = events(r.stdout);
        expect(lines.filter((l) => l.type === 'message').length).toBeGreaterThan(5);
        expect(lines.at(-1)).toEqual({ type: 'result', appId, result: { loss: Number((1 / (1 + 5 * 0.5)).toFixed(4)), epochs: 5, status: 'converged' } });
      } finally {
        await aggregating.stop();
      }
    }
  });

  it('--follow attached late sees everything from the start, in order, nothing twice, until the end', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=60'] } });
    const appId = result.appId as string;
    await waitFor('some epochs', () => channelOf(appId)?.includes('epoch 10/60'));
    const r = await runApx(['messages', '--cluster', 'mini', '--json', '--follow', appId], env);
    expect(r.code).toBe(0);
    const seqs = events(r.stdout).filter((l) => l.type === 'message').map((l) => l.seq);
    const written = (channelOf(appId) ?? '').trim().split('\n').map((l) => JSON.parse(l).seq);
    expect(seqs).toEqual(written);
    expect(seqs.length).toBeGreaterThan(60 * 2);
  });
});

describe('reconnecting to the NodeManager', () => {
  it('after cut connections and lost answers, every record still shows once and in order', async () => {
    let armed = false;
    const { events: evs } = await submitTo(cluster, {
      primary: jar, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=40'] },
      onEvent: (e) => {
        if (e.type !== 'message' || armed) return;
        armed = true;
        const file = `/ws/v1/node/containerlogs/${cluster.containers.ofApp(e.appId)[0]?.id}/apx-channel.ndjson`;
        cluster.faults.inject('nm', { kind: 'reset' }, 2, file);
        cluster.faults.inject('nm', { kind: 'drop-response' }, 2, file);
        cluster.faults.inject('nm', { kind: 'status', status: 500 }, 1, file);
      },
    });
    const seqs = evs.filter((e) => e.type === 'message').map((e) => (e as { seq: number }).seq);
    expect(armed).toBe(true);
    expect(evs.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message).join('\n')).toMatch(/cannot show the job's channel of container_\S+: .*500/);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const end = evs.find((e) => e.type === 'end') as { appId: string; result: Record<string, unknown> };
    expect(seqs.length).toBe((channelOf(end.appId) ?? '').trim().split('\n').length);
    expect(end.result.epochs).toBe(40);
  });
});

describe('the result outside the live view', () => {
  it('apx status --json carries the result of a finished app; an app without a channel has none', async () => {
    const { result } = await submitTo(cluster, { primary: jar, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=3'] } });
    const r = await runApx(['status', '--cluster', 'mini', '--json', result.appId as string], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: result.appId, state: 'FINISHED', result: { loss: 0.4, epochs: 3, status: 'converged' } });
    const plain = await submitTo(cluster, { primary: jar });
    const s = await runApx(['status', '--cluster', 'mini', '--json', plain.result.appId as string], env);
    expect(JSON.parse(s.stdout)).not.toHaveProperty('result');
  });

  it("plain lines show the job's messages, progress coalesced, and the result at the end", async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', '--class', 'com.acme.Main', ...CHANNEL, '--conf', 'spark.minicluster.channel.epochs=40', jar], env);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => / job: \[warn\] loss is plateauing$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => / job: training: loss is plateauing$/.test(l))).toHaveLength(1);
    const progress = lines.filter((l) => / job: training: \d+% epoch \d+\/40$/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThan(40);
    expect(progress.at(-1)).toMatch(/100% epoch 40\/40$/);
    expect(r.stderr).toMatch(/result: loss=0\.0476, epochs=40, status=converged\n/);
  });
});

describe('apx channel jar', () => {
  it('copies the JVM library, a jar a real JDK reads', async () => {
    const dir = tempDir();
    const r = await runApx(['channel', 'jar', dir], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${dir}/apx-channel.jar\n`);
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('jar', ['--list', '--file', `${dir}/apx-channel.jar`]).toString()).toContain('apx/channel/Channel.class');
  });
});

describe('shipping the libraries', () => {
  it('every submission ships the jar through the upload cache: uploaded once, reused after', async () => {
    const first = await submitTo(cluster, { primary: jar, detach: true });
    const second = await submitTo(cluster, { primary: jar, detach: true });
    const done = (evs: typeof first.events) => evs.filter((e) => e.type === 'upload-done' && e.link === 'apx-channel.jar') as { cached: boolean }[];
    expect(done(first.events)).toHaveLength(1);
    expect(done(second.events)).toMatchObject([{ cached: true }]);
    const app = cluster.rm.apps.get(second.result.appId as string);
    expect(app?.submission['am-container-spec']['local-resources']?.entry.map((e) => e.key)).toContain('apx-channel.jar');
  });
});

describe('apx watch attached late', () => {
  it('finds the channel from the container log listing and replays it from the start, nothing twice', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=60', 'spark.minicluster.taskMillis=30'] } });
    const appId = result.appId as string;
    await waitFor('some epochs', () => channelOf(appId)?.includes('epoch 20/60'));
    const r = await runApx(['watch', '--cluster', 'mini', '--json', '--interval', '100ms', appId], env);
    expect(r.code).toBe(0);
    const evs = events(r.stdout);
    const written = (channelOf(appId) ?? '').trim().split('\n').map((l) => JSON.parse(l).seq);
    expect(evs.filter((e) => e.type === 'message').map((e) => e.seq)).toEqual(written);
    expect(evs.find((e) => e.type === 'end')).toMatchObject({ result: { epochs: 60, status: 'converged' } });
  });
});

describe('apx messages --follow before the driver starts', () => {
  it('waits for YARN to launch the driver, then shows everything', async () => {
    const slow = await startMini({ timing: { stepMillis: 5, amAllocateMillis: 1500, amRegisterMillis: 40, killMillis: 40 } });
    try {
      const { result } = await submitTo(slow, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.channel=true', 'spark.minicluster.channel.epochs=5'] } });
      expect(slow.rm.apps.get(result.appId as string)?.state).toBe('ACCEPTED');
      const r = await runApx(['messages', '--cluster', 'mini', '--json', '--follow', result.appId as string], cliEnv(slow));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(events(r.stdout).at(-1)).toMatchObject({ type: 'result', result: { epochs: 5, status: 'converged' } });
    } finally {
      await slow.stop();
    }
  });
});
