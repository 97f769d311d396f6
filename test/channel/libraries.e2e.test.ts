/**
 * The channel libraries for real: a Java job compiled here against the built apx-channel.jar, run
 * by a real JVM, and a Python job run by a real python3, each started by the mini NodeManager as the
 * AM's user class (spark.minicluster.runUserClass), submitted and commanded through bin/apx.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';
import { startMini, tempDir, waitFor } from '../helpers/mini.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CHANNEL_JAR = path.join(ROOT, 'dist', 'jvm', 'apx-channel.jar');
const FAST = ['--conf', 'spark.minicluster.runUserClass=true', '--conf', 'spark.yarn.report.interval=100ms'];

const TRAIN_JAVA = `
import apx.channel.Channel;

public class Train {
  static volatile boolean stop = false;

  public static void main(String[] args) throws Exception {
    Channel.onCommand("stop", payload -> { stop = true; Channel.info("stop received: %s", payload); });
    Channel.info("loaded %d rows", 1000);
    Channel.warn("learning rate %s is high", "0.5");
    Channel.debug("batch %d", 64);
    Channel.error("a bad row", new IllegalStateException("row 17 has no label"));
    int epochs = Integer.parseInt(args[0]);
    int e = 0;
    for (; e < epochs && !stop; e++) {
      Channel.progress("training", (e + 1) / (double) epochs, "epoch " + (e + 1) + "/" + epochs);
      Channel.update("loss", 1.0 / (e + 2));
      Thread.sleep(20);
    }
    Channel.display("training", stop ? "stopped early" : "converged");
    Channel.update("epochs", e);
    Channel.update("status", stop ? "stopped early" : "converged");
    Channel.flush(5000);
  }
}
`;

const TRAIN_PY = `
import sys, time, threading
from apx import channel

stop = threading.Event()
channel.on_command("stop", lambda payload: stop.set())
channel.info("loaded %d rows", 1000)
channel.warn("learning rate %s is high", "0.5")
channel.debug("batch %d", 64)
try:
    raise ValueError("row 17 has no label")
except ValueError:
    channel.error("a bad row")
epochs = int(sys.argv[1])
e = 0
while e < epochs and not stop.is_set():
    channel.progress("training", (e + 1) / epochs, "epoch %d/%d" % (e + 1, epochs))
    channel.update("loss", 1.0 / (e + 2))
    e += 1
    time.sleep(0.02)
channel.display("training", "stopped early" if stop.is_set() else "converged")
channel.update("epochs", e)
channel.update("status", "stopped early" if stop.is_set() else "converged")
channel.flush()
`;

let cluster: MiniCluster;
let env: NodeJS.ProcessEnv;
let trainJar: string;
let trainPy: string;

beforeAll(async () => {
  cluster = await startMini();
  env = cliEnv(cluster, { PYSPARK_ARCHIVES_PATH: 'local:/opt/spark/python/lib/pyspark.zip,local:/opt/spark/python/lib/py4j-0.10.9.7-src.zip' });
  const dir = tempDir('apx-channel-job-');
  fs.writeFileSync(path.join(dir, 'Train.java'), TRAIN_JAVA);
  execFileSync('javac', ['--release', '8', '-Xlint:-options', '-cp', CHANNEL_JAR, '-d', dir, path.join(dir, 'Train.java')]);
  trainJar = path.join(dir, 'train.jar');
  execFileSync('jar', ['--create', '--file', trainJar, '-C', dir, 'Train.class']);
  trainPy = path.join(dir, 'train.py');
  fs.writeFileSync(trainPy, TRAIN_PY);
}, 60_000);
afterAll(() => cluster.stop());

type Job = { name: string; args: () => string[] };
const JOBS: Job[] = [
  { name: 'a Java job in a real JVM', args: () => ['--class', 'Train', trainJar] },
  { name: 'a PySpark job in a real python3', args: () => [trainPy] },
];

function channelFile(appId: string): string {
  return cluster.containers.ofApp(appId)[0]?.files.get('apx-channel.ndjson') ?? '';
}

describe.each(JOBS)('$name using the channel library', (job) => {
  it('its messages appear once each, in order, in apx submit --json, and its result in the end event', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--json', ...FAST, ...job.args(), '12'], env);
    expect(r.stderr).not.toMatch(/Error|error/);
    expect(r.code).toBe(0);
    const evs = events(r.stdout);
    const msgs = evs.filter((e) => e.type === 'message');
    expect(msgs.map((m) => m.seq)).toEqual(msgs.map((_, i) => i + 1));
    expect(msgs.slice(0, 5).map((m) => [m.category, m.kind])).toEqual([['app', 'commands'], ['log', 'info'], ['log', 'warn'], ['log', 'debug'], ['log', 'error']]);
    expect(msgs[0]).toMatchObject({ names: ['stop'] });
    expect(msgs[1]).toMatchObject({ message: 'loaded 1000 rows' });
    expect(msgs[4]?.message).toMatch(/^a bad row\n[\s\S]*row 17 has no label/);
    expect(msgs.filter((m) => m.kind === 'progress').map((m) => m.message)).toEqual(Array.from({ length: 12 }, (_, i) => `epoch ${i + 1}/12`));
    expect(msgs.filter((m) => m.kind === 'update' && m.key === 'loss')).toHaveLength(12);
    expect(evs.find((e) => e.type === 'end')).toMatchObject({ outcome: 'succeeded', result: { loss: 1 / 13, epochs: 12, status: 'converged' } });
  });

  it('apx send stop reaches its handler, is acknowledged, and the training ends early', async () => {
    const run = spawnApx(['submit', '--cluster', 'mini', '--json', ...FAST, ...job.args(), '100000'], env);
    const appId = await waitFor('the app id', () => /"appId":"(application_[0-9_]+)"/.exec(run.output())?.[1], 20_000);
    await waitFor('the training', () => channelFile(appId).includes('"progress"'), 20_000);
    const sent = await runApx(['send', '--cluster', 'mini', appId, 'stop', 'converged enough'], env);
    expect(sent.stdout).toBe(`${appId} command #1 stop: acknowledged\n`);
    expect(sent.code).toBe(0);
    const r = await run.done;
    expect(r.code).toBe(0);
    const evs = events(r.stdout);
    expect(evs.filter((e) => e.type === 'message' && e.kind === 'ack')).toMatchObject([{ command: 1, name: 'stop', ok: true }]);
    const end = evs.find((e) => e.type === 'end') as { result: Record<string, unknown> };
    expect(end.result.status).toBe('stopped early');
    expect(end.result.epochs).toBeLessThan(100000);
  }, 30_000);
});
