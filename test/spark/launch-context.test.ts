/**
 * Golden tests of the submission apx builds for a jar app and a PySpark app, part by part against the
 * Spark 3.5 source each follows, and against the real submission recorded from Spark-style runs
 * (test/fixtures/hadoop-3.3.6/spark-app/ws-submit.request.json, pyspark-ws-submit.request.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDistribution } from '../../src/spark/dist-cache.js';
import { buildDistCacheProperties, buildSparkConfProperties, buildSubmissionBody, type ResolvedResource } from '../../src/spark/launch-context.js';
import type { SparkSubmission } from '../../src/spark/submission.js';
import type { SubmissionBody } from '../../src/yarn/types.js';
import { FIXTURES } from '../helpers/recording.js';

const FS = 'hdfs://127.0.0.1:9000';
const APP = 'application_1795488074976_0020';
const PY_APP = 'application_1795488074976_0018';
const staging = (appId: string) => `${FS}/user/root/.sparkStaging/${appId}`;
const STAGING = staging(APP);
const recorded = (name: string) => withIPv6(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'spark-app', name), 'utf8')) as SubmissionBody);

/**
 * The recorded bodies came from an imitation of Spark 3.5's client (spark-app/README.md) that left out
 * what Client.scala (v3.4.0+) adds: `-Djava.net.preferIPv6Addresses=<Utils.preferIPv6>` as the AM's first
 * JVM option and SPARK_PREFER_IPV6 in its environment. The recordings stay the authority for what YARN
 * did; Spark's source for these two parts.
 */
function withIPv6(b: SubmissionBody): SubmissionBody {
  const spec = b['am-container-spec'];
  spec.commands.command = spec.commands.command.replace('/bin/java -server ', '/bin/java -server -Djava.net.preferIPv6Addresses=false ');
  spec.environment.entry.push({ key: 'SPARK_PREFER_IPV6', value: 'false' });
  return b;
}

function resolve(sub: SparkSubmission, appId = APP): { body: SubmissionBody; resolved: ResolvedResource[] } {
  const plan = planDistribution(sub, '/work');
  const resolved = plan.resources.map((r, i) => ({
    ...r,
    uri: r.source.kind === 'remote' ? r.source.uri.replace('hdfs://', FS) : `${FS}/user/root/.apx/cache/sha${i}/${r.source.kind === 'local' ? path.basename(r.source.path) : '__spark_libs__.zip'}`,
    size: 1000 + i, timestamp: 1795489588000 + i, visibility: 'PUBLIC' as const,
  }));
  const body = buildSubmissionBody({ sub, plan, appId, stagingDirUri: staging(appId), resources: resolved, confArchive: { uri: `${staging(appId)}/__spark_conf__.zip`, size: 9554, timestamp: 1795489589310 }, hadoopConf: new Map() });
  return { body, resolved };
}

const jarApp: SparkSubmission = {
  primaryResource: '/opt/hadoop/spark-home/examples/jars/app.jar', kind: 'jar', mainClass: 'com.acme.Main', appArgs: ['plain', 'hello world'], user: 'root',
  conf: new Map([['spark.app.name', 'spark-app-ok'], ['spark.yarn.archive', 'hdfs:///apps/spark/libs.zip']]),
};

const pyApp: SparkSubmission = {
  primaryResource: '/work/app.py', kind: 'python', appArgs: ['in.csv', 'out dir'], user: 'root',
  conf: new Map([['spark.app.name', 'spark-app-pyspark'], ['spark.yarn.archive', 'hdfs:///apps/spark/libs.zip']]),
  pySparkArchives: ['/opt/spark/python/lib/pyspark.zip', '/opt/spark/python/lib/py4j-0.10.9.7-src.zip'],
};

const env = (b: SubmissionBody) => Object.fromEntries(b['am-container-spec'].environment.entry.map((e) => [e.key, e.value]));
const keys = (b: SubmissionBody) => b['am-container-spec']['local-resources'].entry.map((e) => [e.key, e.value.type]);

describe('the jar app submission (Client.scala)', () => {
  const { body, resolved } = resolve(jarApp);
  const real = recorded('ws-submit.request.json');

  it('matches the golden file', async () => {
    await expect(JSON.stringify(body, null, 2)).toMatchFileSnapshot('golden/jar-app.submission.json');
  });

  it('createApplicationSubmissionContext: name, type SPARK, queue, unmanaged-AM, and the AM resource 1024+384 MiB', () => {
    for (const k of ['application-name', 'application-type', 'queue', 'unmanaged-AM', 'resource'] as const) expect(body[k], k).toEqual(real[k]);
  });

  it('createContainerLaunchContext: the AM command is the recorded one up to the user arguments and from --properties-file on', () => {
    const ours = body['am-container-spec'].commands.command;
    const theirs = real['am-container-spec'].commands.command;
    // Spark passes --jar unquoted; apx quotes it (a path with a space must survive the launch shell).
    expect(ours.split(' --class ')[0]).toBe(theirs.split(' --class ')[0]);
    expect(ours).toContain(" --class 'com.acme.Main' --jar 'file:/opt/hadoop/spark-home/examples/jars/app.jar' --arg 'plain' --arg 'hello world' ");
    expect(ours.slice(ours.indexOf(' --properties-file'))).toBe(theirs.slice(theirs.indexOf(' --properties-file')));
  });

  it('populateClasspath and setupLaunchEnv: CLASSPATH in Spark\'s order, SPARK_YARN_STAGING_DIR, SPARK_USER', () => {
    expect(env(body)).toEqual(env(real));
  });

  it('prepareLocalResources: __spark_libs__ (ARCHIVE), __app__.jar, then __spark_conf__ (ARCHIVE) last', () => {
    expect(keys(body)).toEqual(keys(real));
  });

  it('ClientDistributedCacheManager: the executors get every resource but the conf archive, with exact sizes and times', () => {
    const props = Object.fromEntries(buildDistCacheProperties(resolved, `${STAGING}/__spark_conf__.zip`));
    expect(props['spark.yarn.cache.filenames']).toBe(`${FS}/apps/spark/libs.zip#__spark_libs__,${FS}/user/root/.apx/cache/sha1/app.jar#__app__.jar`);
    expect(props['spark.yarn.cache.sizes']).toBe('1000,1001');
    expect(props['spark.yarn.cache.timestamps']).toBe('1795489588000,1795489588001');
    expect(props['spark.yarn.cache.types']).toBe('ARCHIVE,FILE');
    expect(props['spark.yarn.cache.confArchive']).toBe(`${STAGING}/__spark_conf__.zip`);
  });
});

describe('the PySpark app submission (Client.scala, python parts)', () => {
  const { body, resolved } = resolve(pyApp, PY_APP);
  const real = recorded('pyspark-ws-submit.request.json');

  it('matches the golden file', async () => {
    await expect(JSON.stringify(body, null, 2)).toMatchFileSnapshot('golden/pyspark-app.submission.json');
  });

  it('the command runs PythonRunner with --primary-py-file <link name>, as recorded (apx quotes the name)', () => {
    const ours = body['am-container-spec'].commands.command;
    expect(ours).toBe(real['am-container-spec'].commands.command.replace('--primary-py-file app.py', "--primary-py-file 'app.py'"));
  });

  it('setupLaunchEnv: PYTHONPATH with pyspark.zip and py4j after CLASSPATH, SPARK_YARN_STAGING_DIR, SPARK_USER', () => {
    expect(env(body)).toEqual(env(real));
  });

  it('prepareLocalResources: the primary .py and the pyspark archives by name, __spark_conf__ last', () => {
    expect(keys(body)).toEqual(keys(real));
  });

  it('the primary .py is for the AM only (appMasterOnly): not in the executors\' cache list', () => {
    const props = Object.fromEntries(buildDistCacheProperties(resolved, `${STAGING}/__spark_conf__.zip`));
    expect(props['spark.yarn.cache.filenames']).not.toContain('app.py');
    expect(props['spark.yarn.cache.filenames']).toContain('#pyspark.zip');
  });

  it('the Spark conf marks the app as Python and gives executors the same PYTHONPATH', () => {
    const conf = Object.fromEntries(buildSparkConfProperties(pyApp, planDistribution(pyApp, '/work'), resolved));
    expect(conf['spark.yarn.isPython']).toBe('true');
    expect(conf['spark.executorEnv.PYTHONPATH']).toBe('{{PWD}}/pyspark.zip<CPS>{{PWD}}/py4j-0.10.9.7-src.zip');
    expect(conf['spark.submit.deployMode']).toBe('cluster');
  });
});

describe('what the submission context carries from Spark settings', () => {
  it('tags, max attempts, priority, the AM node label and the validity interval', () => {
    const sub = { ...jarApp, conf: new Map([...jarApp.conf, ['spark.yarn.tags', 'etl, nightly'], ['spark.yarn.maxAppAttempts', '1'], ['spark.yarn.priority', '5'], ['spark.yarn.am.nodeLabelExpression', 'gpu'], ['spark.yarn.am.attemptFailuresValidityInterval', '1h'], ['spark.yarn.queue', 'etl']]) };
    const { body } = resolve(sub);
    expect(body['application-tags']).toEqual({ tag: ['etl', 'nightly'] });
    expect([body['max-app-attempts'], body.priority, body['am-container-node-label-expression'], body['attempt-failures-validity-interval'], body.queue]).toEqual([1, 5, 'gpu', 3600000, 'etl']);
  });

  it('--jars, --files and --archives get Spark\'s link names, #aliases and types; local: jars stay on the nodes', () => {
    const sub = { ...jarApp, conf: new Map([...jarApp.conf, ['spark.yarn.dist.jars', '/libs/a.jar,local:/opt/lib/b.jar'], ['spark.yarn.dist.files', '/d/data.csv#input.csv'], ['spark.yarn.dist.archives', '/d/env.tar.gz#env']]) };
    const { body } = resolve(sub);
    expect(keys(body)).toEqual([['__spark_libs__', 'ARCHIVE'], ['__app__.jar', 'FILE'], ['a.jar', 'FILE'], ['input.csv', 'FILE'], ['env', 'ARCHIVE'], ['__spark_conf__', 'ARCHIVE']]);
    const conf = Object.fromEntries(buildSparkConfProperties(sub, planDistribution(sub, '/work'), []));
    expect(conf['spark.yarn.secondary.jars']).toBe('a.jar,local:/opt/lib/b.jar');
  });

  it('spark.driver.extraJavaOptions reach the AM escaped, {{APP_ID}} substituted; -Xmx there is refused', () => {
    const sub = { ...jarApp, conf: new Map([...jarApp.conf, ['spark.driver.extraJavaOptions', '-Dlog.dir=/logs/{{APP_ID}} -Dq="a b"']]) };
    expect(resolve(sub).body['am-container-spec'].commands.command).toContain(`'-Dlog.dir=/logs/${APP}' '-Dq=a b'`);
    const bad = { ...jarApp, conf: new Map([...jarApp.conf, ['spark.driver.extraJavaOptions', '-Xmx8g']]) };
    expect(() => resolve(bad)).toThrow(/sets the heap size/);
  });

  it('spark.yarn.appMasterEnv.* reaches the AM environment', () => {
    const sub = { ...jarApp, conf: new Map([...jarApp.conf, ['spark.yarn.appMasterEnv.TZ', 'UTC']]) };
    expect(env(resolve(sub).body).TZ).toBe('UTC');
  });
});
