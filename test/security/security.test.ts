/**
 * TLS with a profile's CA (verification on by default, --insecure loud), HTTP basic auth for
 * gateways with the password never on the command line, no secret in any output, and simple auth
 * that never falls back to dr.who.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';
import { makePki, type TestPki } from '../helpers/tls.js';

const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
let jar: string;
beforeAll(() => {
  jar = writeJar(tempDir());
});

async function addProfile(env: NodeJS.ProcessEnv, name: string, c: MiniCluster, extra: string[]): Promise<void> {
  // A real cluster's profile names its installed Spark; the mini cluster has one at this path.
  const spark = ['--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip'];
  const r = await runApx(['cluster', 'add', name, '--rm', c.urls.resourceManager, '--webhdfs', c.urls.nameNode, ...spark, ...extra], env);
  expect(r.code, r.stderr).toBe(0);
}

describe('TLS', () => {
  let pki: TestPki;
  let cluster: MiniCluster;
  beforeAll(async () => {
    pki = makePki();
    cluster = await startMini({ tls: { key: pki.key, cert: pki.cert } });
  });
  afterAll(() => cluster.stop());

  it('refuses an untrusted certificate by default, with a hint and exit 3', async () => {
    const env = cliEnv(cluster);
    await addProfile(env, 'tls', cluster, []);
    const r = await runApx(['status', '--cluster', 'tls', 'application_1000000000000_0001'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^apx: cannot reach https:\/\/127\.0\.0\.1:\d+: its TLS certificate is not trusted/);
    expect(r.stderr).toContain('--ca-file');
  });

  it('submits over https end to end with the profile\'s CA file', async () => {
    const env = cliEnv(cluster);
    await addProfile(env, 'tls', cluster, ['--ca-file', pki.caFile]);
    const r = await runApx(['submit', '--cluster', 'tls', '--plain', ...quick, jar], env);
    expect(r.stderr).toMatch(/tracking URL: https:\/\//);
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    expect(r.code).toBe(0);
  });

  it('--insecure works without the CA and warns loudly every time', async () => {
    const env = cliEnv(cluster);
    await addProfile(env, 'tls', cluster, []);
    const r = await runApx(['list', '--cluster', 'tls', '--insecure', '--json'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('WARNING: --insecure: TLS certificates are NOT verified');
  });
});

describe('HTTP basic auth (a gateway in front of the cluster)', () => {
  const password = 'S3cr3t-p@ss word';
  let cluster: MiniCluster;
  beforeAll(async () => {
    cluster = await startMini({ basicAuth: { user: 'ana', password } });
  });
  afterAll(() => cluster.stop());

  const env = (extra: NodeJS.ProcessEnv = {}) => cliEnv(cluster, { HADOOP_USER_NAME: '', ...extra });

  it('takes the password from APX_PASSWORD or a file, and submits', async () => {
    const e = env({ APX_PASSWORD: password });
    await addProfile(e, 'gw', cluster, ['--auth', 'basic', '--user', 'ana']);
    const r = await runApx(['submit', '--cluster', 'gw', '--plain', ...quick, jar], e);
    expect(r.code, r.stderr).toBe(0);
    expect(cluster.rm.apps.get(r.stdout.trim())?.user).toBe('ana');
    const file = path.join(tempDir(), 'pw');
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
    const f = env({ APX_PASSWORD_FILE: file });
    await addProfile(f, 'gw', cluster, ['--auth', 'basic', '--user', 'ana']);
    expect((await runApx(['list', '--cluster', 'gw', '--json'], f)).code).toBe(0);
  });

  it('a wrong password is an authentication failure (exit 4); no password and no terminal says what to set', async () => {
    const wrong = env({ APX_PASSWORD: 'nope' });
    await addProfile(wrong, 'gw', cluster, ['--auth', 'basic', '--user', 'ana']);
    const r = await runApx(['list', '--cluster', 'gw'], wrong);
    expect(r.code).toBe(4);
    const none = env();
    await addProfile(none, 'gw', cluster, ['--auth', 'basic', '--user', 'ana']);
    const n = await runApx(['list', '--cluster', 'gw'], none);
    expect(n.code).toBe(4);
    expect(n.stderr).toContain('Set APX_PASSWORD or APX_PASSWORD_FILE');
  });

  it('never prints the password or its encoding: not in output, --verbose, --json, --dry-run, errors or the profile', async () => {
    const e = env({ APX_PASSWORD: password });
    await addProfile(e, 'gw', cluster, ['--auth', 'basic', '--user', 'ana']);
    const runs = await Promise.all([
      runApx(['submit', '--cluster', 'gw', '--plain', '--verbose', ...quick, jar], e),
      runApx(['submit', '--cluster', 'gw', '--json', ...quick, jar], e),
      runApx(['submit', '--cluster', 'gw', '--dry-run', jar], e),
      runApx(['submit', '--cluster', 'gw', '--conf', 'spark.minicluster.failAtStage=0', '--conf', 'spark.yarn.maxAppAttempts=1', '--plain', ...quick, jar], e),
      runApx(['status', '--cluster', 'gw', 'application_1000000000000_0999'], e),
      runApx(['cluster', 'show', 'gw'], e),
      runApx(['logs', '--cluster', 'gw', 'application_1000000000000_0999'], e),
    ]);
    const encoded = Buffer.from(`ana:${password}`).toString('base64');
    for (const r of runs) {
      for (const secret of [password, encoded, encodeURIComponent(password)]) {
        expect(r.stdout + r.stderr).not.toContain(secret);
      }
    }
    expect(fs.readFileSync(path.join(e.APX_CONFIG_DIR as string, 'config.json'), 'utf8')).not.toContain(password);
  });

  it('has no flag for a password (it would land in shell history)', async () => {
    const r = await runApx(['cluster', 'add', 'x', '--rm', 'http://rm:8088', '--password', 'x'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--password'");
  });
});

describe('simple auth', () => {
  it('always names a user, even where the cluster would accept anonymous requests as dr.who', async () => {
    const cluster = await startMini({ anonymousAllowed: true });
    try {
      const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, jar], cliEnv(cluster, { HADOOP_USER_NAME: undefined }));
      expect(r.code).toBe(0);
      const user = cluster.rm.apps.get(r.stdout.trim())?.user;
      expect(user).not.toBe('dr.who');
      expect(user).toBe((await import('node:os')).userInfo().username);
      expect(cluster.faults.requests.length).toBeGreaterThan(0);
    } finally {
      await cluster.stop();
    }
  });
});

describe('an Apache Knox-style gateway', () => {
  it('submits through <gateway>/resourcemanager and <gateway>/webhdfs with basic auth, DataNode redirects included', async () => {
    const password = 'gw-pass';
    const cluster = await startMini({ gateway: { path: '/gateway/test' }, basicAuth: { user: 'ana', password } });
    try {
      const conf = tempDir('apx-gw-conf-');
      fs.writeFileSync(path.join(conf, 'yarn-site.xml'), '<configuration><property><name>yarn.resourcemanager.hostname</name><value>rm.internal</value></property><property><name>yarn.resourcemanager.scheduler.address</name><value>rm.internal:8030</value></property></configuration>');
      fs.writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>fs.defaultFS</name><value>hdfs://127.0.0.1:9000</value></property></configuration>');
      const env = cliEnv(cluster, { APX_PASSWORD: password, HADOOP_USER_NAME: '' });
      const add = await runApx(['cluster', 'add', 'knox', '--from-hadoop-conf', conf, '--rm', cluster.urls.gateway as string, '--gateway', '/gateway/test', '--auth', 'basic', '--user', 'ana', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip'], env);
      expect(add.code, add.stderr).toBe(0);
      const r = await runApx(['submit', '--cluster', 'knox', '--plain', ...quick, jar], env);
      expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
      expect(r.code).toBe(0);
      const through = cluster.faults.requests.filter((q) => q.service === 'gateway').map((q) => q.path);
      expect(through.some((p) => p.startsWith('/gateway/test/resourcemanager/v1/cluster/apps'))).toBe(true);
      expect(through.some((p) => p.startsWith('/gateway/test/webhdfs/data/v1/'))).toBe(true);
      const status = await runApx(['status', '--cluster', 'knox', r.stdout.trim()], env);
      expect(status.stdout).toContain('FINISHED (final status SUCCEEDED)');
      const noPassword = await runApx(['status', '--cluster', 'knox', r.stdout.trim()], { ...env, APX_PASSWORD: 'wrong' });
      expect(noPassword.code).toBe(4);
    } finally {
      await cluster.stop();
    }
  });
});
