/** The content-addressed cache: atomic entries, races, partial uploads, PUBLIC visibility, the hash record. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashRecord, sha256File } from '../../src/hdfs/content-hash.js';
import { UploadCache, openFile } from '../../src/hdfs/upload-cache.js';
import { WebHdfsClient } from '../../src/hdfs/webhdfs.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { startMini, tempDir } from '../helpers/mini.js';

let cluster: MiniCluster;
let hdfs: WebHdfsClient;
let cache: UploadCache;
let dir: string;

beforeAll(async () => {
  cluster = await startMini();
  hdfs = new WebHdfsClient({ namenodes: [cluster.urls.nameNode], user: 'ana' });
  cache = new UploadCache(hdfs, '/user/ana/.apx/cache');
  dir = tempDir();
  cluster.store.mkdirs('/user/ana', 'ana', '755');
});
afterAll(() => cluster.stop());

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const entriesUnder = (root: string) => [...cluster.store.walk(root)].filter(([, n]) => n.type === 'FILE').map(([p]) => p);

describe('UploadCache', () => {
  it('uploads once, then finds the same content without uploading', async () => {
    const f = file('lib.jar', 'library');
    const sha = await sha256File(f);
    const first = await cache.put(f, sha, 'lib.jar', 7);
    const second = await cache.put(f, sha, 'lib.jar', 7);
    expect([first.uploaded, second.uploaded]).toEqual([true, false]);
    expect(second.path).toBe(`/user/ana/.apx/cache/${sha}/lib.jar`);
    expect(second.status.modificationTime).toBe(first.status.modificationTime);
  });

  it('concurrent uploads of the same content leave exactly one entry and no temporary', async () => {
    const f = file('race.jar', Buffer.alloc(300_000, 9));
    const sha = await sha256File(f);
    const results = await Promise.all([1, 2, 3].map(() => cache.put(f, sha, 'race.jar', 300_000)));
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(entriesUnder(`/user/ana/.apx/cache/${sha}`)).toEqual([`/user/ana/.apx/cache/${sha}/race.jar`]);
  });

  it('a connection reset mid-upload fails the upload, deletes the temporary and never creates the entry', async () => {
    const f = file('reset.jar', Buffer.alloc(2_000_000, 3));
    const sha = await sha256File(f);
    cluster.faults.resetUploadAfter(500_000);
    await expect(cache.put(f, sha, 'reset.jar', 2_000_000)).rejects.toThrow();
    expect(entriesUnder(`/user/ana/.apx/cache/${sha}`)).toEqual([]);
    const retried = await cache.put(f, sha, 'reset.jar', 2_000_000);
    expect(retried.status.length).toBe(2_000_000);
  });

  it('entries are readable by all under executable parents, so YARN can localize them PUBLIC', async () => {
    const f = file('pub.jar', 'public bytes');
    const entry = await cache.put(f, await sha256File(f), 'pub.jar', 12);
    expect(await cache.isPublic(entry.path)).toBe(true);
    cluster.store.mkdirs('/user/private', 'ana', '700');
    const privateCache = new UploadCache(hdfs, '/user/private/cache');
    const hidden = await privateCache.put(f, await sha256File(f), 'pub.jar', 12);
    expect(await privateCache.isPublic(hidden.path)).toBe(false);
  });
});

/** A stream factory that counts how often the file is opened and how many bytes are read from it. */
function counted(f: string) {
  const reads = { opens: 0, bytes: 0 };
  const open = (): Readable => {
    reads.opens++;
    return openFile(f).on('data', (c: Buffer) => (reads.bytes += c.length));
  };
  return { open, reads };
}

const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const temporariesUnder = (root: string) => [...cluster.store.walk(root)].map(([p]) => p).filter((p) => p.endsWith('.apx-tmp'));

describe('UploadCache: a file whose hash is not known yet', () => {
  it('is read once, hashed on the way, and ends at its content address with the right bytes', async () => {
    const bytes = Buffer.alloc(3_000_000, 7);
    bytes.write('fresh', 0);
    const f = file('fresh.jar', bytes);
    const { open, reads } = counted(f);
    const entry = await cache.uploadHashing(open, 'fresh.jar', bytes.length);
    expect(reads).toEqual({ opens: 1, bytes: bytes.length });
    expect(entry.sha256).toBe(sha256Of(bytes));
    expect(entry).toMatchObject({ path: `/user/ana/.apx/cache/${sha256Of(bytes)}/fresh.jar`, uploaded: true });
    const node = cluster.store.lookup(entry.path);
    expect(node && sha256Of(cluster.store.read(node))).toBe(sha256Of(bytes));
    expect(temporariesUnder('/user/ana/.apx/cache')).toEqual([]);
  });

  it('when the content address exists already, the temporary is deleted and the existing entry kept', async () => {
    const f = file('twice.jar', Buffer.alloc(400_000, 5));
    const sha = await sha256File(f);
    const first = await cache.put(f, sha, 'twice.jar', 400_000);
    const again = await cache.uploadHashing(counted(f).open, 'twice.jar', 400_000);
    expect(again.path).toBe(first.path);
    expect(again.status.modificationTime).toBe(first.status.modificationTime);
    expect(entriesUnder(`/user/ana/.apx/cache/${sha}`)).toEqual([first.path]);
    expect(temporariesUnder('/user/ana/.apx/cache')).toEqual([]);
  });

  it('a failed upload leaves no temporary and no entry', async () => {
    const bytes = Buffer.alloc(2_000_000, 4);
    const f = file('broken.jar', bytes);
    cluster.faults.resetUploadAfter(500_000);
    await expect(cache.uploadHashing(counted(f).open, 'broken.jar', bytes.length)).rejects.toThrow();
    expect(temporariesUnder('/user/ana/.apx/cache')).toEqual([]);
    expect(cluster.store.lookup(`/user/ana/.apx/cache/${sha256Of(bytes)}`)).toBeUndefined();
  });

  it('a name and size the cache holds is worth hashing first: mayHave says so, only after an upload', async () => {
    const f = file('sized.jar', Buffer.alloc(123_457, 1));
    expect(await cache.mayHave('sized.jar', 123_457)).toBe(false);
    await cache.uploadHashing(counted(f).open, 'sized.jar', 123_457);
    expect([await cache.mayHave('sized.jar', 123_457), await cache.mayHave('sized.jar', 123_458)]).toEqual([true, false]);
  });
});

describe('HashRecord', () => {
  it('does not re-read an unchanged file, and notices a changed one', async () => {
    const f = file('big.jar', 'v1');
    const record = new HashRecord(path.join(dir, 'record.json'));
    const a = await record.hash(f);
    const b = await record.hash(f);
    expect([a.reused, b.reused, a.sha256 === b.sha256]).toEqual([false, true, true]);
    record.save();
    fs.writeFileSync(f, 'v2 longer');
    const fresh = new HashRecord(path.join(dir, 'record.json'));
    const c = await fresh.hash(f);
    expect(c.reused).toBe(false);
    expect(c.sha256).toBe(await sha256File(f));
  });
});
