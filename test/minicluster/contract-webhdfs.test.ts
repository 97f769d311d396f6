/**
 * Replays the recorded WebHDFS exchanges against the mini cluster: same status, same JSON shape,
 * same RemoteException type (test/fixtures/hadoop-3.3.6/webhdfs-*.http).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { loadRecording, missingKeys } from '../helpers/recording.js';
import { http, startMini } from '../helpers/mini.js';

let cluster: MiniCluster;
let nn: string;

beforeAll(async () => {
  cluster = await startMini();
  nn = cluster.urls.nameNode;
});
afterAll(() => cluster.stop());

/** Sends the recorded request line (path and query as recorded) to the mini NameNode. */
async function replay(name: string, body?: string) {
  const rec = loadRecording(name);
  const req = rec.request as NonNullable<typeof rec.request>;
  const got = await http(req.method as 'GET', `${nn}${req.target}`, body);
  return { rec, got };
}

function expectSameAnswer(rec: ReturnType<typeof loadRecording>, got: Awaited<ReturnType<typeof http>>) {
  expect(got.status).toBe(rec.final.status);
  if (rec.final.body.startsWith('{')) {
    const recorded = JSON.parse(rec.final.body) as { RemoteException?: { exception: string } };
    expect(missingKeys(recorded, got.json)).toEqual([]);
    if (recorded.RemoteException) expect((got.json as typeof recorded).RemoteException?.exception).toBe(recorded.RemoteException.exception);
  }
}

async function put(path: string, data: string) {
  const first = await http('PUT', `${nn}/webhdfs/v1${path}?op=CREATE&overwrite=true&user.name=root`);
  await http('PUT', first.headers.location as string, data);
}

describe('WebHDFS contract (recorded on Hadoop 3.3.6)', () => {
  it('GETHOMEDIRECTORY', async () => {
    const { rec, got } = await replay('webhdfs-gethomedirectory.http');
    expectSameAnswer(rec, got);
    expect(got.json).toEqual({ Path: '/user/root' });
  });

  it('anonymous requests get 401 PseudoAuth', async () => {
    const { rec, got } = await replay('webhdfs-anonymous.http');
    expect(got.status).toBe(rec.final.status);
    expect(got.headers['www-authenticate']).toBe(rec.final.headers['www-authenticate']);
    expect(got.headers['content-type']).toBe(rec.final.headers['content-type']);
  });

  it('an unknown op is a 400 IllegalArgumentException with the same message', async () => {
    const { rec, got } = await replay('webhdfs-bad-op.http');
    expectSameAnswer(rec, got);
    expect(got.text).toBe(rec.final.body);
  });

  it('MKDIRS, then CREATE answers 307 to a DataNode and the DataNode 201', async () => {
    expectSameAnswer(...Object.values(await replay('webhdfs-mkdirs.http')) as [never, never]);
    const { rec, got } = await replay('webhdfs-create-namenode-307.http');
    expect(got.status).toBe(307);
    const recordedLocation = new URL(rec.final.headers.location as string);
    const location = new URL(got.headers.location as string);
    expect(location.pathname).toBe(recordedLocation.pathname);
    expect([...location.searchParams.keys()].sort()).toEqual([...recordedLocation.searchParams.keys()].sort());
    const dn = await http('PUT', got.headers.location as string, 'x'.repeat(4096));
    expect(dn.status).toBe(loadRecording('webhdfs-create-datanode-201.http').final.status);
    expect(dn.headers.location).toBe('hdfs://127.0.0.1:9000/user/root/capture/a.bin');
  });

  it('CREATE of an existing file with overwrite=false is refused by the DataNode after the data', async () => {
    const first = await http('PUT', `${nn}/webhdfs/v1/user/root/capture/a.bin?op=CREATE&overwrite=false&user.name=root`);
    expect(first.status).toBe(307);
    const dn = await http('PUT', first.headers.location as string, 'y'.repeat(10));
    const rec = loadRecording('webhdfs-create-datanode-exists.http');
    expectSameAnswer(rec, dn);
  });

  it('CREATE with noredirect=true answers 200 with the Location', async () => {
    const { rec, got } = await replay('webhdfs-create-noredirect.http');
    expectSameAnswer(rec, got);
  });

  it('GETFILESTATUS of a file and a directory, and of a missing path', async () => {
    for (const name of ['webhdfs-getfilestatus.http', 'webhdfs-getfilestatus-dir.http', 'webhdfs-getfilestatus-not-found.http']) {
      const { rec, got } = await replay(name);
      expectSameAnswer(rec, got);
    }
    const { got } = await replay('webhdfs-getfilestatus.http');
    expect((got.json as { FileStatus: { length: number } }).FileStatus.length).toBe(4096);
  });

  it('LISTSTATUS and GETCONTENTSUMMARY', async () => {
    for (const name of ['webhdfs-liststatus.http', 'webhdfs-liststatus-not-found.http', 'webhdfs-getcontentsummary.http']) {
      const { rec, got } = await replay(name);
      expectSameAnswer(rec, got);
    }
  });

  it('OPEN and GETFILECHECKSUM answer 307; the followed checksum has the recorded shape', async () => {
    const open = await replay('webhdfs-open-307.http');
    expect(open.got.status).toBe(307);
    const data = await http('GET', open.got.headers.location as string);
    expect(data.text).toBe('x'.repeat(16));
    const sum = await replay('webhdfs-getfilechecksum-307.http');
    expect(sum.got.status).toBe(307);
    const followed = await http('GET', sum.got.headers.location as string);
    expectSameAnswer(loadRecording('webhdfs-getfilechecksum-followed.http'), followed);
  });

  it('SETPERMISSION, SETTIMES, SETXATTR answer 200 with no body; a bad xattr name and GETXATTRS without encoding are 400', async () => {
    for (const name of ['webhdfs-setpermission.http', 'webhdfs-settimes.http', 'webhdfs-setxattr.http']) {
      const { rec, got } = await replay(name);
      expect(got.status).toBe(rec.final.status);
      expect(got.text).toBe('');
    }
    for (const name of ['webhdfs-setxattr-no-prefix.http', 'webhdfs-getxattrs.http']) {
      const { rec, got } = await replay(name);
      expectSameAnswer(rec, got);
    }
  });

  it('RENAME: a file, into an existing directory (moves it inside), and a missing source (false)', async () => {
    let r = await replay('webhdfs-rename.http');
    expectSameAnswer(r.rec, r.got);
    expect(r.got.json).toEqual({ boolean: true });
    r = await replay('webhdfs-rename-dest-exists.http');
    expect(r.got.json).toEqual({ boolean: true });
    expect(cluster.store.lookup('/user/root/capture/dir/c.bin')).toBeDefined();
    r = await replay('webhdfs-rename-source-missing.http');
    expect(r.got.json).toEqual({ boolean: false });
  });

  it('DELETE: a non-empty dir needs recursive (403), recursive works, a missing path answers false', async () => {
    await put('/user/root/capture/keep.txt', 'k');
    let r = await replay('webhdfs-delete-non-empty.http');
    expectSameAnswer(r.rec, r.got);
    r = await replay('webhdfs-delete-recursive.http');
    expect(r.got.json).toEqual({ boolean: true });
    r = await replay('webhdfs-delete-missing.http');
    expect(r.got.json).toEqual({ boolean: false });
  });
});
