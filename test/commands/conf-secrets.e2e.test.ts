/**
 * A HADOOP_CONF_DIR copied from a cluster node carries the daemons' secrets: apx ships its client
 * configuration to the AM in __spark_conf__.zip, as Spark does, but not those files; --dry-run and
 * --verbose say which were left out and why, and never print what they hold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { unzipFiles } from '../../src/minicluster/zip-stream.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;
let conf: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
const archive = ['--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip'];
const SECRETS = {
  'hadoop-http-auth-signature-secret': 'SIGNATURE-SECRET-abc123',
  'http_secret': 'CONFIGURED-SECRET-def456',
  'nm.keytab': 'KEYTAB-BYTES-ghi789',
  'creds.jceks': 'JCEKS-BYTES-jkl012',
  'kms.keystore.password': 'PASSWORD-mno345',
  'container-executor.cfg': 'banned.users=hdfs,yarn\nmin.user.id=1000\n',
};

const xml = (props: Record<string, string>) => `<configuration>${Object.entries(props).map(([k, v]) => `<property><name>${k}</name><value>${v}</value></property>`).join('')}</configuration>`;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
  conf = tempDir('apx-hadoop-');
  const rm = new URL(cluster.urls.resourceManager);
  const nn = new URL(cluster.urls.nameNode);
  const files: Record<string, string> = {
    'core-site.xml': xml({ 'fs.defaultFS': 'hdfs://127.0.0.1:9000', 'hadoop.http.authentication.signature.secret.file': '/etc/security/http_secret' }),
    'yarn-site.xml': xml({ 'yarn.resourcemanager.hostname': rm.hostname, 'yarn.resourcemanager.webapp.address': `${rm.hostname}:${rm.port}`, 'yarn.resourcemanager.scheduler.address': `${rm.hostname}:8030` }),
    'hdfs-site.xml': xml({ 'dfs.namenode.http-address': `127.0.0.1:${nn.port}` }),
    'ssl-client.xml': xml({ 'ssl.client.truststore.location': '/etc/hadoop/conf/truststore.jks' }),
    'log4j.properties': 'log4j.rootLogger=INFO,console\n',
    ...SECRETS,
  };
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(conf, name), content);
});
afterAll(() => cluster.stop());

describe('secrets in HADOOP_CONF_DIR', () => {
  it('are not in the uploaded __spark_conf__.zip; the client configuration is, and the app runs', async () => {
    const r = await runApx(['submit', '--plain', '--verbose', ...quick, '--conf', 'spark.yarn.preserve.staging.files=true', ...archive, jar], cliEnv(cluster, { HADOOP_CONF_DIR: conf }));
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    expect(r.code).toBe(0);
    const node = cluster.store.lookup(`/user/root/.sparkStaging/${r.stdout.trim()}/__spark_conf__.zip`);
    expect(node).toBeDefined();
    const entries = [...unzipFiles(cluster.store.read(node as NonNullable<typeof node>)).keys()].filter((n) => n.startsWith('__hadoop_conf__/'));
    expect(entries.sort()).toEqual(['core-site.xml', 'hdfs-site.xml', 'log4j.properties', 'ssl-client.xml', 'yarn-site.xml'].map((n) => `__hadoop_conf__/${n}`));
    // --verbose names what was left out, never what it holds.
    expect(r.stderr).toMatch(/not shipped in __spark_conf__\.zip/);
    for (const name of Object.keys(SECRETS)) expect(r.stderr).toContain(name);
    for (const secret of Object.values(SECRETS)) expect(r.stderr + r.stdout).not.toContain(secret.trim().split('\n')[0]);
  });

  it('--dry-run lists them as left out, with the reason, and the files that are shipped', async () => {
    const r = await runApx(['submit', '--dry-run', ...archive, jar], cliEnv(cluster, { HADOOP_CONF_DIR: conf }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hadoop configuration in __spark_conf__/__hadoop_conf__/: core-site.xml, hdfs-site.xml, log4j.properties, ssl-client.xml, yarn-site.xml');
    expect(r.stdout).toContain('Left out (secrets no Spark AM reads):');
    expect(r.stdout).toMatch(/ {2}http_secret +HTTP authentication signature secret/);
    expect(r.stdout).toMatch(/ {2}hadoop-http-auth-signature-secret +HTTP authentication signature secret/);
    expect(r.stdout).toMatch(/ {2}nm\.keytab +Kerberos keytab/);
    expect(r.stdout).toMatch(/ {2}creds\.jceks +credential provider store/);
    expect(r.stdout).toMatch(/ {2}kms\.keystore\.password +password file/);
    expect(r.stdout).toMatch(/ {2}container-executor\.cfg +the NodeManager's container-executor settings/);
    for (const secret of Object.values(SECRETS)) expect(r.stdout).not.toContain(secret.trim().split('\n')[0]);
    const json = JSON.parse((await runApx(['submit', '--dry-run', '--json', ...archive, jar], cliEnv(cluster, { HADOOP_CONF_DIR: conf }))).stdout) as { withheldConfFiles: { name: string; reason: string }[] };
    expect(json.withheldConfFiles.map((w) => w.name).sort()).toEqual(Object.keys(SECRETS).sort());
  });
});
