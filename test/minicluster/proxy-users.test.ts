/**
 * The mini cluster honours `doAs=` as Hadoop's daemons do (no recording: Hadoop 3.3.6's
 * DefaultImpersonationProvider, DelegationTokenAuthenticationFilter + HttpExceptionUtils on the RM,
 * JspHelper.getUGI on the NameNode): allowed by hadoop.proxyuser.<u>.users or .groups and .hosts, the
 * request then runs as the proxied user; refused with 403 and the real wording otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { http, startMini } from '../helpers/mini.js';

let cluster: MiniCluster;

beforeAll(async () => {
  cluster = await startMini({
    proxyUsers: {
      'hadoop.proxyuser.root.users': 'etl',
      'hadoop.proxyuser.root.groups': 'analysts',
      'hadoop.proxyuser.root.hosts': '127.0.0.0/8',
      'hadoop.proxyuser.oozie.users': '*',
      'hadoop.proxyuser.oozie.hosts': '10.0.0.1',
      'hadoop.user.group.static.mapping.overrides': 'dr.who=;ana=analysts,staff;bob=staff',
    },
  });
});
afterAll(() => cluster.stop());

const home = (as: string, doAs: string) => http('GET', `${cluster.urls.nameNode}/webhdfs/v1/?op=GETHOMEDIRECTORY&user.name=${as}&doas=${doAs}`);

describe('doAs on WebHDFS', () => {
  it('runs as the proxied user when users or groups admit them from an allowed host', async () => {
    expect((await home('root', 'etl')).json).toEqual({ Path: '/user/etl' });
    expect((await home('root', 'ana')).json).toEqual({ Path: '/user/ana' });
  });

  it('refuses anyone else with 403 SecurityException and AuthorizationException\'s words', async () => {
    const r = await home('root', 'bob');
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ RemoteException: { exception: 'SecurityException', javaClassName: 'java.lang.SecurityException', message: 'Failed to obtain user group information: org.apache.hadoop.security.authorize.AuthorizationException: User: root is not allowed to impersonate bob' } });
    const host = await home('oozie', 'bob');
    expect((host.json as { RemoteException: { message: string } }).RemoteException.message).toBe('Failed to obtain user group information: org.apache.hadoop.security.authorize.AuthorizationException: Unauthorized connection for super-user: oozie from IP 127.0.0.1');
    const nobody = await home('alice', 'bob');
    expect((nobody.json as { RemoteException: { message: string } }).RemoteException.message).toMatch(/User: alice is not allowed to impersonate bob$/);
  });

  it('a file written through the DataNode belongs to the proxied user', async () => {
    const create = await http('PUT', `${cluster.urls.nameNode}/webhdfs/v1/tmp/proxied.txt?op=CREATE&user.name=root&doAs=etl`);
    expect(create.status).toBe(307);
    const location = create.headers.location as string;
    expect(location).toMatch(/[?&]doas=etl&user\.name=root/);
    expect((await http('PUT', location, 'hello')).status).toBe(201);
    const status = (await http('GET', `${cluster.urls.nameNode}/webhdfs/v1/tmp/proxied.txt?op=GETFILESTATUS&user.name=root`)).json as { FileStatus: { owner: string } };
    expect(status.FileStatus.owner).toBe('etl');
  });
});

describe('doAs on the ResourceManager', () => {
  it('a new application is the proxied user\'s; a refusal is HttpExceptionUtils\' 403 JSON', async () => {
    const ok = await http('POST', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/new-application?user.name=root&doAs=etl`);
    expect(ok.status).toBe(200);
    const refused = await http('POST', `${cluster.urls.resourceManager}/ws/v1/cluster/apps/new-application?user.name=root&doAs=bob`);
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('{"RemoteException":{"message":"User: root is not allowed to impersonate bob","exception":"AuthorizationException","javaClassName":"org.apache.hadoop.security.authorize.AuthorizationException"}}');
  });
});
