/**
 * Shipping local files through the cache: a file apx has never hashed is read once (hashed while it
 * uploads), its hash is remembered so the next submission sends nothing, and a fresh machine without
 * the hash record still finds what the cache holds instead of sending it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HashRecord } from '../../src/hdfs/content-hash.js';
import { UploadCache } from '../../src/hdfs/upload-cache.js';
import { WebHdfsClient } from '../../src/hdfs/webhdfs.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { EventBus, type ApxEvent } from '../../src/monitor/events.js';
import { resolveDependencies } from '../../src/services/dependencies.js';
import type { PlannedResource } from '../../src/spark/dist-cache.js';
import { startMini, tempDir } from '../helpers/mini.js';

let cluster: MiniCluster;
let dir: string;

beforeAll(async () => {
  cluster = await startMini();
  cluster.store.mkdirs('/user/ana', 'ana', '755');
  dir = tempDir();
});
afterAll(() => cluster.stop());
afterEach(() => vi.restoreAllMocks());

function jar(name: string, bytes: number, fill: number): PlannedResource {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.alloc(bytes, fill));
  return { role: 'jar', source: { kind: 'local', path: file }, link: name, type: 'FILE', appMasterOnly: false };
}

async function resolve(resources: PlannedResource[], record: HashRecord) {
  const hdfs = new WebHdfsClient({ namenodes: [cluster.urls.nameNode], user: 'ana' });
  const bus = new EventBus();
  const events: ApxEvent[] = [];
  bus.on((e) => events.push(e));
  const resolved = await resolveDependencies(resources, { hdfs, cache: new UploadCache(hdfs, '/user/ana/.apx/cache'), record, defaultFs: 'hdfs://127.0.0.1:9000', bus });
  return { resolved, events, end: events.find((e) => e.type === 'upload-end') as Extract<ApxEvent, { type: 'upload-end' }> };
}

/** How many times `file` was opened for reading, by any of the ways apx reads files. */
function countOpens(file: string): () => number {
  let n = 0;
  const stream = fs.createReadStream;
  vi.spyOn(fs, 'createReadStream').mockImplementation(((p: fs.PathLike, o?: never) => {
    if (p === file) n++;
    return stream(p, o);
  }) as typeof fs.createReadStream);
  const open = fs.promises.open;
  vi.spyOn(fs.promises, 'open').mockImplementation(((p: fs.PathLike, ...rest: never[]) => {
    if (p === file) n++;
    return open(p, ...rest);
  }) as typeof fs.promises.open);
  return () => n;
}

describe('resolveDependencies', () => {
  it('a file never hashed is read once, lands at its content address, and its hash is remembered', async () => {
    const r = jar('fresh-lib.jar', 2_000_000, 11);
    const file = (r.source as { path: string }).path;
    const opens = countOpens(file);
    const record = new HashRecord(path.join(dir, 'record-1.json'));
    const { resolved, end } = await resolve([r], record);
    expect(opens()).toBe(1);
    expect(end).toMatchObject({ uploadedBytes: 2_000_000, reusedBytes: 0 });
    const sha = resolved[0]?.uri.split('/').slice(-2)[0] as string;
    expect(record.knownFor(file, fs.statSync(file))).toBe(sha);
    const again = await resolve([r], record);
    expect(again.end).toMatchObject({ uploadedBytes: 0, reusedBytes: 2_000_000 });
    expect(opens()).toBe(1);
  });

  it('without the hash record (a fresh CI runner), an entry of that name and size is found, not sent again', async () => {
    const r = jar('ci-lib.jar', 1_500_000, 12);
    await resolve([r], new HashRecord(path.join(dir, 'record-2.json')));
    const { end, events } = await resolve([r], new HashRecord(path.join(dir, 'record-3.json')));
    expect(end).toMatchObject({ uploadedBytes: 0, reusedBytes: 1_500_000 });
    expect(events.find((e) => e.type === 'upload-plan')).toMatchObject({ files: [{ name: 'ci-lib.jar', cached: true }] });
  });
});
