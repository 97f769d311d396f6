/**
 * From what the user typed to a SparkSubmission: spark-submit's flag → conf mapping
 * (SparkSubmitArguments / SparkSubmit's OptionAssigners for YARN) layered over spark-defaults.conf
 * and the cluster profile, each value remembering where it came from.
 */
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { loadSparkProperties, sparkConfDir } from '../config/files.js';
import { SourcedMap } from '../config/sourced.js';
import type { ClusterTarget } from '../config/cluster.js';
import { classify } from '../spark/dist-cache.js';
import { checkResourceSettings } from '../spark/resource-settings.js';
import { SPARK_VERSION_KEY, sparkVersionOf } from '../config/spark-version.js';
import type { SparkSubmission } from '../spark/submission.js';
import { keytabForAm } from './submit-identity.js';

export interface SubmitFlags {
  class?: string;
  name?: string;
  queue?: string;
  numExecutors?: string;
  executorMemory?: string;
  executorCores?: string;
  driverMemory?: string;
  driverCores?: string;
  conf: string[];
  propertiesFile?: string;
  jars?: string;
  files?: string;
  archives?: string;
  pyFiles?: string;
  master?: string;
  deployMode?: string;
  verbose?: boolean;
  /** The cluster's Spark release (spark.apx.sparkVersion): its launch context differs per release. */
  sparkVersion?: string;
  /** A JDK on the nodes for the AM and the executors (Spark 4 needs Java 17). */
  javaHome?: string;
  driverJavaOptions?: string;
  driverClassPath?: string;
  driverLibraryPath?: string;
  packages?: string;
  repositories?: string;
  excludePackages?: string;
  proxyUser?: string;
  principal?: string;
  keytab?: string;
  /** spark-submit flags with no meaning on YARN, kept only to explain what to use instead. */
  supervise?: boolean;
  totalExecutorCores?: string;
  kill?: string;
  status?: string;
  remote?: string;
}

/** --conf k=v, as SparkSubmitArguments parses it (the first '=' splits). */
export function parseConfFlag(kv: string): [string, string] {
  const i = kv.indexOf('=');
  if (i <= 0) throw new UsageError(`--conf '${kv}' is not of the form key=value`, 'Write it as --conf spark.some.key=value.');
  return [kv.slice(0, i).trim(), kv.slice(i + 1)];
}

function appendList(conf: SourcedMap, key: string, value: string | undefined, source: string): void {
  if (!value) return;
  const existing = conf.get(key);
  conf.set(key, existing ? `${existing},${value}` : value, existing ? `${conf.sourceOf(key)} + ${source}` : source);
}

export function resolveSparkConf(flags: SubmitFlags, target: Pick<ClusterTarget, 'profileSparkConf' | 'name'>, env: NodeJS.ProcessEnv): SourcedMap {
  const conf = new SourcedMap();
  if (flags.propertiesFile) {
    for (const e of loadSparkProperties(flags.propertiesFile)) conf.set(e.key, e.value, `${flags.propertiesFile}:${e.line}`);
  } else {
    const dir = sparkConfDir(env);
    const defaults = dir ? path.join(dir, 'spark-defaults.conf') : undefined;
    if (defaults && fs.existsSync(defaults)) {
      for (const e of loadSparkProperties(defaults)) conf.set(e.key, e.value, `${defaults}:${e.line}`);
    }
  }
  for (const [k, v] of target.profileSparkConf) conf.set(k, v, `cluster profile ${target.name}`);
  for (const kv of flags.conf) {
    const [k, v] = parseConfFlag(kv);
    conf.set(k, v, `--conf ${k}`);
  }
  const dedicated: [string | undefined, string, string][] = [
    [flags.name, 'spark.app.name', '--name'],
    [flags.queue, 'spark.yarn.queue', '--queue'],
    [flags.numExecutors, 'spark.executor.instances', '--num-executors'],
    [flags.executorMemory, 'spark.executor.memory', '--executor-memory'],
    [flags.executorCores, 'spark.executor.cores', '--executor-cores'],
    [flags.driverMemory, 'spark.driver.memory', '--driver-memory'],
    [flags.driverCores, 'spark.driver.cores', '--driver-cores'],
    // SparkSubmitArguments.loadEnvironmentArguments: `Option(driverExtraJavaOptions).orElse(sparkProperties.get(DRIVER_JAVA_OPTIONS))`,
    // then SparkSubmit's OptionAssigner(args.driverExtra…, ALL_CLUSTER_MGRS, ALL_DEPLOY_MODES, confKey = DRIVER_…):
    // the flag replaces (does not extend) a --conf or spark-defaults value.
    [flags.driverJavaOptions, 'spark.driver.extraJavaOptions', '--driver-java-options'],
    [flags.driverClassPath, 'spark.driver.extraClassPath', '--driver-class-path'],
    [flags.driverLibraryPath, 'spark.driver.extraLibraryPath', '--driver-library-path'],
    // SparkSubmitArguments: packages/repositories/packagesExclusions = Option(flag).orElse(sparkProperties.get(JAR_PACKAGES/JAR_REPOSITORIES/JAR_PACKAGES_EXCLUSIONS)).
    [flags.packages, 'spark.jars.packages', '--packages'],
    [flags.repositories, 'spark.jars.repositories', '--repositories'],
    [flags.excludePackages, 'spark.jars.excludes', '--exclude-packages'],
    // SparkSubmitArguments: principal/keytab = Option(flag).orElse(sparkProperties.get(PRINCIPAL/KEYTAB)), then OptionAssigner(args.principal/keytab, …, confKey = PRINCIPAL/KEYTAB).
    [flags.principal, 'spark.kerberos.principal', '--principal'],
    [flags.keytab, 'spark.kerberos.keytab', '--keytab'],
  ];
  for (const [value, key, flag] of dedicated) if (value !== undefined) conf.set(key, value, flag);
  if (flags.sparkVersion !== undefined) conf.set(SPARK_VERSION_KEY, flags.sparkVersion, '--spark-version');
  // --java-home: the JAVA_HOME the AM's {{JAVA_HOME}}/bin/java and the executors' launch commands expand to.
  if (flags.javaHome !== undefined) for (const key of ['spark.yarn.appMasterEnv.JAVA_HOME', 'spark.executorEnv.JAVA_HOME']) conf.set(key, flags.javaHome, '--java-home');
  appendList(conf, 'spark.yarn.dist.jars', flags.jars, '--jars');
  appendList(conf, 'spark.yarn.dist.files', flags.files, '--files');
  appendList(conf, 'spark.yarn.dist.archives', flags.archives, '--archives');
  appendList(conf, 'spark.yarn.dist.pyFiles', flags.pyFiles, '--py-files');
  return conf;
}

/** Memory, cores and executor counts by Spark's rules, each error naming the flag or file it came from. */
export function checkSparkResources(conf: SourcedMap): void {
  checkResourceSettings(conf.toMap(), (key) => conf.sourceOf(key));
}

/**
 * spark-submit flags that exist for other cluster managers (SparkSubmitArguments: "Spark standalone
 * or Mesos with cluster deploy mode only" / "Spark standalone, Mesos and Kubernetes only"): refused
 * with what does the same on YARN, before anything touches the cluster.
 */
export function checkYarnOnlyFlags(flags: SubmitFlags): void {
  const refuse = (flag: string, why: string, instead: string) => {
    throw new UsageError(`${flag} ${why}, not YARN`, instead);
  };
  if (flags.supervise) refuse('--supervise', 'restarts a failed driver on Spark standalone and Mesos', 'On YARN a failed AM is retried by YARN itself: --conf spark.yarn.maxAppAttempts=2 (at most yarn.resourcemanager.am.max-attempts).');
  if (flags.totalExecutorCores !== undefined) refuse('--total-executor-cores', 'caps the cores of an application on Spark standalone, Mesos and Kubernetes', 'On YARN ask for executors and their cores: --num-executors N --executor-cores C (or dynamic allocation with spark.dynamicAllocation.maxExecutors).');
  if (flags.kill !== undefined) refuse('--kill', 'kills a driver submitted to Spark standalone or Mesos', `On YARN: apx kill ${/^application_/.test(flags.kill) ? flags.kill : '<application id>'}`);
  if (flags.remote !== undefined) refuse('--remote', 'connects to a Spark Connect server (sc://…)', 'apx submits the application itself to YARN; to use Spark Connect, point your client at the server with spark-submit or pyspark --remote.');
  if (flags.status !== undefined) refuse('--status', 'asks Spark standalone or Mesos about a driver', `On YARN: apx status ${/^application_/.test(flags.status) ? flags.status : '<application id>'}`);
}

/** spark-submit only goes to YARN in cluster mode here; anything else is said plainly. */
export function checkMasterAndMode(flags: SubmitFlags, conf: SourcedMap): void {
  const master = flags.master ?? conf.get('spark.master');
  if (master !== undefined && master !== 'yarn') {
    throw new UsageError(`master '${master}' is not supported: apx submits to YARN only`, 'Use --master yarn (or leave it out).');
  }
  const mode = flags.deployMode ?? conf.get('spark.submit.deployMode');
  if (mode !== undefined && mode !== 'cluster') {
    throw new UsageError(`deploy mode '${mode}' is not supported: apx runs the driver on the cluster (yarn-cluster mode)`, 'Use --deploy-mode cluster (or leave it out); client mode needs a local JVM, use spark-submit for it.');
  }
}

export function buildSubmission(primary: string, appArgs: string[], flags: SubmitFlags, conf: SourcedMap, target: Pick<ClusterTarget, 'user' | 'pySparkArchives' | 'proxyUser' | 'auth'>, env: NodeJS.ProcessEnv, cwd: string): SparkSubmission {
  const c = classify(primary, cwd);
  const kind: SparkSubmission['kind'] = c.path.endsWith('.py') ? 'python' : 'jar';
  const sparkHome = env.SPARK_HOME || undefined;
  const pySparkArchives = kind === 'python' ? findPySparkArchives(env, target.pySparkArchives) : undefined;
  const amKeytab = keytabForAm(conf, target, cwd);
  const sparkVersion = sparkVersionOf(conf, env)?.version;
  const preferIPv6 = env.SPARK_PREFER_IPV6?.trim().toLowerCase() === 'true';
  const channelLibs = conf.get('spark.apx.channel') === 'false' ? undefined : channelLibraries(kind);
  return { primaryResource: c.scheme === 'file' ? c.path : primary, kind, mainClass: flags.class, appArgs, conf: shippedConf(conf), user: target.proxyUser ?? target.user, sparkHome, pySparkArchives, amKeytab, sparkVersion, preferIPv6, sparkConfDir: sparkConfDir(env), channelLibs };
}

/**
 * What the AM's configuration gets. SparkSubmit assigns --packages, --repositories and
 * --exclude-packages to spark.jars.* only for STANDALONE | MESOS | KUBERNETES cluster mode (its
 * OptionAssigners): on YARN the flags are resolved on the client and leave no setting behind. The
 * same settings given with --conf or spark-defaults stay, as in Spark.
 */
function shippedConf(conf: SourcedMap): Map<string, string> {
  const out = conf.toMap();
  for (const [key, flag] of [['spark.jars.packages', '--packages'], ['spark.jars.repositories', '--repositories'], ['spark.jars.excludes', '--exclude-packages']] as const) {
    if (conf.sourceOf(key) === flag) out.delete(key);
  }
  return out;
}

/** The channel libraries the build made (dist/jvm, dist/python), those present: a build without a JDK has no jar. */
function channelLibraries(kind: SparkSubmission['kind']): string[] | undefined {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const libs = [path.join(root, 'dist', 'jvm', 'apx-channel.jar'), ...(kind === 'python' ? [path.join(root, 'dist', 'python', 'apx-channel.zip')] : [])];
  const present = libs.filter((f) => fs.existsSync(f));
  return present.length ? present : undefined;
}

/** Spark's Client.findPySparkArchives: PYSPARK_ARCHIVES_PATH, else $SPARK_HOME/python/lib/{pyspark.zip, py4j-*-src.zip} (or the profile's). */
export function findPySparkArchives(env: NodeJS.ProcessEnv, fromProfile?: string[]): string[] {
  if (env.PYSPARK_ARCHIVES_PATH) return env.PYSPARK_ARCHIVES_PATH.split(',').map((s) => s.trim()).filter(Boolean);
  if (!env.SPARK_HOME && fromProfile?.length) return fromProfile;
  if (!env.SPARK_HOME) {
    throw new UsageError('a PySpark application needs pyspark.zip and py4j, and apx cannot find them', 'Set SPARK_HOME to a local Spark distribution, or PYSPARK_ARCHIVES_PATH to their location on the cluster (local:/… or hdfs:/…).');
  }
  const lib = path.join(env.SPARK_HOME, 'python', 'lib');
  if (!fs.existsSync(path.join(lib, 'pyspark.zip'))) {
    throw new UsageError(`${path.join(lib, 'pyspark.zip')} not found; cannot run a PySpark application on YARN`, 'Point SPARK_HOME at a Spark distribution, or set PYSPARK_ARCHIVES_PATH (e.g. local:/opt/spark/python/lib/pyspark.zip,local:/opt/spark/python/lib/py4j-0.10.9.7-src.zip).');
  }
  const py4j = fs.readdirSync(lib).find((f) => /^py4j-.*-src\.zip$/.test(f));
  if (!py4j) throw new UsageError(`no py4j-*-src.zip in ${lib}; cannot run a PySpark application on YARN`);
  return [path.join(lib, 'pyspark.zip'), path.join(lib, py4j)];
}
