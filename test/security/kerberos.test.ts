/**
 * Kerberos end to end against a real MIT KDC on loopback: SPNEGO to every daemon with the user's
 * ticket cache, the hadoop.auth cookie reused, HDFS and RM delegation tokens fetched and shipped in
 * the submission, and a mini cluster that refuses what a secure cluster refuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { decodeIdentifier, decodeToken } from '../../src/security/hadoop-token.js';
import { loadKerberos } from '../../src/security/gssapi.js';
import { SpnegoAuth } from '../../src/security/spnego.js';
import { WebHdfsClient } from '../../src/hdfs/webhdfs.js';
import { RmClient } from '../../src/yarn/rm-client.js';
import type { SubmissionBody } from '../../src/yarn/types.js';
import { cliEnv, events, runApx, spawnApx } from '../helpers/cli.js';
import { startKdc, type TestKdc } from '../helpers/kdc.js';
import { QUICK_APP, startMini, tempDir, waitFor, writeJar } from '../helpers/mini.js';

const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
let kdc: TestKdc;
let cluster: MiniCluster;
let jar: string;

beforeAll(async () => {
  kdc = await startKdc();
  cluster = await startMini({ kerberos: { keytab: kdc.httpKeytab, realm: kdc.realm } });
  jar = writeJar(tempDir());
});
afterAll(async () => {
  await cluster?.stop();
  kdc?.stop();
});

/** A CLI environment whose ticket cache holds `user`'s TGT, with a `krb` profile; HADOOP_USER_NAME=root must not matter. */
async function kerberosEnv(cache: string): Promise<NodeJS.ProcessEnv> {
  const env = cliEnv(cluster, { KRB5_CONFIG: kdc.krb5Config, KRB5CCNAME: cache, HADOOP_USER_NAME: 'root' });
  const spark = ['--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip'];
  const r = await runApx(['cluster', 'add', 'krb', '--rm', cluster.urls.resourceManager, '--webhdfs', cluster.urls.nameNode, '--auth', 'kerberos', ...spark], env);
  expect(r.code, r.stderr).toBe(0);
  return env;
}

describe('Kerberos (SPNEGO) with a real KDC', () => {
  it('submits as the ticket\'s principal, shipping HDFS and RM tokens that the cluster renews and localizes with', async () => {
    const env = await kerberosEnv(kdc.kinit('alice'));
    const before = cluster.kerberos?.negotiations ?? 0;
    const requestsBefore = cluster.faults.requests.length;
    const r = await runApx(['submit', '--cluster', 'krb', '--plain', '--verbose', ...quick, jar], env);
    expect(r.code, r.stderr).toBe(0);
    // The driver log comes from the NodeManager, Spark's stages through the RM proxy: both over SPNEGO.
    expect(r.stderr).toContain('driver: ');
    expect(r.stderr).toMatch(/stage \d+ \(.*\) complete/);
    expect(r.stderr).toContain('delegation tokens: HDFS_DELEGATION_TOKEN for 127.0.0.1:9000, RM_DELEGATION_TOKEN for 127.0.0.1:8032 (renewer rm/127.0.0.1@APX.TEST)');
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    const app = cluster.rm.apps.get(r.stdout.trim());
    expect(app?.user).toBe('alice');
    const shipped = (app?.submission['am-container-spec'].credentials?.tokens?.entry ?? []).map((e) => ({ key: e.key, token: decodeToken(e.value) }));
    expect(shipped.map((s) => [s.key, s.token.kind, s.token.service])).toEqual([
      ['127.0.0.1:9000', 'HDFS_DELEGATION_TOKEN', '127.0.0.1:9000'],
      ['127.0.0.1:8032', 'RM_DELEGATION_TOKEN', '127.0.0.1:8032'],
    ]);
    for (const s of shipped) expect(decodeIdentifier(s.token.identifier)).toMatchObject({ owner: 'alice', renewer: 'rm' });
    // One Kerberos exchange per daemon, then the cookie: far fewer than the requests made.
    const negotiations = (cluster.kerberos?.negotiations ?? 0) - before;
    const requests = cluster.faults.requests.length - requestsBefore;
    expect(negotiations).toBeGreaterThan(0);
    expect(negotiations).toBeLessThanOrEqual(4);
    expect(requests).toBeGreaterThan(3 * negotiations);
  });

  it('with only HADOOP_CONF_DIR, a core-site that says kerberos is enough (no profile)', async () => {
    const dir = tempDir('apx-secure-conf-');
    const xml = (props: Record<string, string>) =>
      `<configuration>${Object.entries(props).map(([k, v]) => `<property><name>${k}</name><value>${v}</value></property>`).join('')}</configuration>`;
    const port = (u: string) => new URL(u).port;
    fs.writeFileSync(path.join(dir, 'core-site.xml'), xml({ 'fs.defaultFS': 'hdfs://127.0.0.1:9000', 'hadoop.security.authentication': 'kerberos' }));
    fs.writeFileSync(path.join(dir, 'hdfs-site.xml'), xml({ 'dfs.namenode.http-address': `127.0.0.1:${port(cluster.urls.nameNode)}` }));
    fs.writeFileSync(path.join(dir, 'yarn-site.xml'), xml({
      'yarn.resourcemanager.webapp.address': `127.0.0.1:${port(cluster.urls.resourceManager)}`, 'yarn.resourcemanager.address': '127.0.0.1:8032',
      'yarn.resourcemanager.scheduler.address': '127.0.0.1:8030', 'yarn.resourcemanager.principal': `rm/_HOST@${kdc.realm}`,
    }));
    const env = cliEnv(cluster, { KRB5_CONFIG: kdc.krb5Config, KRB5CCNAME: kdc.kinit('dave'), HADOOP_CONF_DIR: dir });
    const r = await runApx(['submit', '--plain', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip', ...quick, jar], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(renewer rm/127.0.0.1@APX.TEST)');
    expect(cluster.rm.apps.get(r.stdout.trim())?.user).toBe('dave');
  });

  it('an expired ticket is the same: exit 4 and a hint to kinit, no stack trace', async () => {
    const env = await kerberosEnv(kdc.kinit('alice', '1s'));
    await new Promise((r) => setTimeout(r, 2_100));
    const r = await runApx(['list', '--cluster', 'krb'], env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^apx: no usable Kerberos ticket for HTTP@127\.0\.0\.1: .*expired/i);
    expect(r.stderr).toContain('Run kinit');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the RM restarts mid-watch and forgets its cookies: apx reconnects, negotiates again, and sees the app through (exit 0)', async () => {
    const env = await kerberosEnv(kdc.kinit('alice'));
    const run = spawnApx(['submit', '--cluster', 'krb', '--plain', '--conf', 'spark.minicluster.taskMillis=150', ...quick, jar], env);
    await waitFor('a running app of alice', () => [...cluster.rm.apps.values()].find((a) => a.state === 'RUNNING' && a.user === 'alice' && !a.finishedTime));
    const before = cluster.kerberos?.negotiations ?? 0;
    cluster.kerberos?.restartSigner();
    await cluster.takeDown('rm', 1_500);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/reconnecting/);
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    expect((cluster.kerberos?.negotiations ?? 0) - before).toBeGreaterThanOrEqual(1);
  });

  it('on a Kerberized HA cluster, the RM fails over mid-run: apx negotiates with the new active RM and finishes (exit 0)', async () => {
    const ha = await startMini({ kerberos: { keytab: kdc.httpKeytab, realm: kdc.realm }, highAvailability: true });
    try {
      const env = cliEnv(ha, { KRB5_CONFIG: kdc.krb5Config, KRB5CCNAME: kdc.kinit('erin') });
      const add = await runApx(['cluster', 'add', 'ha', '--rm', ha.urls.resourceManagers.join(','), '--webhdfs', ha.urls.nameNodes.join(','), '--auth', 'kerberos',
        '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip'], env);
      expect(add.code, add.stderr).toBe(0);
      const run = spawnApx(['submit', '--cluster', 'ha', '--plain', '--conf', 'spark.minicluster.taskMillis=150', ...quick, jar], env);
      await waitFor('a running app', () => [...ha.rm.apps.values()].find((a) => a.state === 'RUNNING')?.id);
      const before = ha.kerberos?.negotiations ?? 0;
      ha.failoverResourceManager();
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(ha.faults.requests.some((q) => q.service === 'rm2')).toBe(true);
      expect((ha.kerberos?.negotiations ?? 0) - before).toBeGreaterThanOrEqual(1);
    } finally {
      await ha.stop();
    }
  });

  it('without a ticket: one line that says to kinit, exit 4, nothing uploaded or submitted', async () => {
    const env = await kerberosEnv(`FILE:${tempDir()}/no-such-cache`);
    const appsBefore = cluster.rm.apps.size;
    const r = await runApx(['submit', '--cluster', 'krb', '--plain', ...quick, jar], env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^apx: no usable Kerberos ticket for HTTP@127\.0\.0\.1: /);
    expect(r.stderr).toContain('Run kinit');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(cluster.rm.apps.size).toBe(appsBefore);
  });

  it('operator commands work with the ticket too: a detached app is killed by its owner', async () => {
    const env = await kerberosEnv(kdc.kinit('bob'));
    const s = await runApx(['submit', '--cluster', 'krb', '--detach', '--plain', '--conf', 'spark.minicluster.startupMillis=60000', jar], env);
    expect(s.code, s.stderr).toBe(0);
    const appId = s.stdout.trim();
    const k = await runApx(['kill', '--cluster', 'krb', appId], env);
    expect(k.code, k.stderr).toBe(0);
    expect(cluster.rm.apps.get(appId)?.state).toBe('KILLED');
    expect(cluster.rm.apps.get(appId)?.diagnostics).toContain('killed by user bob');
    const list = await runApx(['list', '--cluster', 'krb', '--json', '--state', 'KILLED'], env);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string; user: string }[]).find((a) => a.id === appId)?.user).toBe('bob');
  });

  it('never prints a token, the cookie or a Negotiate header, whatever the output mode', async () => {
    const env = await kerberosEnv(kdc.kinit('alice'));
    const runs = await Promise.all([
      runApx(['submit', '--cluster', 'krb', '--plain', '--verbose', ...quick, jar], env),
      runApx(['submit', '--cluster', 'krb', '--json', ...quick, jar], env),
      runApx(['submit', '--cluster', 'krb', '--dry-run', jar], env),
    ]);
    const tokens = [...cluster.rm.apps.values()].flatMap((a) => a.submission['am-container-spec'].credentials?.tokens?.entry ?? []).map((e) => e.value);
    expect(tokens.length).toBeGreaterThan(0);
    for (const r of runs) {
      const out = r.stdout + r.stderr;
      expect(out).not.toMatch(/Negotiate|hadoop\.auth|delegation=/);
      for (const t of tokens) expect(out).not.toContain(t.slice(0, 24));
    }
    expect(events(runs[1]?.stdout ?? '').some((e) => e.type === 'credentials')).toBe(true);
  });
});

describe('the Kerberized mini cluster refuses what a secure cluster refuses', () => {
  let rm: RmClient;
  let hdfs: WebHdfsClient;
  beforeAll(async () => {
    process.env.KRB5CCNAME = kdc.kinit('carol');
    const auth = new SpnegoAuth(await loadKerberos());
    rm = new RmClient({ resourceManagers: [cluster.urls.resourceManager], auth });
    hdfs = new WebHdfsClient({ namenodes: [cluster.urls.nameNode], auth });
  });

  async function submitWith(tokens: { key: string; value: string }[]): Promise<string> {
    const path = `/user/carol/app-${Date.now()}.jar`;
    await hdfs.create(path, Buffer.from('jar bytes'), { overwrite: true });
    const stat = await hdfs.stat(path);
    const id = (await rm.newApplication())['application-id'];
    const body: SubmissionBody = {
      'application-id': id, 'application-name': 'token-check', 'application-type': 'SPARK', 'unmanaged-AM': false, resource: { memory: 1024, vCores: 1 },
      'am-container-spec': {
        'local-resources': { entry: [{ key: '__app__.jar', value: { resource: `hdfs://127.0.0.1:9000${path}`, type: 'FILE', visibility: 'APPLICATION', size: stat?.length ?? 0, timestamp: stat?.modificationTime ?? 0 } }] },
        environment: { entry: [] }, commands: { command: 'true' }, credentials: { tokens: { entry: tokens }, secrets: { entry: [] } },
      },
    };
    await rm.submit(body);
    for (let i = 0; i < 100; i++) {
      const report = await rm.report(id);
      if (['FAILED', 'FINISHED', 'KILLED'].includes(report.state)) return report.diagnostics;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the application did not end');
  }

  it('reuses the hadoop.auth cookie, and negotiates again when a restarted daemon no longer honours it', async () => {
    const kerberos = cluster.kerberos as NonNullable<MiniCluster['kerberos']>;
    const fresh = new RmClient({ resourceManagers: [cluster.urls.resourceManager], auth: new SpnegoAuth(await loadKerberos()) });
    const before = kerberos.negotiations;
    for (let i = 0; i < 5; i++) await fresh.clusterInfo();
    expect(kerberos.negotiations - before).toBe(1);
    kerberos.restartSigner();
    await fresh.list();
    await fresh.clusterInfo();
    expect(kerberos.negotiations - before).toBe(2);
  });

  it('says so when the cluster does not use Kerberos at all', async () => {
    const simple = await startMini();
    try {
      const client = new RmClient({ resourceManagers: [simple.urls.resourceManager], auth: new SpnegoAuth(await loadKerberos()) });
      await expect(client.list()).rejects.toThrow(/does not use Kerberos: it asks for simple auth/);
    } finally {
      await simple.stop();
    }
  });

  it('an application without an HDFS token cannot localize its files', async () => {
    expect(await submitWith([])).toContain('Client cannot authenticate via:[TOKEN, KERBEROS]');
  });

  it('a token the RM is not the renewer of, or a forged one, fails the submission', async () => {
    const mine = await hdfs.delegationToken('carol', { kind: 'HDFS_DELEGATION_TOKEN' });
    expect(await submitWith([{ key: 'x', value: mine as string }])).toMatch(/^Failed to renew token: Kind: HDFS_DELEGATION_TOKEN, Service: 127\.0\.0\.1:9000, Ident: \(token for carol: HDFS_DELEGATION_TOKEN owner=carol, renewer=carol, .*\)$/);
    const good = decodeToken((await hdfs.delegationToken('rm/127.0.0.1@APX.TEST', { kind: 'HDFS_DELEGATION_TOKEN' })) as string);
    const forged = Buffer.from(good.password);
    forged[0] = (forged[0] as number) ^ 0xff;
    const { encodeToken } = await import('../../src/security/hadoop-token.js');
    expect(await submitWith([{ key: 'x', value: encodeToken({ ...good, password: forged }) }])).toMatch(/^Failed to renew token: Kind: HDFS_DELEGATION_TOKEN, Service: 127\.0\.0\.1:9000, Ident: \(token for carol: HDFS_DELEGATION_TOKEN owner=carol, renewer=rm, .*\)$/);
  });

  it('hands out an RM token only over Kerberos, not to a delegation-token or simple caller', async () => {
    const simple = new RmClient({ resourceManagers: [cluster.urls.resourceManager], user: 'carol' });
    await expect(simple.createDelegationToken('rm')).rejects.toThrow(/authentication|Kerberos/);
    const token = await rm.createDelegationToken('rm/127.0.0.1@APX.TEST');
    expect(token).toMatchObject({ owner: 'carol@APX.TEST', kind: 'RM_DELEGATION_TOKEN' });
  });
});
