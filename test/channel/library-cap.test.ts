/**
 * The libraries under a flood, in a real JVM and a real python3 writing to a real log dir: the file
 * stays within the documented cap, records stay whole and in sequence, what could not be kept is
 * counted in a `coalesced` record, and every update key's last value (the app's result) survives.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecord, type ChannelRecord } from '../../src/channel/wire.js';
import { tempDir } from '../helpers/mini.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CHANNEL_JAR = path.join(ROOT, 'dist', 'jvm', 'apx-channel.jar');
const PY_ZIP = path.join(ROOT, 'dist', 'python', 'apx-channel.zip');
const CAP = 8 * 1024 * 1024;

const FLOOD_JAVA = `
import apx.channel.Channel;
public class Flood {
  public static void main(String[] a) {
    String pad = new String(new char[100]).replace('\\0', 'x');
    for (int i = 0; i < 200000; i++) {
      Channel.info("row %d %s", i, pad);
      Channel.progress("load", i / 200000.0, null);
      Channel.update("rows", i);
    }
    Channel.update("rows", 200000);
    Channel.update("output", "hdfs:///out/part-0");
  }
}
`;

const FLOOD_PY = `
from apx import channel
pad = "x" * 100
for i in range(200000):
    channel.info("row %d %s", i, pad)
    channel.progress("load", i / 200000.0)
    channel.update("rows", i)
channel.update("rows", 200000)
channel.update("output", "hdfs:///out/part-0")
`;

let classes: string;
beforeAll(() => {
  classes = tempDir('apx-flood-');
  fs.writeFileSync(path.join(classes, 'Flood.java'), FLOOD_JAVA);
  execFileSync('javac', ['--release', '8', '-Xlint:-options', '-cp', CHANNEL_JAR, '-d', classes, path.join(classes, 'Flood.java')]);
  fs.writeFileSync(path.join(classes, 'flood.py'), FLOOD_PY);
}, 60_000);

function records(logDir: string): { bytes: number; recs: ChannelRecord[] } {
  const text = fs.readFileSync(path.join(logDir, 'apx-channel.ndjson'), 'utf8');
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const recs = lines.map((l) => parseRecord(l));
  expect(recs.every((r) => r !== undefined)).toBe(true);
  return { bytes: Buffer.byteLength(text), recs: recs as ChannelRecord[] };
}

const RUNNERS = [
  { name: 'Java', run: (env: NodeJS.ProcessEnv, cwd?: string) => execFileSync('java', ['-cp', `${CHANNEL_JAR}:${classes}`, 'Flood'], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] }) },
  { name: 'Python', run: (env: NodeJS.ProcessEnv, cwd?: string) => execFileSync('python3', [path.join(classes, 'flood.py')], { env: { ...env, PYTHONPATH: PY_ZIP }, cwd, stdio: ['ignore', 'ignore', 'pipe'] }) },
];

describe.each(RUNNERS)('the $name library under 600,000 calls', ({ run }) => {
  it('keeps the file within the cap, whole and in order, says what it coalesced, and keeps the result', () => {
    const logDir = tempDir('apx-flood-logs-');
    run({ PATH: process.env.PATH, LOG_DIRS: `${logDir},/nonexistent-second-dir` });
    const { bytes, recs } = records(logDir);
    expect(bytes).toBeLessThanOrEqual(CAP + 4096);
    expect(bytes).toBeGreaterThan(CAP / 2);
    expect(recs.map((r) => r.seq)).toEqual(recs.map((_, i) => i + 1));
    const capNote = recs.findIndex((r) => r.kind === 'coalesced' && /reached its cap/.test(r.message ?? ''));
    expect(capNote).toBeGreaterThan(0);
    // After the cap only the result: each update key's last value, written at exit.
    expect(recs.slice(capNote + 1).map((r) => r.kind)).toEqual(['update', 'update']);
    const last = new Map(recs.filter((r) => r.kind === 'update').map((r) => [r.key, r.value]));
    expect(Object.fromEntries(last)).toEqual({ rows: 200000, output: 'hdfs:///out/part-0' });
  }, 120_000);

  it('outside a YARN container (no LOG_DIRS) does nothing and never fails the job', () => {
    const cwd = tempDir('apx-flood-none-');
    expect(() => run({ PATH: process.env.PATH }, cwd)).not.toThrow();
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 120_000);
});
