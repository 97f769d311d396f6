/** The typed WebHDFS client against the mini cluster: the two-step CREATE, typed errors, NameNode rotation. */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ClusterError } from '../../src/errors.js';
import { WebHdfsClient } from '../../src/hdfs/webhdfs.js';
import { RemoteError } from '../../src/net/remote-exception.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { startMini } from '../helpers/mini.js';

let cluster: MiniCluster;
let hdfs: WebHdfsClient;

beforeAll(async () => {
  cluster = await startMini();
  hdfs = new WebHdfsClient({ namenodes: [cluster.urls.nameNode], user: 'ana' });
});
afterAll(() => cluster.stop());

describe('WebHdfsClient', () => {
  it('creates through the DataNode redirect, streams, and reads back; status has HDFS\'s exact length and time', async () => {
    await hdfs.mkdirs('/user/ana/t', '755');
    let progress = 0;
    await hdfs.create('/user/ana/t/data.bin', Readable.from([Buffer.alloc(70_000, 1), Buffer.alloc(30_000, 2)]), { length: 100_000, onProgress: (n) => (progress = n) });
    const st = await hdfs.stat('/user/ana/t/data.bin');
    expect(st?.length).toBe(100_000);
    expect(st?.modificationTime).toBe(cluster.store.lookup('/user/ana/t/data.bin')?.modificationTime);
    expect(progress).toBe(100_000);
    const back = await hdfs.read('/user/ana/t/data.bin');
    expect(back.subarray(69_999, 70_001)).toEqual(Buffer.from([1, 2]));
  });

  it('answers a missing path with undefined from stat and a typed FileNotFoundException from list', async () => {
    expect(await hdfs.stat('/user/ana/nope')).toBeUndefined();
    await expect(hdfs.list('/user/ana/nope')).rejects.toMatchObject({ exception: 'FileNotFoundException', status: 404 });
  });

  it('refuses to overwrite an existing file unless asked, as a typed FileAlreadyExistsException', async () => {
    await expect(hdfs.create('/user/ana/t/data.bin', Buffer.from('x'))).rejects.toBeInstanceOf(RemoteError);
    await expect(hdfs.create('/user/ana/t/data.bin', Buffer.from('x'))).rejects.toMatchObject({ exception: 'FileAlreadyExistsException' });
    await hdfs.create('/user/ana/t/data.bin', Buffer.from('xy'), { overwrite: true });
    expect((await hdfs.stat('/user/ana/t/data.bin'))?.length).toBe(2);
  });

  it('rename and delete answer booleans the way WebHDFS does', async () => {
    expect(await hdfs.rename('/user/ana/t/data.bin', '/user/ana/t/moved.bin')).toBe(true);
    expect(await hdfs.rename('/user/ana/t/data.bin', '/user/ana/t/again.bin')).toBe(false);
    await expect(hdfs.delete('/user/ana/t')).rejects.toMatchObject({ exception: 'PathIsNotEmptyDirectoryException' });
    expect(await hdfs.delete('/user/ana/t', true)).toBe(true);
    expect(await hdfs.delete('/user/ana/t', true)).toBe(false);
  });

  it('without a user the cluster refuses with 401, which is an AuthError (exit 4)', async () => {
    const anonymous = new WebHdfsClient({ namenodes: [cluster.urls.nameNode] });
    const e = await anonymous.homeDirectory().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).exitCode).toBe(4);
  });

  it('rotates to the next NameNode when the first refuses connections', async () => {
    const ha = new WebHdfsClient({ namenodes: ['http://127.0.0.1:9', cluster.urls.nameNode], user: 'ana' });
    expect(await ha.homeDirectory()).toBe('/user/ana');
    expect(ha.namenode).toBe(cluster.urls.nameNode);
  });

  it('an unreachable NameNode is a ClusterError (exit 3) that names the address', async () => {
    const dead = new WebHdfsClient({ namenodes: ['http://127.0.0.1:9'], user: 'ana' });
    const e = await dead.homeDirectory().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClusterError);
    expect((e as ClusterError).exitCode).toBe(3);
    expect((e as Error).message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
  });
});

describe('WebHdfsClient and a DataNode that fails', () => {
  const createsOf = (c: MiniCluster, path: string) =>
    c.faults.requests.filter((r) => r.service === 'namenode' && r.query.includes('op=CREATE') && r.path === `/webhdfs/v1${path}`).map((r) => new URLSearchParams(r.query).get('excludedatanodes'));

  it('names the DataNode that failed, then asks the NameNode for another one (excludedatanodes=<its IP>)', async () => {
    const c = await startMini({ dataNodes: 2 });
    try {
      const client = new WebHdfsClient({ namenodes: [c.urls.nameNode], user: 'root' });
      const dn1 = new URL(c.urls.dataNodes[0] as string).host;
      await c.takeDown('datanode', 60_000);
      await expect(client.create('/tmp/a.bin', Buffer.from('first'))).rejects.toThrow(`cannot reach DataNode ${dn1}: connection refused`);
      await client.create('/tmp/a.bin', Buffer.from('again'));
      expect(createsOf(c, '/tmp/a.bin')).toEqual([null, '127.0.0.1']);
      expect(c.store.read(c.store.lookup('/tmp/a.bin') as NonNullable<ReturnType<typeof c.store.lookup>>).toString()).toBe('again');
    } finally {
      await c.stop();
    }
  });

  it('when the NameNode has no other DataNode ("Failed to find datanode"), asks again without exclusions', async () => {
    const c = await startMini();
    try {
      const client = new WebHdfsClient({ namenodes: [c.urls.nameNode], user: 'root' });
      await c.takeDown('datanode', 60_000);
      await expect(client.create('/tmp/b.bin', Buffer.from('x'))).rejects.toThrow(/cannot reach DataNode/);
      // Still the DataNode's failure, not the NameNode's 403: there was nowhere else to go.
      await expect(client.create('/tmp/b.bin', Buffer.from('x'))).rejects.toThrow(/cannot reach DataNode/);
      expect(createsOf(c, '/tmp/b.bin')).toEqual([null, '127.0.0.1', null]);
    } finally {
      await c.stop();
    }
  });
});
