/**
 * A mini cluster with several DataNodes: where the NameNode redirects a CREATE, and how
 * `excludedatanodes` narrows it as Hadoop 3.3.6 does (NamenodeWebHdfsMethods.chooseDatanode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { http, startMini } from '../helpers/mini.js';

let cluster: MiniCluster;

beforeAll(async () => {
  cluster = await startMini({ dataNodes: 2 });
});
afterAll(() => cluster.stop());

async function createRedirect(exclude?: string) {
  const q = exclude === undefined ? '' : `&excludedatanodes=${encodeURIComponent(exclude)}`;
  return http('PUT', `${cluster.urls.nameNode}/webhdfs/v1/tmp/choice.bin?op=CREATE&overwrite=true&user.name=root${q}`);
}

const hostOf = (r: Awaited<ReturnType<typeof createRedirect>>) => new URL(r.headers.location as string).host;

describe('DataNodes of the mini cluster', () => {
  it('each DataNode is a host of its own, and a CREATE goes to the first unless told otherwise', async () => {
    const [dn1, dn2] = cluster.urls.dataNodes.map((u) => new URL(u).host);
    expect(new URL(cluster.urls.dataNodes[0] as string).hostname).toBe('127.0.0.1');
    expect(new URL(cluster.urls.dataNodes[1] as string).hostname).toBe('127.0.0.2');
    expect(hostOf(await createRedirect())).toBe(dn1);
    expect(hostOf(await createRedirect('127.0.0.1'))).toBe(dn2);
    expect(hostOf(await createRedirect(' 127.0.0.9 , 127.0.0.1 '))).toBe(dn2);
  });

  it('ip:port names the transfer port (9866): the HTTP port of the redirect excludes nothing', async () => {
    const [dn1, dn2] = cluster.urls.dataNodes.map((u) => new URL(u).host);
    expect(hostOf(await createRedirect(dn1))).toBe(dn1);
    expect(hostOf(await createRedirect('127.0.0.1:9866'))).toBe(dn2);
  });

  it('every DataNode excluded: 403 IOException "Failed to find datanode"', async () => {
    const r = await createRedirect('127.0.0.1,127.0.0.2');
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ RemoteException: { exception: 'IOException', javaClassName: 'java.io.IOException', message: 'Failed to find datanode, suggest to check cluster health. excludeDatanodes=127.0.0.1,127.0.0.2' } });
  });

  it('a DataNode that is down is still offered, as the real NameNode does until heartbeats expire', async () => {
    const dn1 = new URL(cluster.urls.dataNodes[0] as string).host;
    await cluster.takeDown('datanode', 1_000);
    expect(hostOf(await createRedirect())).toBe(dn1);
  });
});
