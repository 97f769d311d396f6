/**
 * The mini cluster's ApplicationMaster is the release its __spark_libs__ brings (2.4.8, 3.5.1 and
 * 4.0.1 are installed under /apps/spark): it parses its arguments as that release's
 * ApplicationMasterArguments does, and a Spark 4 AM needs a Java 17 on the node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipFiles } from '../../src/minicluster/zip-stream.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { MINI_SPARK_ARCHIVES } from '../../src/minicluster/seed.js';
import type { ApxEvent } from '../../src/monitor/events.js';
import { startMini, submitTo, tempDir, writeJar } from '../helpers/mini.js';

const JAVA8 = '/usr/lib/jvm/java-8-openjdk-amd64';
const JAVA17 = '/usr/lib/jvm/java-17-openjdk-amd64';
const once = ['spark.yarn.maxAppAttempts=1'];
const libs = (version: string) => `spark.yarn.archive=hdfs://${MINI_SPARK_ARCHIVES[version]}`;
const end = (events: ApxEvent[]) => events.find((e) => e.type === 'end') as Extract<ApxEvent, { type: 'end' }>;
const warnings = (events: ApxEvent[]) => events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message);

describe('a mini cluster with Spark 2.4, 3.5 and 4.0 installed, on a node whose default Java is 8', () => {
  let cluster: MiniCluster;
  let jar: string;

  beforeAll(async () => {
    // A node whose NodeManager runs Java 8 and that also has a Java 17 installed (no recording: the lab ran Java 17 only).
    cluster = await startMini({ nodeJdks: [{ javaHome: JAVA8, feature: 8 }, { javaHome: JAVA17, feature: 17 }] });
    jar = writeJar(tempDir());
  });
  afterAll(() => cluster.stop());

  it('a 2.4 AM given --dist-cache-conf fails like the real one (ApplicationMasterArguments v2.4.0: Unknown/unsupported param)', async () => {
    const { result, events } = await submitTo(cluster, { primary: jar, flags: { sparkVersion: '3.5.1', conf: [libs('2.4.8'), ...once] } });
    expect(result.exitCode).toBe(1);
    expect(end(events).diagnostics).toMatch(/Unknown\/unsupported param List\(--dist-cache-conf, \S+\/__spark_conf__\/__spark_dist_cache__\.properties\)\n\nUsage: org\.apache\.spark\.deploy\.yarn\.ApplicationMaster \[options\]/);
  });

  it('the same application built for 2.4 runs: no --dist-cache-conf, the cache entries in __spark_conf__.properties', async () => {
    const { result, events } = await submitTo(cluster, { primary: jar, flags: { sparkVersion: '2.4.8', conf: [libs('2.4.8'), ...once] } });
    expect(end(events).diagnostics).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('a 3.5 AM runs on the node\'s Java 8', async () => {
    const { result } = await submitTo(cluster, { primary: jar, flags: { conf: once } });
    expect(result.exitCode).toBe(0);
  });

  it('a 4.0 AM on Java 8 fails with UnsupportedClassVersionError, and apx says in one line to use --java-home', async () => {
    const { result, events } = await submitTo(cluster, { primary: jar, flags: { sparkVersion: '4.0.1', conf: [libs('4.0.1'), ...once] } });
    expect(result.exitCode).toBe(1);
    expect(end(events).diagnostics).toContain('java.lang.UnsupportedClassVersionError: org/apache/spark/deploy/yarn/ApplicationMaster has been compiled by a more recent version of the Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 52.0');
    expect(warnings(events)).toEqual([expect.stringMatching(/^Spark 4\.0\.1 needs Java 17 .*--java-home PATH/)]);
  });

  it('with --java-home pointing at the node\'s Java 17 the 4.0 AM runs, and no hint is given', async () => {
    const { result, events } = await submitTo(cluster, { primary: jar, flags: { sparkVersion: '4.0.1', javaHome: JAVA17, conf: [libs('4.0.1'), ...once] } });
    expect(end(events).diagnostics).toBe('');
    expect(result.exitCode).toBe(0);
    expect(warnings(events)).toEqual([]);
  });

  it('--java-home naming a JDK the node does not have fails in the launch shell (exit 127)', async () => {
    const { result, events } = await submitTo(cluster, { primary: jar, flags: { sparkVersion: '4.0.1', javaHome: '/opt/no-such-jdk', conf: [libs('4.0.1'), ...once] } });
    expect(result.exitCode).toBe(1);
    expect(end(events).diagnostics).toMatch(/Exit code: 127[\s\S]*\/opt\/no-such-jdk\/bin\/java: No such file or directory/);
  });

  describe('the logging configuration of $SPARK_CONF_DIR in __spark_conf__.zip (Client.createConfArchive)', () => {
    const confDir = () => {
      const dir = tempDir('apx-spark-conf-');
      for (const name of ['log4j.properties', 'log4j2.properties', 'log4j2.xml', 'metrics.properties']) fs.writeFileSync(path.join(dir, name), `# ${name}\n`);
      return dir;
    };
    const archiveOf = async (version: string) => {
      const { result } = await submitTo(cluster, { primary: jar, env: { HADOOP_USER_NAME: 'root', SPARK_CONF_DIR: confDir() }, flags: { sparkVersion: version, conf: [libs(version === '2.4.8' ? '2.4.8' : '3.5.1'), 'spark.yarn.preserve.staging.files=true', ...once] } });
      const node = cluster.store.lookup(`/user/root/.sparkStaging/${result.appId}/__spark_conf__.zip`);
      return [...unzipFiles(cluster.store.read(node as NonNullable<typeof node>)).keys()].filter((k) => !k.includes('/') && !k.startsWith('__'));
    };

    it('2.4 (log4j 1): log4j.properties and metrics.properties', async () => {
      expect((await archiveOf('2.4.8')).sort()).toEqual(['log4j.properties', 'metrics.properties']);
    });

    it('3.5 (log4j 2 since 3.3): log4j2.properties and metrics.properties', async () => {
      expect((await archiveOf('3.5.1')).sort()).toEqual(['log4j2.properties', 'metrics.properties']);
    });
  });
});
