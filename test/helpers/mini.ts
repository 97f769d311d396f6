/** Test helpers around an in-process mini cluster: fast timings, a real submission, waiting for states. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MiniCluster, type MiniClusterOptions } from '../../src/minicluster/mini-cluster.js';
import { miniTarget } from '../../src/minicluster/target.js';
import { EventBus, type ApxEvent } from '../../src/monitor/events.js';
import { HashRecord } from '../../src/hdfs/content-hash.js';
import { submitApplication, type SubmitResult } from '../../src/services/submit.js';
import { buildSubmission, resolveSparkConf, type SubmitFlags } from '../../src/services/submission-config.js';
import { send } from '../../src/net/http.js';

export const FAST = { stepMillis: 5, amAllocateMillis: 40, amRegisterMillis: 40, killMillis: 40 };

/** Spark conf that makes the simulated driver quick. */
export const QUICK_APP = ['spark.minicluster.startupMillis=30', 'spark.minicluster.taskMillis=20', 'spark.yarn.report.interval=50ms'];

export function startMini(options: MiniClusterOptions = {}): Promise<MiniCluster> {
  return MiniCluster.start({ timing: FAST, ...options });
}

export function tempDir(prefix = 'apx-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A small jar with a manifest naming com.acme.Main. */
export function writeJar(dir: string, name = 'app.jar', extra = ''): string {
  const file = path.join(dir, name);
  // A stored zip is enough for apx (it only reads the manifest); the content varies with `extra`.
  const manifest = Buffer.from(`Manifest-Version: 1.0\nMain-Class: com.acme.Main\nX-Test: ${extra}\n\n`);
  fs.writeFileSync(file, storedZip('META-INF/MANIFEST.MF', manifest));
  return file;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function storedZip(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  const cdOffset = 30 + n.length + data.length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(46 + n.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

export interface SubmitOptions {
  primary: string;
  args?: string[];
  flags?: Partial<SubmitFlags>;
  detach?: boolean;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  record?: HashRecord;
  reconnectBudgetMs?: number;
  /** Called with each event as it happens (to inject a fault at the right moment). */
  onEvent?: (e: ApxEvent) => void;
}

/** Submits through apx's own submit service; returns the result and every event. */
export async function submitTo(cluster: MiniCluster, o: SubmitOptions): Promise<{ result: SubmitResult; events: ApxEvent[] }> {
  const env = o.env ?? { HADOOP_USER_NAME: 'root' };
  const target = miniTarget(cluster.urls, env, async () => {}, 'test');
  const flags = { class: o.primary.endsWith('.py') ? undefined : 'com.acme.Main', ...o.flags, conf: [...QUICK_APP, ...(o.flags?.conf ?? [])] } as SubmitFlags;
  const conf = resolveSparkConf(flags, target, env);
  const sub = buildSubmission(o.primary, o.args ?? [], flags, conf, target, env, process.cwd());
  const bus = new EventBus();
  const events: ApxEvent[] = [];
  bus.on((e) => events.push(e));
  if (o.onEvent) bus.on(o.onEvent);
  const result = await submitApplication({
    submission: sub, target, bus, detach: !!o.detach, cwd: process.cwd(), signal: o.signal ?? new AbortController().signal,
    record: o.record ?? new HashRecord(path.join(tempDir(), 'hashes.json')), reconnectBudgetMs: o.reconnectBudgetMs,
  });
  return { result, events };
}

export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function waitForState(cluster: MiniCluster, appId: string, states: string[], timeoutMs = 10_000): Promise<string> {
  return waitFor(`${appId} in ${states.join('/')}`, () => {
    const app = cluster.rm.apps.get(appId);
    return app && states.includes(app.state) ? app.state : undefined;
  }, timeoutMs);
}

export async function http(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: string, headers: Record<string, string> = {}) {
  const res = await send({ method, url, body, headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers });
  const text = res.body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
