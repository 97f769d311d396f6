/**
 * Which Spark apx builds a launch context for, and what each release's YARN client does differently.
 * Every difference is one named trait below, with the Spark source it follows; launch-context.ts asks
 * the traits, never the version number. Sources: resource-managers/yarn/.../Client.scala
 * (createContainerLaunchContext, setupLaunchEnv, populateClasspath, appStagingBaseDir),
 * ApplicationMasterArguments.scala, launcher/.../JavaModuleOptions.java, yarn/config.scala.
 */
import { UsageError } from '../errors.js';

export interface SparkVersion {
  major: number;
  minor: number;
  patch: number;
}

/** With no version known apx builds Spark 3.5's context (the newest 3.5 patch line: 3.5.1+). */
export const DEFAULT_SPARK_VERSION: SparkVersion = { major: 3, minor: 5, patch: 1 };

/** The oldest and newest lines apx knows the launch context of. */
const OLDEST: SparkVersion = { major: 2, minor: 4, patch: 0 };
const NEWEST_MAJOR = 4;

/** "3.4.1", "3.4", "4.0.0-preview2", "2.4.8" → a version; anything else → undefined. */
export function parseSparkVersion(text: string): SparkVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?\s*$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function formatSparkVersion(v: SparkVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: SparkVersion, b: SparkVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

function atLeast(v: SparkVersion, major: number, minor: number, patch = 0): boolean {
  return compareVersions(v, { major, minor, patch }) >= 0;
}

/** A version apx can build for, or a usage error naming where the bad value came from. */
export function checkSupported(v: SparkVersion, source: string): SparkVersion {
  if (compareVersions(v, OLDEST) < 0 || v.major > NEWEST_MAJOR) {
    throw new UsageError(
      `Spark ${formatSparkVersion(v)} (${source}) is not supported: apx builds launch contexts for Spark 2.4 to 4.x`,
      'Set the version of the Spark the cluster runs with --spark-version X.Y.Z (or spark.apx.sparkVersion).',
    );
  }
  return v;
}

/** JavaModuleOptions.DEFAULT_MODULE_OPTIONS (since 3.3, SPARK-37106): the --add-opens every JVM gets. */
const OPENS = (pkgs: string[]) => pkgs.map((p) => `--add-opens=java.base/${p}=ALL-UNNAMED`);
const BASE_OPENS_HEAD = ['java.lang', 'java.lang.invoke', 'java.lang.reflect', 'java.io', 'java.net', 'java.nio', 'java.util', 'java.util.concurrent', 'java.util.concurrent.atomic'];
const BASE_OPENS_TAIL = ['sun.nio.ch', 'sun.nio.cs', 'sun.security.action', 'sun.util.calendar'];
const KRB5_OPENS = '--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED';

/** The module options of a release, in JavaModuleOptions' order. */
export function javaModuleOptions(v: SparkVersion): string[] {
  if (!atLeast(v, 3, 3)) return []; // Client.scala before v3.3.0 adds no module options.
  // JavaModuleOptions (v4.0.0): --add-modules=jdk.incubator.vector second.
  const vector = atLeast(v, 4, 0) ? ['--add-modules=jdk.incubator.vector'] : [];
  // SPARK-45508 (v3.5.1, v4.0.0): --add-opens=java.base/jdk.internal.ref after java.util.concurrent.atomic.
  const internalRef = atLeast(v, 3, 5, 1) ? ['jdk.internal.ref'] : [];
  const opens = OPENS([...BASE_OPENS_HEAD, ...internalRef, ...BASE_OPENS_TAIL]);
  // SPARK-40729 (v3.4.0): -Djdk.reflect.useDirectMethodHandle=false; still there in v4.1 (removed by SPARK-55996, after 4.1).
  const directHandle = atLeast(v, 3, 4) ? ['-Djdk.reflect.useDirectMethodHandle=false'] : [];
  // SPARK-47610 (v4.0.0): -Dio.netty.tryReflectionSetAccessible=true.
  const netty = atLeast(v, 4, 0) ? ['-Dio.netty.tryReflectionSetAccessible=true'] : [];
  // v4.1.0 (Netty 4.2): the pooled allocator and no endpoint verification by default; SPARK-51210: native access.
  const netty42 = atLeast(v, 4, 1)
    ? ['-Dio.netty.allocator.type=pooled', '-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE', '--enable-native-access=ALL-UNNAMED']
    : [];
  return ['-XX:+IgnoreUnrecognizedVMOptions', ...vector, ...opens, KRB5_OPENS, ...directHandle, ...netty, ...netty42];
}

/** Client.scala (v2.4.0–v3.3.x) createContainerLaunchContext: with SPARK_USE_CONC_INCR_GC=true in the AM env. */
export const CONC_INCR_GC_OPTIONS = [
  '-XX:+UseConcMarkSweepGC', '-XX:MaxTenuringThreshold=31', '-XX:SurvivorRatio=8', '-XX:+CMSIncrementalMode',
  '-XX:+CMSIncrementalPacing', '-XX:CMSIncrementalDutyCycleMin=0', '-XX:CMSIncrementalDutyCycle=10',
];

/** What one Spark release's YARN client puts into the AM's launch context. */
export interface LaunchTraits {
  version: SparkVersion;
  /** JavaModuleOptions.defaultModuleOptions(), the AM's first JVM options from 3.3. */
  moduleOptions: string[];
  /** Client.scala (v3.4.0): `-Djava.net.preferIPv6Addresses=<Utils.preferIPv6>` first, and SPARK_PREFER_IPV6 in the AM env. */
  preferIPv6: boolean;
  /** Client.scala up to v3.3.x: the CMS options when the AM env has SPARK_USE_CONC_INCR_GC=true (gone in v3.4.0). */
  concIncrGc: boolean;
  /** Client.scala (v3.0.0): `--dist-cache-conf` and __spark_dist_cache__.properties; a 2.4 AM refuses the flag. */
  distCacheConf: boolean;
  /** Client.scala (v4.0.0) setupLaunchEnv: SPARK_USER only when spark.yarn.appMasterEnv.SPARK_USER is absent. */
  sparkUserOnlyIfAbsent: boolean;
  /** config DRIVER_MEMORY_OVERHEAD_FACTOR (v3.3.0, SPARK-38194): spark.driver.memoryOverheadFactor; before, a fixed 0.10. */
  overheadFactorSetting: boolean;
  /** config DRIVER_MIN_MEMORY_OVERHEAD (v4.0.0, SPARK-47208): spark.driver.minMemoryOverhead instead of a fixed 384 MiB. */
  minMemoryOverheadSetting: boolean;
  /** Client.scala (v3.0.0) appStagingBaseDir: spark.yarn.stagingDir/<user>; v2.4 uses spark.yarn.stagingDir itself. */
  stagingDirPerUser: boolean;
  /**
   * spark.yarn.populateHadoopClasspath's default: v2.4 always adds yarn.application.classpath (the setting,
   * SPARK-31582, exists from 2.4.6 and 3.0.0 with default true); SPARK-31960 (merged June 2020, after the
   * 3.0.0 release candidates: taken as v3.0.1) makes it false for a Spark built with Hadoop.
   */
  populateHadoopClasspathDefault: boolean;
}

export function launchTraits(v: SparkVersion = DEFAULT_SPARK_VERSION): LaunchTraits {
  return {
    version: v,
    moduleOptions: javaModuleOptions(v),
    preferIPv6: atLeast(v, 3, 4),
    concIncrGc: !atLeast(v, 3, 4),
    distCacheConf: atLeast(v, 3, 0),
    sparkUserOnlyIfAbsent: atLeast(v, 4, 0),
    overheadFactorSetting: atLeast(v, 3, 3),
    minMemoryOverheadSetting: atLeast(v, 4, 0),
    stagingDirPerUser: atLeast(v, 3, 0),
    populateHadoopClasspathDefault: !atLeast(v, 3, 0, 1),
  };
}

/**
 * ApplicationMasterArguments.parseArgs per release: the flags each AM accepts (anything else ends it
 * with "Unknown/unsupported param"). v2.4.0: --jar --class --primary-py-file --primary-r-file --arg
 * --properties-file; v3.0.0 adds --dist-cache-conf.
 */
export function amFlags(v: SparkVersion): string[] {
  const flags = ['--jar', '--class', '--primary-py-file', '--primary-r-file', '--arg', '--properties-file'];
  return atLeast(v, 3, 0) ? [...flags, '--dist-cache-conf'] : flags;
}

/**
 * Client.createConfArchive: the logging and metrics configuration found first on spark-submit's
 * classpath ($SPARK_CONF_DIR) goes to the root of __spark_conf__.zip, on the AM's classpath. Up to
 * v3.2 log4j 1 (log4j.properties); v3.3.0 moved to log4j 2 (SPARK-37814: log4j2.properties); v4.0.0
 * takes every log4j 2 format (yaml, yml, json, jsn, xml, properties).
 */
export function loggingConfFiles(v: SparkVersion): string[] {
  const log4j = !atLeast(v, 3, 3) ? ['log4j.properties']
    : !atLeast(v, 4, 0) ? ['log4j2.properties']
    : ['log4j2.yaml', 'log4j2.yml', 'log4j2.json', 'log4j2.jsn', 'log4j2.xml', 'log4j2.properties'];
  return [...log4j, 'metrics.properties'];
}

/** Spark 4 runs on Java 17 and later only (docs/index.md v4.0.0: "Spark runs on Java 17/21"). */
export function needsJava17(v: SparkVersion): boolean {
  return v.major >= 4;
}

/** The names under which a release's AM reads the Kerberos login (--principal/--keytab). */
export interface KerberosLoginKeys {
  principal: string;
  keytab: string;
}

/**
 * yarn/config.scala v2.4.0: PRINCIPAL = spark.yarn.principal, KEYTAB = spark.yarn.keytab (SparkSubmit
 * assigns --principal/--keytab to them, Client.createConfArchive writes the AM's keytab name there);
 * from v3.0.0 (SPARK-25372) core config's spark.kerberos.principal/keytab, the spark.yarn.* names
 * kept only as alternatives.
 */
export function kerberosLoginKeys(v: SparkVersion = DEFAULT_SPARK_VERSION): KerberosLoginKeys {
  return atLeast(v, 3, 0)
    ? { principal: 'spark.kerberos.principal', keytab: 'spark.kerberos.keytab' }
    : { principal: 'spark.yarn.principal', keytab: 'spark.yarn.keytab' };
}
