/**
 * Golden submissions per Spark release (a jar app and a PySpark app each), and the parts that differ
 * between releases, each asserted against the Spark source it follows (tag in parentheses):
 * resource-managers/yarn/.../Client.scala, ApplicationMasterArguments.scala, launcher/.../JavaModuleOptions.java.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDistribution } from '../../src/spark/dist-cache.js';
import { amResource, appStagingDir, buildSubmissionBody, confArchiveProperties } from '../../src/spark/launch-context.js';
import type { SparkSubmission } from '../../src/spark/submission.js';
import { kerberosLoginKeys, loggingConfFiles, parseSparkVersion, type SparkVersion } from '../../src/spark/versions.js';
import type { SubmissionBody } from '../../src/yarn/types.js';

const FS = 'hdfs://127.0.0.1:9000';
const APP = 'application_1795488074976_0020';
const STAGING = `${FS}/user/root/.sparkStaging/${APP}`;

const v = (text: string): SparkVersion => parseSparkVersion(text) as SparkVersion;

const jarApp = (version: string, extra: [string, string][] = []): SparkSubmission => ({
  primaryResource: '/opt/app/app.jar', kind: 'jar', mainClass: 'com.acme.Main', appArgs: ['2026-11-01'], user: 'root', sparkVersion: v(version),
  conf: new Map([['spark.app.name', 'etl'], ['spark.yarn.archive', 'hdfs:///apps/spark/libs.zip'], ...extra]),
});

const pyApp = (version: string, py4j: string): SparkSubmission => ({
  primaryResource: '/work/app.py', kind: 'python', appArgs: ['in.csv'], user: 'root', sparkVersion: v(version),
  conf: new Map([['spark.app.name', 'etl-py'], ['spark.yarn.archive', 'hdfs:///apps/spark/libs.zip']]),
  pySparkArchives: ['/opt/spark/python/lib/pyspark.zip', `/opt/spark/python/lib/${py4j}`],
});

function build(sub: SparkSubmission, hadoopConf = new Map<string, string>()): { body: SubmissionBody; props: ReturnType<typeof confArchiveProperties> } {
  const plan = planDistribution(sub, '/work');
  const resolved = plan.resources.map((r, i) => ({
    ...r,
    uri: r.source.kind === 'remote' ? r.source.uri.replace('hdfs://', FS) : `${FS}/user/root/.apx/cache/sha${i}/${r.source.kind === 'local' ? path.basename(r.source.path) : '__spark_libs__.zip'}`,
    size: 1000 + i, timestamp: 1795489588000 + i, visibility: 'PUBLIC' as const,
  }));
  const body = buildSubmissionBody({ sub, plan, appId: APP, stagingDirUri: STAGING, resources: resolved, confArchive: { uri: `${STAGING}/__spark_conf__.zip`, size: 9554, timestamp: 1795489589310 }, hadoopConf });
  return { body, props: confArchiveProperties(sub, plan, resolved, `${STAGING}/__spark_conf__.zip`) };
}

const command = (b: SubmissionBody) => b['am-container-spec'].commands.command;
const env = (b: SubmissionBody) => Object.fromEntries(b['am-container-spec'].environment.entry.map((e) => [e.key, e.value]));
/** The JVM options: everything between `java -server` and the AM class. */
const jvmOptions = (b: SubmissionBody) => command(b).split(' -server ')[1]?.split(' org.apache.spark.deploy.yarn.ApplicationMaster')[0]?.split(' ') ?? [];

/** py4j as each release's python/lib ships it (docs/running-on-yarn.md and python/lib at the tag). */
const RELEASES: [string, string][] = [
  ['2.4.8', 'py4j-0.10.7-src.zip'], ['3.0.0', 'py4j-0.10.9-src.zip'], ['3.3.4', 'py4j-0.10.9.5-src.zip'], ['3.4.4', 'py4j-0.10.9.7-src.zip'],
  ['3.5.5', 'py4j-0.10.9.7-src.zip'], ['4.0.1', 'py4j-0.10.9.9-src.zip'], ['4.1.0', 'py4j-0.10.9.9-src.zip'],
];

describe.each(RELEASES)('Spark %s: the golden submissions', (version, py4j) => {
  it('jar app', async () => {
    await expect(JSON.stringify(build(jarApp(version)).body, null, 2)).toMatchFileSnapshot(`golden/spark-${version}-jar.submission.json`);
  });
  it('PySpark app', async () => {
    await expect(JSON.stringify(build(pyApp(version, py4j)).body, null, 2)).toMatchFileSnapshot(`golden/spark-${version}-pyspark.submission.json`);
  });
});

describe('JVM options of the AM, per release', () => {
  it('2.4 and 3.0 (Client.scala v2.4.0, v3.0.0): -Xmx first, no module options', () => {
    for (const version of ['2.4.8', '3.0.0']) expect(jvmOptions(build(jarApp(version)).body).slice(0, 2)).toEqual(['-Xmx1024m', '-Djava.io.tmpdir={{PWD}}/tmp']);
  });

  it('3.3 (JavaModuleOptions v3.3.0, SPARK-37106): the 15 module options first, no IPv6 option', () => {
    const opts = jvmOptions(build(jarApp('3.3.4')).body);
    expect(opts.indexOf('-Xmx1024m')).toBe(15);
    expect(opts[0]).toBe('-XX:+IgnoreUnrecognizedVMOptions');
    expect(opts.slice(0, 15)).not.toContain('--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED');
    expect(opts.join(' ')).not.toMatch(/preferIPv6|useDirectMethodHandle/);
  });

  it('3.4 (Client.scala v3.4.0): -Djava.net.preferIPv6Addresses first, then 16 module options ending with useDirectMethodHandle=false (SPARK-40729)', () => {
    const opts = jvmOptions(build(jarApp('3.4.4')).body);
    expect(opts[0]).toBe('-Djava.net.preferIPv6Addresses=false');
    expect(opts.indexOf('-Xmx1024m')).toBe(17);
    expect(opts[16]).toBe('-Djdk.reflect.useDirectMethodHandle=false');
  });

  it('3.5.1+ (SPARK-45508): jdk.internal.ref is opened too, 17 module options', () => {
    const opts = jvmOptions(build(jarApp('3.5.5')).body);
    expect(opts.indexOf('-Xmx1024m')).toBe(18);
    expect(opts).toContain('--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED');
  });

  it('4.0 (JavaModuleOptions v4.0.0): the vector module, netty reflection (SPARK-47610), still useDirectMethodHandle=false', () => {
    const opts = jvmOptions(build(jarApp('4.0.1')).body);
    expect(opts.slice(0, 3)).toEqual(['-Djava.net.preferIPv6Addresses=false', '-XX:+IgnoreUnrecognizedVMOptions', '--add-modules=jdk.incubator.vector']);
    expect(opts.slice(opts.indexOf('-Xmx1024m') - 2, opts.indexOf('-Xmx1024m'))).toEqual(['-Djdk.reflect.useDirectMethodHandle=false', '-Dio.netty.tryReflectionSetAccessible=true']);
  });

  it('4.1 (Netty 4.2; SPARK-51210): the pooled allocator, no default endpoint verification, native access', () => {
    const opts = jvmOptions(build(jarApp('4.1.0')).body);
    const xmx = opts.indexOf('-Xmx1024m');
    expect(opts.slice(xmx - 4, xmx)).toEqual(['-Dio.netty.tryReflectionSetAccessible=true', '-Dio.netty.allocator.type=pooled', '-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE', '--enable-native-access=ALL-UNNAMED']);
  });

  it('SPARK_USE_CONC_INCR_GC=true in the AM env adds the CMS options up to 3.3 (Client.scala v3.3.0), not from 3.4', () => {
    const gc: [string, string][] = [['spark.yarn.appMasterEnv.SPARK_USE_CONC_INCR_GC', 'true']];
    expect(command(build(jarApp('3.3.4', gc)).body)).toContain('-Djava.io.tmpdir={{PWD}}/tmp -XX:+UseConcMarkSweepGC -XX:MaxTenuringThreshold=31');
    expect(command(build(jarApp('2.4.8', gc)).body)).toContain('-XX:+CMSIncrementalMode');
    expect(command(build(jarApp('3.4.4', gc)).body)).not.toContain('ConcMarkSweep');
  });

  it('SPARK_PREFER_IPV6=true on the client becomes -Djava.net.preferIPv6Addresses=true and SPARK_PREFER_IPV6=true (Utils.preferIPv6)', () => {
    const { body } = build({ ...jarApp('3.5.5'), preferIPv6: true });
    expect(jvmOptions(body)[0]).toBe('-Djava.net.preferIPv6Addresses=true');
    expect(env(body).SPARK_PREFER_IPV6).toBe('true');
  });
});

describe('AM arguments and the conf archive, per release', () => {
  it('2.4 (Client.scala v2.4.0): no --dist-cache-conf; the cache entries go into __spark_conf__.properties', () => {
    const { body, props } = build(jarApp('2.4.8'));
    expect(command(body)).not.toContain('--dist-cache-conf');
    expect(command(body)).toContain('--properties-file {{PWD}}/__spark_conf__/__spark_conf__.properties 1>');
    expect(props.distCacheConf).toBeUndefined();
    const conf = Object.fromEntries(props.sparkConf);
    expect(conf['spark.yarn.cache.filenames']).toBe(`${FS}/apps/spark/libs.zip#__spark_libs__,${FS}/user/root/.apx/cache/sha1/app.jar#__app__.jar`);
    expect(conf['spark.yarn.cache.confArchive']).toBe(`${STAGING}/__spark_conf__.zip`);
  });

  it('3.0 and later (Client.scala v3.0.0): --dist-cache-conf and __spark_dist_cache__.properties; the Spark conf carries no cache entries', () => {
    for (const version of ['3.0.0', '3.5.5', '4.1.0']) {
      const { body, props } = build(jarApp(version));
      expect(command(body)).toContain(' --dist-cache-conf {{PWD}}/__spark_conf__/__spark_dist_cache__.properties 1>');
      expect(Object.fromEntries(props.distCacheConf ?? [])['spark.yarn.cache.types']).toBe('ARCHIVE,FILE');
      expect(props.sparkConf.map(([k]) => k).filter((k) => k.startsWith('spark.yarn.cache.'))).toEqual([]);
    }
  });
});

describe('the AM environment, per release', () => {
  const userEnv: [string, string][] = [['spark.yarn.appMasterEnv.SPARK_USER', 'etl-bot']];

  it('up to 3.5 (Client.scala setupLaunchEnv): SPARK_USER is set, and spark.yarn.appMasterEnv.SPARK_USER is appended to it', () => {
    expect(env(build(jarApp('3.5.5', userEnv)).body).SPARK_USER).toBe('root<CPS>etl-bot');
  });

  it('4.0 (Client.scala v4.0.0): SPARK_USER only when the user did not set it', () => {
    expect(env(build(jarApp('4.0.1', userEnv)).body).SPARK_USER).toBe('etl-bot');
    expect(env(build(jarApp('4.0.1')).body).SPARK_USER).toBe('root');
  });

  it('SPARK_PREFER_IPV6 from 3.4 (Client.scala v3.4.0), not before', () => {
    expect(env(build(jarApp('3.3.4')).body)).not.toHaveProperty('SPARK_PREFER_IPV6');
    expect(env(build(jarApp('3.4.4')).body).SPARK_PREFER_IPV6).toBe('false');
  });

  it('the Hadoop classpath is added by default on 2.4 and 3.0 (SPARK-31582 default true), not from 3.0.1 (SPARK-31960)', () => {
    const hadoop = new Map([['yarn.application.classpath', '/etc/hadoop/conf,/opt/hadoop/share/hadoop/common/*']]);
    expect(env(build(jarApp('2.4.8'), hadoop).body).CLASSPATH).toContain('<CPS>/etc/hadoop/conf<CPS>/opt/hadoop/share/hadoop/common/*<CPS>');
    expect(env(build(jarApp('3.0.0'), hadoop).body).CLASSPATH).toContain('/etc/hadoop/conf');
    expect(env(build(jarApp('3.0.1'), hadoop).body).CLASSPATH).not.toContain('/etc/hadoop/conf');
    expect(env(build(jarApp('3.3.4'), hadoop).body).CLASSPATH).not.toContain('/etc/hadoop/conf');
    expect(env(build(jarApp('3.3.4', [['spark.yarn.populateHadoopClasspath', 'true']]), hadoop).body).CLASSPATH).toContain('/etc/hadoop/conf');
  });
});

describe('the AM container size and the staging dir, per release', () => {
  const conf = (c: Record<string, string>) => new Map(Object.entries(c));

  it('spark.driver.memoryOverheadFactor counts from 3.3 (SPARK-38194); before, the factor is 0.10', () => {
    const c = conf({ 'spark.driver.memory': '8g', 'spark.driver.memoryOverheadFactor': '0.25' });
    expect(amResource(c, v('3.3.4')).overheadMiB).toBe(2048);
    expect(amResource(c, v('3.0.0')).overheadMiB).toBe(819);
  });

  it('spark.driver.minMemoryOverhead replaces the 384 MiB floor from 4.0 (SPARK-47208)', () => {
    const c = conf({ 'spark.driver.memory': '1g', 'spark.driver.minMemoryOverhead': '512m' });
    expect(amResource(c, v('4.0.1')).overheadMiB).toBe(512);
    expect(amResource(c, v('3.5.5')).overheadMiB).toBe(384);
  });

  it('spark.yarn.stagingDir: <dir>/<user>/.sparkStaging from 3.0 (Client.scala v3.0.0), <dir>/.sparkStaging on 2.4', () => {
    const staged = (version: string) => appStagingDir(jarApp(version, [['spark.yarn.stagingDir', '/tmp/staging/']]), '/user/root', APP);
    expect(staged('3.0.0')).toBe(`/tmp/staging/root/.sparkStaging/${APP}`);
    expect(staged('2.4.8')).toBe(`/tmp/staging/.sparkStaging/${APP}`);
    expect(appStagingDir(jarApp('2.4.8'), '/user/root', APP)).toBe(`/user/root/.sparkStaging/${APP}`);
  });
});

describe('the logging configuration shipped in __spark_conf__.zip, per release (Client.createConfArchive)', () => {
  it('log4j 1 up to 3.2, log4j2.properties from 3.3 (SPARK-37814), every log4j 2 format from 4.0', () => {
    expect(loggingConfFiles(v('3.2.4'))).toEqual(['log4j.properties', 'metrics.properties']);
    expect(loggingConfFiles(v('3.3.0'))).toEqual(['log4j2.properties', 'metrics.properties']);
    expect(loggingConfFiles(v('4.0.0'))).toEqual(['log4j2.yaml', 'log4j2.yml', 'log4j2.json', 'log4j2.jsn', 'log4j2.xml', 'log4j2.properties', 'metrics.properties']);
  });
});

describe('--principal/--keytab: the names the AM reads them under, per release', () => {
  it('2.4 (yarn/config.scala v2.4.0): spark.yarn.principal/keytab; from 3.0 (SPARK-25372) spark.kerberos.*', () => {
    expect(kerberosLoginKeys(v('2.4.8'))).toEqual({ principal: 'spark.yarn.principal', keytab: 'spark.yarn.keytab' });
    for (const version of ['3.0.0', '3.5.5', '4.1.0']) expect(kerberosLoginKeys(v(version))).toEqual({ principal: 'spark.kerberos.principal', keytab: 'spark.kerberos.keytab' });
    expect(kerberosLoginKeys()).toEqual({ principal: 'spark.kerberos.principal', keytab: 'spark.kerberos.keytab' });
  });

  const withKeytab = (version: string): Map<string, string> => {
    const sub = { ...jarApp(version, [['spark.kerberos.principal', 'etl@APX.TEST'], ['spark.kerberos.keytab', '/home/etl/etl.keytab']]), amKeytab: { path: '/home/etl/etl.keytab', name: 'etl.keytab-0f1e' } };
    return new Map(build(sub).props.sparkConf);
  };

  it('2.4: __spark_conf__.properties names the principal and the localized keytab under spark.yarn.*, nothing under spark.kerberos.*', () => {
    const props = withKeytab('2.4.8');
    expect(props.get('spark.yarn.principal')).toBe('etl@APX.TEST');
    expect(props.get('spark.yarn.keytab')).toBe('etl.keytab-0f1e');
    expect(props.has('spark.kerberos.principal')).toBe(false);
    expect(props.has('spark.kerberos.keytab')).toBe(false);
  });

  it('3.x and 4.x: spark.kerberos.principal as given, spark.kerberos.keytab the localized name', () => {
    for (const version of ['3.0.0', '3.5.5', '4.1.0']) {
      const props = withKeytab(version);
      expect(props.get('spark.kerberos.principal')).toBe('etl@APX.TEST');
      expect(props.get('spark.kerberos.keytab')).toBe('etl.keytab-0f1e');
      expect(props.has('spark.yarn.keytab')).toBe(false);
    }
  });
});
