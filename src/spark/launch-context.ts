/**
 * The ApplicationSubmissionContext Spark's YARN client builds (2.4 to 4.x: what differs per release
 * is asked of launchTraits in versions.ts; the rest is Spark 3.5's (resource-managers/yarn/src/main/
 * scala/org/apache/spark/deploy/yarn/Client.scala), as pure functions: the AM command
 * (createContainerLaunchContext), the environment (setupLaunchEnv + populateClasspath), the local
 * resources and the distributed-cache properties (ClientDistributedCacheManager), the AM resource
 * (amMemory + amMemoryOverhead, amCores), and the application context
 * (createApplicationSubmissionContext). Golden-tested per release in test/spark.
 */
import { applyKeytabProperties } from './keytab.js';
import { UsageError } from '../errors.js';
import type { LocalResource, SubmissionBody } from '../yarn/types.js';
import {
  APP_JAR_NAME, DIST_CACHE_CONF_FILE, LOCALIZED_CONF_DIR, LOCALIZED_HADOOP_CONF_DIR, LOCALIZED_LIB_DIR, SPARK_CONF_FILE,
  type DistributionPlan, type PlannedResource,
} from './dist-cache.js';
import { parseTimeMs, splitCommandString } from './java-opts.js';
import { MemoryFormatError, parseMemoryMiB } from './memory.js';
import { escapeForYarnShell } from './shell.js';
import { confList } from '../config/settings.js';
import { PYTHON_RUNNER, confBool, type SparkConf, type SparkSubmission } from './submission.js';
import { CONC_INCR_GC_OPTIONS, DEFAULT_SPARK_VERSION, kerberosLoginKeys, launchTraits, type SparkVersion } from './versions.js';

export const AM_CLASS = 'org.apache.spark.deploy.yarn.ApplicationMaster';
/** ResourceProfile.MEMORY_OVERHEAD_MIN_MIB */
const MEMORY_OVERHEAD_MIN_MIB = 384;

/** A planned resource with where it ended up on HDFS (size and timestamp exactly as HDFS reports). */
export interface ResolvedResource extends PlannedResource {
  uri: string;
  size: number;
  timestamp: number;
  visibility: 'PUBLIC' | 'PRIVATE';
}

export interface AmResource {
  memoryMiB: number;
  overheadMiB: number;
  vCores: number;
}

function memorySetting(conf: SparkConf, key: string, fallback: string): number {
  const value = conf.get(key) ?? fallback;
  try {
    return parseMemoryMiB(value);
  } catch (e) {
    throw new UsageError(`${key} '${value}' ${(e as MemoryFormatError).message}`);
  }
}

/** Client.scala: amMemory, amMemoryOverhead = max(factor × memory, minimum), amCores (cluster mode: the driver's). */
export function amResource(conf: SparkConf, version: SparkVersion = DEFAULT_SPARK_VERSION): AmResource {
  const traits = launchTraits(version);
  const memoryMiB = memorySetting(conf, 'spark.driver.memory', '1g');
  // Before 3.3 the factor is Client.scala's constant MEMORY_OVERHEAD_FACTOR (0.10): the setting does not exist.
  const factorText = traits.overheadFactorSetting ? conf.get('spark.driver.memoryOverheadFactor') ?? '0.10' : '0.10';
  const factor = Number(factorText);
  if (!Number.isFinite(factor) || factor < 0) throw new UsageError(`spark.driver.memoryOverheadFactor: '${factorText}' is not a number`);
  const minimumMiB = traits.minMemoryOverheadSetting ? memorySetting(conf, 'spark.driver.minMemoryOverhead', `${MEMORY_OVERHEAD_MIN_MIB}m`) : MEMORY_OVERHEAD_MIN_MIB;
  const overheadMiB = conf.has('spark.driver.memoryOverhead')
    ? memorySetting(conf, 'spark.driver.memoryOverhead', '0')
    : Math.max(Math.floor(factor * memoryMiB), minimumMiB);
  const vCores = Number(conf.get('spark.driver.cores') ?? '1');
  if (!Number.isInteger(vCores) || vCores < 1) throw new UsageError(`spark.driver.cores: '${conf.get('spark.driver.cores')}' must be a whole number of at least 1`);
  return { memoryMiB, overheadMiB, vCores };
}

/** createContainerLaunchContext: the AM command line, one string as the REST API takes it. */
export function buildAmCommand(sub: SparkSubmission, appId: string): string {
  const conf = sub.conf;
  const traits = launchTraits(sub.sparkVersion);
  const javaOpts: string[] = [];
  if (traits.preferIPv6) javaOpts.push(`-Djava.net.preferIPv6Addresses=${preferIPv6(sub)}`);
  if (traits.moduleOptions.length) javaOpts.push(traits.moduleOptions.join(' '));
  javaOpts.push(`-Xmx${amResource(conf, sub.sparkVersion).memoryMiB}m`, '-Djava.io.tmpdir={{PWD}}/tmp');
  // launchEnv.get("SPARK_USE_CONC_INCR_GC").exists(_.toBoolean): the AM environment, i.e. spark.yarn.appMasterEnv.*.
  if (traits.concIncrGc && conf.get('spark.yarn.appMasterEnv.SPARK_USE_CONC_INCR_GC')?.trim().toLowerCase() === 'true') javaOpts.push(...CONC_INCR_GC_OPTIONS);
  const driverOpts = [conf.get('spark.driver.defaultJavaOptions'), conf.get('spark.driver.extraJavaOptions')].filter(Boolean).join(' ');
  if (driverOpts) {
    const opts = splitCommandString(driverOpts);
    if (opts.some((o) => o.startsWith('-Xmx'))) {
      throw new UsageError('spark.driver.extraJavaOptions sets the heap size (-Xmx)', 'Use --driver-memory (spark.driver.memory) instead.');
    }
    javaOpts.push(...opts.map((o) => escapeForYarnShell(o.replaceAll('{{APP_ID}}', appId))));
  }
  javaOpts.push('-Dspark.yarn.app.container.log.dir=<LOG_DIR>');

  const amArgs: string[] = [AM_CLASS];
  if (sub.kind === 'python') {
    amArgs.push('--class', escapeForYarnShell(PYTHON_RUNNER), '--primary-py-file', escapeForYarnShell(linkOf(sub.primaryResource)));
  } else {
    amArgs.push('--class', escapeForYarnShell(sub.mainClass ?? ''), '--jar', escapeForYarnShell(asUri(sub.primaryResource)));
  }
  for (const arg of sub.appArgs) amArgs.push('--arg', escapeForYarnShell(arg));
  amArgs.push('--properties-file', `{{PWD}}/${LOCALIZED_CONF_DIR}/${SPARK_CONF_FILE}`);
  if (traits.distCacheConf) amArgs.push('--dist-cache-conf', `{{PWD}}/${LOCALIZED_CONF_DIR}/${DIST_CACHE_CONF_FILE}`);

  const prefix = libraryPathPrefix(conf);
  return [...prefix, '{{JAVA_HOME}}/bin/java', '-server', ...javaOpts, ...amArgs, '1>', '<LOG_DIR>/stdout', '2>', '<LOG_DIR>/stderr'].join(' ');
}

/**
 * Utils.preferIPv6: the client JVM's java.net.preferIPv6Addresses, which spark-submit (SparkSubmit.main,
 * v3.4.0) takes from the SPARK_PREFER_IPV6 environment variable: apx takes it from the same place.
 */
function preferIPv6(sub: SparkSubmission): boolean {
  return sub.preferIPv6 === true;
}

/**
 * spark.driver.extraLibraryPath reaches the AM as an LD_LIBRARY_PATH prefix (Client.createLibraryPathPrefix:
 * `LD_LIBRARY_PATH="<libpath>:$LD_LIBRARY_PATH"`, the user's ':' kept as given). The path's own ':'
 * stay literal: a <CPS> inside the escaped word would be hidden from the NodeManager and reach the JVM as text.
 */
function libraryPathPrefix(conf: SparkConf): string[] {
  const lib = conf.get('spark.driver.extraLibraryPath');
  if (!lib) return [];
  return [`LD_LIBRARY_PATH=${escapeForYarnShell(lib)}<CPS>{{LD_LIBRARY_PATH}}`];
}

/** The --jar value Spark passes: the primary resource as a URI (file:/… for a local path). */
function asUri(resource: string): string {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(resource) ? resource : `file:${resource}`;
}

function linkOf(resource: string): string {
  const bare = resource.split('#');
  return bare[1] ?? (bare[0] as string).replace(/\/+$/, '').split('/').pop() ?? resource;
}

/** populateClasspath: Spark's CLASSPATH order, with {{PWD}} and <CPS> for the NodeManager to expand. */
export function buildClasspath(sub: SparkSubmission, plan: DistributionPlan, hadoopConf: ReadonlyMap<string, string>): string {
  const conf = sub.conf;
  const traits = launchTraits(sub.sparkVersion);
  const entries: string[] = [];
  const extra = conf.get('spark.driver.extraClassPath');
  if (extra) entries.push(...extra.split(':').filter(Boolean));
  entries.push('{{PWD}}', `{{PWD}}/${LOCALIZED_CONF_DIR}`);
  if (confBool(conf, 'spark.driver.userClassPathFirst', false)) {
    if (sub.kind === 'jar') entries.push(plan.localJars[0] && sub.primaryResource.startsWith('local:') ? (plan.localJars[0] as string) : `{{PWD}}/${APP_JAR_NAME}`);
    for (const jar of plan.secondaryJars) entries.push(jar.startsWith('local:') ? jar.slice('local:'.length) : `{{PWD}}/${jar}`);
  }
  entries.push(`{{PWD}}/${LOCALIZED_LIB_DIR}/*`);
  if (!conf.get('spark.yarn.archive')) {
    for (const jar of confList(conf, 'spark.yarn.jars')) if (jar.startsWith('local:')) entries.push(jar.replace(/^local:(\/\/)?/, '/').replace(/^\/+/, '/'));
  }
  if (confBool(conf, 'spark.yarn.populateHadoopClasspath', traits.populateHadoopClasspathDefault)) {
    // Client.getMRAppClasspath: the MapReduce default when the cluster does not set one.
    entries.push(...confList(hadoopConf, 'yarn.application.classpath', DEFAULT_YARN_APPLICATION_CLASSPATH), ...confList(hadoopConf, 'mapreduce.application.classpath', DEFAULT_MR_APPLICATION_CLASSPATH));
  }
  entries.push(`{{PWD}}/${LOCALIZED_CONF_DIR}/${LOCALIZED_HADOOP_CONF_DIR}`);
  return entries.join('<CPS>');
}

/** YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH */
const DEFAULT_YARN_APPLICATION_CLASSPATH = [
  '{{HADOOP_CONF_DIR}}', '{{HADOOP_COMMON_HOME}}/share/hadoop/common/*', '{{HADOOP_COMMON_HOME}}/share/hadoop/common/lib/*',
  '{{HADOOP_HDFS_HOME}}/share/hadoop/hdfs/*', '{{HADOOP_HDFS_HOME}}/share/hadoop/hdfs/lib/*',
  '{{HADOOP_YARN_HOME}}/share/hadoop/yarn/*', '{{HADOOP_YARN_HOME}}/share/hadoop/yarn/lib/*',
].join(',');

/** MRJobConfig.DEFAULT_MAPREDUCE_CROSS_PLATFORM_APPLICATION_CLASSPATH */
const DEFAULT_MR_APPLICATION_CLASSPATH = '{{HADOOP_MAPRED_HOME}}/share/hadoop/mapreduce/*,{{HADOOP_MAPRED_HOME}}/share/hadoop/mapreduce/lib/*';

/** setupLaunchEnv: the AM's environment, in Spark's order. */
export function buildEnvironment(sub: SparkSubmission, plan: DistributionPlan, stagingDirUri: string, hadoopConf: ReadonlyMap<string, string>): [string, string][] {
  const traits = launchTraits(sub.sparkVersion);
  const env = new Map<string, string>();
  env.set('CLASSPATH', buildClasspath(sub, plan, hadoopConf));
  env.set('SPARK_YARN_STAGING_DIR', stagingDirUri);
  if (!traits.sparkUserOnlyIfAbsent) env.set('SPARK_USER', sub.user);
  if (traits.preferIPv6) env.set('SPARK_PREFER_IPV6', String(preferIPv6(sub)));
  const prefix = 'spark.yarn.appMasterEnv.';
  for (const [k, v] of sub.conf) {
    if (!k.startsWith(prefix)) continue;
    const name = k.slice(prefix.length);
    // YarnSparkHadoopUtil.addPathToEnvironment: an existing value is extended, not replaced.
    env.set(name, env.has(name) ? `${env.get(name)}<CPS>${v}` : v);
  }
  // Client.scala (v4.0.0): the user's spark.yarn.appMasterEnv.SPARK_USER wins over the submitting user.
  if (traits.sparkUserOnlyIfAbsent && !env.has('SPARK_USER')) env.set('SPARK_USER', sub.user);
  if (plan.pythonPath.length > 0) {
    const existing = env.get('PYTHONPATH');
    env.set('PYTHONPATH', [...(existing ? [existing] : []), ...plan.pythonPath].join('<CPS>'));
  }
  if (sub.kind === 'python') {
    for (const [name, key] of [['PYSPARK_PYTHON', 'spark.pyspark.python'], ['PYSPARK_DRIVER_PYTHON', 'spark.pyspark.driver.python']] as const) {
      const v = sub.conf.get(key);
      if (v && !env.has(name)) env.set(name, v);
    }
  }
  return [...env];
}

/** ClientDistributedCacheManager.updateConfiguration: what the AM uses to give executors the same files. */
export function buildDistCacheProperties(resources: ResolvedResource[], confArchiveUri: string): [string, string][] {
  const shared = resources.filter((r) => !r.appMasterOnly);
  return [
    ['spark.yarn.cache.filenames', shared.map((r) => `${r.uri}#${r.link}`).join(',')],
    ['spark.yarn.cache.sizes', shared.map((r) => String(r.size)).join(',')],
    ['spark.yarn.cache.timestamps', shared.map((r) => String(r.timestamp)).join(',')],
    ['spark.yarn.cache.visibilities', shared.map((r) => r.visibility).join(',')],
    ['spark.yarn.cache.types', shared.map((r) => r.type).join(',')],
    ['spark.yarn.cache.confArchive', confArchiveUri],
  ];
}

/**
 * The properties files of __spark_conf__.zip. From 3.0 the cache entries have a file of their own
 * (__spark_dist_cache__.properties, read via --dist-cache-conf); a 2.4 client writes them into
 * __spark_conf__.properties (Client.scala v2.4.0: distCacheMgr.updateConfiguration(sparkConf)).
 */
export function confArchiveProperties(sub: SparkSubmission, plan: DistributionPlan, resources: ResolvedResource[], confArchiveUri: string): { sparkConf: [string, string][]; distCacheConf?: [string, string][] } {
  const sparkConf = buildSparkConfProperties(sub, plan, resources);
  const distCacheConf = buildDistCacheProperties(resources, confArchiveUri);
  if (launchTraits(sub.sparkVersion).distCacheConf) return { sparkConf, distCacheConf };
  const merged = new Map([...sparkConf, ...distCacheConf]);
  return { sparkConf: [...merged].sort(([a], [b]) => a.localeCompare(b)) };
}

/**
 * Client.scala appStagingBaseDir: spark.yarn.stagingDir, else the HDFS home; from v3.0.0 with the
 * user's short name under spark.yarn.stagingDir, on v2.4 the directory itself.
 */
export function appStagingDir(sub: SparkSubmission, home: string, appId: string): string {
  const dir = sub.conf.get('spark.yarn.stagingDir')?.replace(/\/+$/, '');
  const base = dir ? (launchTraits(sub.sparkVersion).stagingDirPerUser ? `${dir}/${sub.user}` : dir) : home;
  return `${base}/.sparkStaging/${appId}`;
}

/** The Spark configuration written to __spark_conf__.properties: the user's plus what the client decides. */
export function buildSparkConfProperties(sub: SparkSubmission, plan: DistributionPlan, resources: ResolvedResource[]): [string, string][] {
  const conf = new Map(sub.conf);
  conf.delete('spark.apx.pyspark.archives');
  conf.set('spark.master', 'yarn');
  conf.set('spark.submit.deployMode', 'cluster');
  if (!conf.has('spark.app.name')) conf.set('spark.app.name', defaultAppName(sub));
  if (plan.secondaryJars.length) conf.set('spark.yarn.secondary.jars', plan.secondaryJars.join(','));
  if (sub.kind === 'jar' && sub.primaryResource.startsWith('local:')) conf.set('spark.yarn.user.jar', sub.primaryResource);
  const libs = resources.find((r) => r.role === 'spark-libs');
  if (libs && !conf.has('spark.yarn.archive') && !conf.has('spark.yarn.jars')) conf.set('spark.yarn.archive', libs.uri);
  applyKeytabProperties(conf, sub.amKeytab?.name, kerberosLoginKeys(sub.sparkVersion));
  if (sub.kind === 'python') {
    conf.set('spark.yarn.isPython', 'true');
    if (plan.pythonPath.length) conf.set('spark.executorEnv.PYTHONPATH', [conf.get('spark.executorEnv.PYTHONPATH'), ...plan.pythonPath].filter(Boolean).join('<CPS>'));
  }
  return [...conf].sort(([a], [b]) => a.localeCompare(b));
}

/** spark-submit's default name: the main class, or the primary file's name. */
export function defaultAppName(sub: SparkSubmission): string {
  return sub.kind === 'jar' && sub.mainClass ? sub.mainClass : linkOf(sub.primaryResource);
}

export function localResourcesOf(resources: ResolvedResource[], confArchive: { uri: string; size: number; timestamp: number }): { key: string; value: LocalResource }[] {
  const entries = resources.map((r) => ({ key: r.link, value: { resource: r.uri, type: r.type, visibility: r.visibility, size: r.size, timestamp: r.timestamp } as LocalResource }));
  entries.push({ key: LOCALIZED_CONF_DIR, value: { resource: confArchive.uri, type: 'ARCHIVE', visibility: 'PRIVATE', size: confArchive.size, timestamp: confArchive.timestamp } });
  return entries;
}

export interface SubmissionInputs {
  sub: SparkSubmission;
  plan: DistributionPlan;
  appId: string;
  stagingDirUri: string;
  resources: ResolvedResource[];
  confArchive: { uri: string; size: number; timestamp: number };
  hadoopConf: ReadonlyMap<string, string>;
}

/** createApplicationSubmissionContext, as the body of POST /ws/v1/cluster/apps. */
export function buildSubmissionBody(input: SubmissionInputs): SubmissionBody {
  const { sub, plan, appId } = input;
  const conf = sub.conf;
  const am = amResource(conf, sub.sparkVersion);
  const body: SubmissionBody = {
    'application-id': appId,
    'application-name': conf.get('spark.app.name') ?? defaultAppName(sub),
    'application-type': conf.get('spark.yarn.applicationType') ?? 'SPARK',
    queue: conf.get('spark.yarn.queue') ?? 'default',
    'unmanaged-AM': false,
    resource: { memory: am.memoryMiB + am.overheadMiB, vCores: am.vCores },
    'am-container-spec': {
      'local-resources': { entry: localResourcesOf(input.resources, input.confArchive) },
      environment: { entry: buildEnvironment(sub, plan, input.stagingDirUri, input.hadoopConf).map(([key, value]) => ({ key, value })) },
      commands: { command: buildAmCommand(sub, appId) },
    },
  };
  const tags = confList(conf, 'spark.yarn.tags');
  if (tags.length) body['application-tags'] = { tag: tags };
  const attempts = conf.get('spark.yarn.maxAppAttempts');
  if (attempts !== undefined) body['max-app-attempts'] = wholeNumber(conf, 'spark.yarn.maxAppAttempts', 1);
  const priority = conf.get('spark.yarn.priority');
  if (priority !== undefined) body.priority = wholeNumber(conf, 'spark.yarn.priority', 0);
  const validity = conf.get('spark.yarn.am.attemptFailuresValidityInterval');
  if (validity !== undefined) {
    const ms = parseTimeMs(validity);
    if (ms === undefined) throw new UsageError(`spark.yarn.am.attemptFailuresValidityInterval: '${validity}' is not a time (e.g. 1h, 30min, 3600000)`);
    body['attempt-failures-validity-interval'] = ms;
  }
  const label = conf.get('spark.yarn.am.nodeLabelExpression');
  if (label) body['am-container-node-label-expression'] = label;
  return body;
}

function wholeNumber(conf: SparkConf, key: string, min: number): number {
  const n = Number(conf.get(key));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${key}: '${conf.get(key)}' must be a whole number of at least ${min}`);
  return n;
}
