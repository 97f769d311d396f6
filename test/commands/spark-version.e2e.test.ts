/**
 * `apx submit` builds the launch context of the Spark it submits for: --dry-run says which and where
 * that came from; with nothing to tell, one warning line and 3.5's context.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

function sparkHome(release: string): string {
  const home = tempDir('apx-spark-home-');
  fs.writeFileSync(path.join(home, 'RELEASE'), release);
  fs.mkdirSync(path.join(home, 'jars'));
  return home;
}

describe('apx submit --dry-run and the Spark version', () => {
  it('shows "Spark 3.4.1 (from $SPARK_HOME/RELEASE)" when the profile does not name one, and builds 3.4\'s context', async () => {
    const env = cliEnv(cluster, { SPARK_HOME: sparkHome('Spark 3.4.1 built for Hadoop 3.3.4\n'), APX_RM_URL: cluster.urls.resourceManager });
    const r = await runApx(['submit', '--dry-run', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip', jar], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Launch context for: Spark 3.4.1 (from $SPARK_HOME/RELEASE)');
    expect(r.stdout).toContain('-server -Djava.net.preferIPv6Addresses=false -XX:+IgnoreUnrecognizedVMOptions');
    expect(r.stdout).not.toContain('jdk.internal.ref');
    expect(r.stderr).not.toContain('warning');
  });

  it('--spark-version 2.4.8 wins over the profile and builds 2.4\'s command (no --dist-cache-conf)', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--spark-version', '2.4.8', jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Launch context for: Spark 2.4.8 (from --spark-version)');
    expect(r.stdout).toMatch(/spark\.apx\.sparkVersion\s+2\.4\.8\s+\(--spark-version\)/);
    expect(r.stdout).toContain('/bin/java -server -Xmx1024m ');
    expect(r.stdout).not.toContain('--dist-cache-conf');
  });

  it('the mini profile names its Spark: no warning', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', jar], cliEnv(cluster));
    expect(r.stdout).toContain('Launch context for: Spark 3.5.1 (from cluster profile mini)');
    expect(r.stderr).toBe('');
  });

  it('nothing tells the version: one warning line saying how to set it, and 3.5\'s context', async () => {
    const env = cliEnv(cluster, { APX_RM_URL: cluster.urls.resourceManager });
    const r = await runApx(['submit', '--dry-run', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-3.5.1-libs.zip', jar], env);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([expect.stringMatching(/^apx: warning: Spark version unknown .*building Spark 3\.5's launch context; set --spark-version X\.Y\.Z/)]);
    expect(r.stdout).toContain("Launch context for: Spark 3.5's launch context (version unknown");
    expect(r.stdout).toContain('--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED');
  });

  it('--spark-version that is no version: one line, exit 2, nothing submitted', async () => {
    const before = cluster.rm.apps.size;
    const r = await runApx(['submit', '--cluster', 'mini', '--spark-version', 'latest', jar], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("apx: spark.apx.sparkVersion 'latest' (--spark-version) is not a Spark version\n  Write it as X.Y.Z, for example --spark-version 3.4.1.\n");
    expect(cluster.rm.apps.size).toBe(before);
  });

  it('--java-home reaches the AM environment and the executors\' (spark.executorEnv.JAVA_HOME)', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--json', '--spark-version', '4.0.1', '--java-home', '/usr/lib/jvm/java-17', jar], cliEnv(cluster));
    const out = JSON.parse(r.stdout) as { spark: Record<string, { value: string; source: string }>; submission: { 'am-container-spec': { environment: { entry: { key: string; value: string }[] } } }; sparkVersion: string };
    expect(out.sparkVersion).toBe('Spark 4.0.1 (from --spark-version)');
    expect(out.spark['spark.executorEnv.JAVA_HOME']).toEqual({ value: '/usr/lib/jvm/java-17', source: '--java-home' });
    expect(out.submission['am-container-spec'].environment.entry).toContainEqual({ key: 'JAVA_HOME', value: '/usr/lib/jvm/java-17' });
  });
});

describe('a Spark 4 application on nodes whose Java is 8', () => {
  let old: MiniCluster;
  beforeAll(async () => {
    old = await startMini({ nodeJdks: [{ javaHome: '/usr/lib/jvm/java-8-openjdk-amd64', feature: 8 }, { javaHome: '/usr/lib/jvm/java-17-openjdk-amd64', feature: 17 }] });
  });
  afterAll(() => old.stop());
  const args = ['submit', '--cluster', 'mini', '--plain', '--spark-version', '4.0.1', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/spark-4.0.1-libs.zip', '--conf', 'spark.yarn.maxAppAttempts=1', ...QUICK_APP.flatMap((c) => ['--conf', c])];

  it('fails (exit 1) and apx says once, in one line, to point --java-home at a Java 17', async () => {
    const r = await runApx([...args, jar], cliEnv(old));
    expect(r.code).toBe(1);
    const hints = r.stderr.split('\n').filter((l) => l.includes('--java-home'));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/warning: Spark 4\.0\.1 needs Java 17 and the AM ran on an older Java \(UnsupportedClassVersionError\): point it at a Java 17 on the nodes with --java-home PATH/);
  });

  it('runs with --java-home /usr/lib/jvm/java-17-openjdk-amd64', async () => {
    const r = await runApx([...args, '--java-home', '/usr/lib/jvm/java-17-openjdk-amd64', jar], cliEnv(old));
    expect(r.stderr).toMatch(/ended FINISHED\/SUCCEEDED/);
    expect(r.code).toBe(0);
  });
});
