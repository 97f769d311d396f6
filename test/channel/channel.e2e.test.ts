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
