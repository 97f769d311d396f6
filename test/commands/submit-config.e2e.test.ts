/**
 * Where settings come from: spark-defaults.conf, Hadoop XML, profiles, flags — shown by --dry-run with
 * their sources, and used by a real submission; and SPARK_HOME's jars shipped once per content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

function sparkConfDir(lines: string): string {
  const dir = tempDir('apx-spark-conf-');
  fs.writeFileSync(path.join(dir, 'spark-defaults.conf'), lines);
  return dir;
}

describe('--dry-run', () => {
  it('shows each setting with the file or flag it came from, and the submission, without touching the cluster', async () => {
    const confDir = sparkConfDir('# team defaults\nspark.executor.memory 4g\nspark.yarn.queue   etl\nspark.driver.memory=2g\n');
    const before = { apps: cluster.rm.apps.size, files: [...cluster.store.walk('/')].length };
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--driver-memory', '3g', '--conf', 'spark.yarn.tags=nightly', jar, 'arg one'], cliEnv(cluster, { SPARK_CONF_DIR: confDir }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`spark\\.executor\\.memory\\s+4g\\s+\\(${confDir}/spark-defaults\\.conf:2\\)`));
    expect(r.stdout).toMatch(/spark\.yarn\.queue\s+etl\s+\(\S+spark-defaults\.conf:3\)/);
    expect(r.stdout).toMatch(/spark\.driver\.memory\s+3g\s+\(--driver-memory\)/);
    expect(r.stdout).toMatch(/spark\.yarn\.tags\s+nightly\s+\(--conf spark\.yarn\.tags\)/);
    expect(r.stdout).toMatch(/spark\.yarn\.archive\s+hdfs:\/\/\/apps\/spark\S+\s+\(cluster profile mini\)/);
    expect(r.stdout).toMatch(/user\s+root\s+\(HADOOP_USER_NAME\)/);
    expect(r.stdout).toMatch(/resourcemanager\s+http:\/\/127\.0\.0\.1:\d+\s+\(mini cluster, apx minicluster, pid \d+\)\n/);
    expect(r.stdout.split('Submission (POST')[0]).not.toMatch(/\([^()\n]*\(/);
    expect(r.stdout).toContain("--arg 'arg one'");
    expect(r.stdout).toContain('-Xmx3072m');
    const body = JSON.parse(r.stdout.slice(r.stdout.indexOf('Submission (POST /ws/v1/cluster/apps):') + 'Submission (POST /ws/v1/cluster/apps):'.length)) as { queue: string; resource: { memory: number } };
    expect(body.queue).toBe('etl');
    expect(body.resource.memory).toBe(3072 + 384);
    expect(cluster.rm.apps.size).toBe(before.apps);
    expect([...cluster.store.walk('/')].length).toBe(before.files);
  });

  it('--properties-file replaces spark-defaults.conf, as in spark-submit', async () => {
    const confDir = sparkConfDir('spark.executor.memory 4g\n');
    const props = path.join(tempDir(), 'job.properties');
    fs.writeFileSync(props, 'spark.executor.cores 3\n');
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--properties-file', props, jar], cliEnv(cluster, { SPARK_CONF_DIR: confDir }));
    expect(r.stdout).toMatch(/spark\.executor\.cores\s+3/);
    expect(r.stdout).not.toContain('spark.executor.memory');
  });
});

describe('settings reach the cluster', () => {
  it('HADOOP_CONF_DIR alone (no profile) finds the cluster, and its files are shipped as __hadoop_conf__', async () => {
    const conf = tempDir('apx-hadoop-');
    const rm = new URL(cluster.urls.resourceManager);
    const nn = new URL(cluster.urls.nameNode);
    fs.writeFileSync(path.join(conf, 'yarn-site.xml'), `<configuration>
  <property><name>yarn.resourcemanager.hostname</name><value>${rm.hostname}</value></property>
  <property><name>yarn.resourcemanager.webapp.address</name><value>\${yarn.resourcemanager.hostname}:${rm.port}</value></property>
  <property><name>yarn.resourcemanager.scheduler.address</name><value>\${yarn.resourcemanager.hostname}:8030</value></property>
</configuration>`);
    fs.writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>fs.defaultFS</name><value>hdfs://127.0.0.1:9000</value></property></configuration>');
    fs.writeFileSync(path.join(conf, 'hdfs-site.xml'), `<configuration><property><name>dfs.namenode.http-address</name><value>127.0.0.1:${nn.port}</value></property></configuration>`);
    const r = await runApx(['submit', '--plain', ...quick, '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip', jar], cliEnv(cluster, { HADOOP_CONF_DIR: conf }));
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    expect(r.code).toBe(0);
  });

  it('spark.yarn.preserve.staging.files=true keeps the staging dir', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--conf', 'spark.yarn.preserve.staging.files=true', jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    expect(cluster.store.lookup(`/user/root/.sparkStaging/${r.stdout.trim()}/__spark_conf__.zip`)).toBeDefined();
  });
});

describe('SPARK_HOME/jars when the cluster has no Spark installed', () => {
  it('is zipped and uploaded once per distinct content, then reused without re-zipping', async () => {
    const home = tempDir('apx-spark-home-');
    fs.mkdirSync(path.join(home, 'jars'));
    for (const name of ['spark-core_2.12-3.5.1.jar', 'spark-yarn_2.12-3.5.1.jar']) fs.writeFileSync(path.join(home, 'jars', name), `bytes of ${name}`);
    const env = cliEnv(cluster, { SPARK_HOME: home, APX_RM_URL: cluster.urls.resourceManager });
    const args = ['submit', '--json', ...quick, jar];
    const first = await runApx(args, env);
    expect(first.code).toBe(0);
    const libs = (r: string) => events(r).find((e) => e.type === 'upload-done' && e.link === '__spark_libs__') as { cached: boolean; path: string; visibility: string };
    expect(libs(first.stdout)).toMatchObject({ cached: false, visibility: 'PUBLIC' });
    const second = await runApx(args, env);
    expect(libs(second.stdout)).toMatchObject({ cached: true, path: libs(first.stdout).path });
    const submission = cluster.rm.apps.get((events(second.stdout).find((e) => e.type === 'submitted') as { appId: string }).appId)?.submission;
    const entry = submission?.['am-container-spec']['local-resources'].entry.find((e) => e.key === '__spark_libs__');
    expect(entry?.value.type).toBe('ARCHIVE');
    fs.writeFileSync(path.join(home, 'jars', 'spark-core_2.12-3.5.1.jar'), 'patched bytes');
    const third = await runApx(args, env);
    expect(libs(third.stdout).cached).toBe(false);
    expect(libs(third.stdout).path).not.toBe(libs(first.stdout).path);
  });
});
