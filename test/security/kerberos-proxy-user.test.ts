/**
 * --proxy-user and --principal/--keytab on a Kerberized cluster (a real MIT KDC on loopback): doAs=
 * rides along with SPNEGO, the tokens apx fetches and ships are the proxied user's (so the
 * NodeManager localizes as them), and a refusal names the full principal as Hadoop's
 * DefaultImpersonationProvider does. --principal/--keytab log in from the keytab as SparkSubmit does
 * (UserGroupInformation.loginUserFromKeytab), leaving the user's ticket cache alone.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { decodeIdentifier, decodeToken } from '../../src/security/hadoop-token.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { startKdc, type TestKdc } from '../helpers/kdc.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
let kdc: TestKdc;
let cluster: MiniCluster;
let jar: string;

beforeAll(async () => {
  kdc = await startKdc();
  cluster = await startMini({ kerberos: { keytab: kdc.httpKeytab, realm: kdc.realm }, proxyUsers: { 'hadoop.proxyuser.alice.users': 'etl', 'hadoop.proxyuser.alice.hosts': '127.0.0.1' } });
  jar = writeJar(tempDir());
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  kdc?.stop();
});

async function kerberosEnv(cache: string): Promise<NodeJS.ProcessEnv> {
  const env = cliEnv(cluster, { KRB5_CONFIG: kdc.krb5Config, KRB5CCNAME: cache, HADOOP_USER_NAME: 'root' });
  // The release named, so no 'Spark version unknown' warning comes before the line a test reads.
  const spark = ['--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip', '--conf', 'spark.apx.sparkVersion=3.5.1'];
  const r = await runApx(['cluster', 'add', 'krb', '--rm', cluster.urls.resourceManager, '--webhdfs', cluster.urls.nameNode, '--auth', 'kerberos', ...spark], env);
  expect(r.code, r.stderr).toBe(0);
  return env;
}

describe('Kerberos and --proxy-user', () => {
  it('alice submits for etl: the app and its delegation tokens are etl\'s, and it runs', async () => {
    const env = await kerberosEnv(kdc.kinit('alice'));
    const r = await runApx(['submit', '--cluster', 'krb', '--plain', ...quick, '--proxy-user', 'etl', jar], env);
    expect(r.code, r.stderr).toBe(0);
    const app = cluster.rm.apps.get(r.stdout.trim());
    expect(app?.user).toBe('etl');
    const tokens = (app?.submission['am-container-spec'].credentials?.tokens?.entry ?? []).map((e) => decodeToken(e.value));
    const ids = tokens.map((t) => [t.kind, decodeIdentifier(t.identifier)] as const);
    expect(ids.map(([kind, id]) => [kind, id.owner, id.realUser])).toEqual([['HDFS_DELEGATION_TOKEN', 'etl', 'alice@APX.TEST'], ['RM_DELEGATION_TOKEN', 'etl', 'alice@APX.TEST']]);
  });

  it('for a user alice may not act for: exit 4, naming alice\'s principal as Hadoop does', async () => {
    const env = await kerberosEnv(kdc.kinit('alice'));
    const r = await runApx(['submit', '--cluster', 'krb', '--json', '--proxy-user', 'bob', jar], env);
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n')[0]).toMatch(/permission denied: User: alice@APX\.TEST is not allowed to impersonate bob$/);
    const event = JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as { type: string; message: string; exitCode: number };
    expect(event).toMatchObject({ type: 'error', exitCode: 4 });
    expect(event.message).toMatch(/is not allowed to impersonate bob$/);
  });

  it('--principal/--keytab log in from the keytab, as SparkSubmit does, whatever the ticket cache holds (and leave it alone)', async () => {
    const aliceCache = kdc.kinit('alice');
    const env = await kerberosEnv(aliceCache);
    kdc.kinit('bob');
    const keytab = path.join(kdc.dir, 'bob.keytab');
    const r = await runApx(['submit', '--cluster', 'krb', '--plain', ...quick, '--principal', 'bob@APX.TEST', '--keytab', keytab, jar], env);
    expect(r.code, r.stderr).toBe(0);
    const app = cluster.rm.apps.get(r.stdout.trim());
    expect(app?.user).toBe('bob');
    expect(app?.submission['am-container-spec']['local-resources'].entry.some((e) => /^bob\.keytab-/.test(e.key))).toBe(true);
    const klist = spawnSync('klist', ['-c', aliceCache], { env: { ...process.env, KRB5_CONFIG: kdc.krb5Config }, encoding: 'utf8' });
    expect(klist.stdout).toContain('Default principal: alice@APX.TEST');
    expect(klist.stdout).not.toContain('HTTP/127.0.0.1');
  });

  it('a principal only in the configuration (read after apx logged in) must match the ticket: exit 2, saying to kinit from the keytab', async () => {
    const env = await kerberosEnv(kdc.kinit('alice'));
    kdc.kinit('bob');
    const keytab = path.join(kdc.dir, 'bob.keytab');
    const r = await runApx(['submit', '--cluster', 'krb', '--conf', 'spark.kerberos.principal=bob@APX.TEST', '--conf', `spark.kerberos.keytab=${keytab}`, jar], env);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual(['apx: your Kerberos ticket is for alice@APX.TEST, not for --principal bob@APX.TEST', `  Give them as --principal and --keytab (apx then logs in from the keytab), or run kinit -kt ${keytab} bob@APX.TEST first.`]);
  });
});
