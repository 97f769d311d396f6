/**
 * Launching an attempt's AM the way a NodeManager and Spark's ApplicationMaster would, so that a
 * submission that would fail on a real cluster fails here too, with the real wording:
 * localization (missing file, timestamp changed, not public, an archive Hadoop cannot unpack), the
 * launch shell, the JVM's classpath, ApplicationMasterArguments, the __spark_conf__ archive, and the
 * YARN settings the AM reads.
 */
import path from 'node:path';
import type { LocalResource, SubmissionBody } from '../yarn/types.js';
import { parseProperties } from '../config/properties.js';
import { HadoopConf, parseHadoopXml } from '../config/hadoop-xml.js';
import type { HdfsStore } from './hdfs-store.js';
import { expandNodeManagerMarkers, launchWithRealShell, RECORDED_NODE_JDKS, type NodeJdk } from './node-manager-launch.js';
import { unpackArchive, type Unpacked } from './archive-unpack.js';
import { ZipStreamError } from './zip-stream.js';

import { AM_CLASS } from '../spark/launch-context.js';
import { DEFAULT_SPARK_VERSION, amFlags, needsJava17, parseSparkVersion, type SparkVersion } from '../spark/versions.js';
import { amKeytabLoginFailure } from './am-keytab.js';

export type LaunchOutcome =
  | { ok: true; args: AmArguments; sparkConf: Map<string, string>; stderr: string[]; confFiles: Map<string, Buffer> }
  | { ok: false; exitCode: number; diagnostics: string; stderr: string[] };

export interface AmArguments {
  userClass?: string;
  userJar?: string;
  primaryPyFile?: string;
  userArgs: string[];
  propertiesFile?: string;
  distCacheConf?: string;
}

const LOCALIZATION_FAILED = -1000;

function stamp(): string {
  return `[${new Date().toISOString().replace('T', ' ').replace('Z', '')}]`;
}

function isoLocal(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function hdfsPathOf(resource: string): string | undefined {
  const m = /^hdfs:\/\/[^/]*(\/.*)$/.exec(resource) ?? /^(\/.*)$/.exec(resource);
  return m?.[1] ? decodeURI(m[1]) : undefined;
}

/**
 * LocalizedResource.toString as the NodeManager's public localizer logs a failed download
 * (ResourceLocalizationService.PublicLocalizer): "Failed to download resource <it> <the exception>"; the
 * number is the resource's System.nanoTime() reference time. Shape recorded in
 * shared/hadoop-3.3.6/localization/rm-app-report-failed-archive-unpack.http.
 */
function publicDownloadFailed(value: LocalResource, containerId: string, exception: string): string {
  return `Failed to download resource { { ${value.resource}, ${value.timestamp}, ${value.type}, null },pending,[(${containerId})],${process.hrtime.bigint()},DOWNLOADING} ${exception}`;
}

/**
 * A PRIVATE/APPLICATION resource is downloaded by the ContainerLocalizer, which sends the exception
 * serialized (SerializedExceptionPBImpl.init: message, printStackTrace as trace), and the report
 * shows message, then trace, as the recorded "changed on src filesystem" report does. The unpack
 * failure itself was recorded for a PUBLIC resource only: this follows that shape, frames left out.
 */
function privateDownloadFailed(message: string, cause: string): string {
  return `${message}\norg.apache.hadoop.yarn.exceptions.YarnException: ${message}\nCaused by: ${cause}`;
}

const UNPACK_FAILED = 'Download and unpack failed';

interface Localized {
  error?: string;
  /** What each ARCHIVE resource unpacked to, by link name. */
  unpacked: Map<string, Unpacked>;
}

/**
 * NodeManager localization (FSDownload.verifyAndCopy, then downloadAndUnpack): every resource must
 * exist, match its timestamp, honour its visibility, and an ARCHIVE must unpack as Hadoop unpacks it.
 */
async function localize(store: HdfsStore, entries: { key: string; value: LocalResource }[], containerId: string): Promise<Localized> {
  const unpacked = new Map<string, Unpacked>();
  for (const { key, value } of entries) {
    const p = hdfsPathOf(value.resource);
    const node = p ? store.lookup(p) : undefined;
    if (!p || !node || node.type !== 'FILE') {
      return { unpacked, error: `File does not exist: ${value.resource}\njava.io.FileNotFoundException: File does not exist: ${value.resource}\n\tat org.apache.hadoop.hdfs.DistributedFileSystem$29.doCall(DistributedFileSystem.java:1756)` };
    }
    if (node.modificationTime !== value.timestamp) {
      const msg = `Resource ${value.resource} changed on src filesystem - expected: "${isoLocal(value.timestamp)}", was: "${isoLocal(node.modificationTime)}", current time: "${isoLocal(Date.now())}"`;
      return { unpacked, error: `${msg}\njava.io.IOException: ${msg}\n\tat org.apache.hadoop.yarn.util.FSDownload.verifyAndCopy(FSDownload.java:282)` };
    }
    if (value.visibility === 'PUBLIC' && !store.isPublic(node)) {
      const msg = `Resource ${value.resource} is not publicly accessible and as such cannot be part of the public cache.`;
      return { unpacked, error: `${msg}\njava.io.IOException: ${msg}\n\tat org.apache.hadoop.yarn.util.FSDownload.verifyAndCopy(FSDownload.java:291)` };
    }
    if (value.type !== 'ARCHIVE') continue;
    try {
      unpacked.set(key, await unpackArchive(path.posix.basename(p), store.read(node)));
    } catch (e) {
      const cause = e instanceof ZipStreamError ? e.toString() : `java.io.IOException: ${(e as Error).message}`;
      const yarn = `org.apache.hadoop.yarn.exceptions.YarnException: ${UNPACK_FAILED}`;
      return { unpacked, error: value.visibility === 'PUBLIC' ? publicDownloadFailed(value, containerId, yarn) : privateDownloadFailed(UNPACK_FAILED, cause) };
    }
  }
  return { unpacked };
}

/**
 * ApplicationMasterArguments.parseArgs of the AM's release: a flag it does not know (or one without
 * its value) ends the AM with the rest of the argument list, printed as the Scala List it is.
 */
function parseAmArguments(args: string[], version: SparkVersion): AmArguments | { unknown: string[] } {
  const out: AmArguments = { userArgs: [] };
  const known = amFlags(version);
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i] as string;
    const value = args[i + 1];
    if (value === undefined || !known.includes(flag)) return { unknown: args.slice(i) };
    switch (flag) {
      case '--jar': out.userJar = value; break;
      case '--class': out.userClass = value; break;
      case '--primary-py-file': out.primaryPyFile = value; break;
      case '--arg': out.userArgs.push(value); break;
      case '--properties-file': out.propertiesFile = value; break;
      case '--dist-cache-conf': out.distCacheConf = value; break;
      case '--primary-r-file': break;
      default: return { unknown: args.slice(i) };
    }
  }
  return out;
}

/** printUsageAndExit's text (ApplicationMasterArguments v2.4.0 to v3.x; it begins with an empty line). */
const AM_USAGE = `
Usage: org.apache.spark.deploy.yarn.ApplicationMaster [options]
Options:
  --jar JAR_PATH       Path to your application's JAR file
  --class CLASS_NAME   Name of your application's main class
  --primary-py-file    A main Python file
  --primary-r-file     A main R file
  --arg ARG            Argument to be passed to your application's main class.
                       Multiple invocations are possible, each will be passed in order.
  --properties-file FILE Path to a custom Spark properties file.`;

/**
 * The release of the Spark the AM runs: whatever spark-core/spark-yarn jar its __spark_libs__ brings
 * (an archive, or spark.yarn.jars links). Spark on the nodes (local: paths) cannot be looked into:
 * taken as the default release.
 */
function amSparkVersion(resourceByLink: Map<string, LocalResource>, unpacked: Map<string, Unpacked>): SparkVersion {
  const names = [...resourceByLink.keys()].filter((k) => k.startsWith('__spark_libs__/')).map((k) => k.slice('__spark_libs__/'.length));
  const archive = unpacked.get('__spark_libs__');
  if (archive?.kind === 'zip') names.push(...archive.files.keys());
  for (const name of names) {
    const m = /^(?:.*\/)?spark-(?:core|yarn)_\d+\.\d+-([^/]+)\.jar$/.exec(name);
    const v = m?.[1] ? parseSparkVersion(m[1]) : undefined;
    if (v) return v;
  }
  return DEFAULT_SPARK_VERSION;
}

/**
 * The AM class compiled for a newer Java than the node's (Spark 4: class file version 61, Java 17):
 * what the JDK launcher prints. Java 9+ (LauncherHelper) says LinkageError — checked against a real
 * JDK 17 in test/minicluster/jvm-messages.test.ts; Java 8's launcher adds its JNI line instead (not
 * checked: no Java 8 here).
 */
export function unsupportedClassVersion(feature: number, classMajor = 61): string[] {
  const detail = `java.lang.UnsupportedClassVersionError: org/apache/spark/deploy/yarn/ApplicationMaster has been compiled by a more recent version of the Java Runtime (class file version ${classMajor}.0), this version of the Java Runtime only recognizes class file versions up to ${44 + feature}.0`;
  return feature <= 8
    ? ['Error: A JNI error has occurred, please check your installation and try again', `Exception in thread "main" ${detail}`]
    : [`Error: LinkageError occurred while loading main class ${AM_CLASS}`, `\t${detail}`];
}

/** Checks the launch of one attempt's AM container `containerId` on a node with `nodeJdks`. */
export async function launchAm(store: HdfsStore, submission: SubmissionBody, containerId: string, credentialsCheck?: () => string | undefined, nodeJdks: NodeJdk[] = RECORDED_NODE_JDKS): Promise<LaunchOutcome> {
  const spec = submission['am-container-spec'];
  const resources = spec['local-resources']?.entry ?? [];
  const envEntries = spec.environment?.entry ?? [];
  const env = new Map(envEntries.map((e) => [e.key, e.value]));
  const failed = (exitCode: number, diagnostics: string, stderr: string[] = []): LaunchOutcome => ({ ok: false, exitCode, diagnostics, stderr });

  const credentialsError = resources.length ? credentialsCheck?.() : undefined;
  if (credentialsError) return failed(LOCALIZATION_FAILED, `${stamp()}${credentialsError}`);
  const localized = await localize(store, resources, containerId);
  if (localized.error) return failed(LOCALIZATION_FAILED, `${stamp()}${localized.error}`);

  const resourceByLink = new Map(resources.map((r) => [r.key, r.value]));
  const conf = localized.unpacked.get('__spark_conf__');
  const confFiles = conf?.kind === 'zip' ? conf.files : new Map<string, Buffer>();

  const containerEnv: Record<string, string> = {};
  for (const [k, v] of env) containerEnv[k] = expandNodeManagerMarkers(v, '/tmp/logs');
  const launch = await launchWithRealShell(spec.commands?.command ?? '', containerEnv, nodeJdks);
  if (!launch.argv) {
    const stderr = launch.shellError.split('\n').filter(Boolean);
    return failed(launch.exitCode, containerExit(launch.exitCode, stderr), stderr);
  }
  const javaArgs = launch.argv;
  const mainIndex = javaArgs.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && ['-cp', '-classpath'].includes(javaArgs[i - 1] as string)));
  const mainClass = javaArgs[mainIndex];
  const classpath = env.get('CLASSPATH') ?? '';
  const hasSparkLibs =
    (classpath.includes('{{PWD}}/__spark_libs__/*') && [...resourceByLink.keys()].some((k) => k === '__spark_libs__' || k.startsWith('__spark_libs__/'))) ||
    /(^|<CPS>)\/[^<]*spark[^<]*\/jars\/\*/.test(classpath) || classpath.split('<CPS>').some((e) => e.startsWith('/') && /spark/.test(e));
  if (mainClass !== AM_CLASS || !hasSparkLibs) {
    const stderr = [`Error: Could not find or load main class ${mainClass ?? ''}`, `Caused by: java.lang.ClassNotFoundException: ${mainClass ?? ''}`];
    return failed(1, containerExit(1, stderr), stderr);
  }
  const sparkVersion = amSparkVersion(resourceByLink, localized.unpacked);
  if (needsJava17(sparkVersion) && (launch.javaFeature ?? 17) < 17) {
    const stderr = unsupportedClassVersion(launch.javaFeature as number);
    return failed(1, containerExit(1, stderr), stderr);
  }
  const parsed = parseAmArguments(javaArgs.slice(mainIndex + 1), sparkVersion);
  if ('unknown' in parsed) {
    const stderr = [`Unknown/unsupported param List(${parsed.unknown.join(', ')})`, ...AM_USAGE.split('\n')];
    return failed(1, containerExit(1, stderr), stderr);
  }

  const propsName = parsed.propertiesFile?.replace(/^.*\/__spark_conf__\//, '');
  const propsBytes = propsName && parsed.propertiesFile?.includes('/__spark_conf__/') ? confFiles.get(propsName) : undefined;
  if (!propsBytes) {
    const stderr = [`Exception in thread "main" java.lang.IllegalArgumentException: requirement failed: Properties file ${parsed.propertiesFile ?? '(none)'} does not exist`];
    return failed(1, containerExit(1, stderr), stderr);
  }
  const sparkConf = new Map(parseProperties(propsBytes.toString('utf8')).map((e) => [e.key, e.value.trim()]));
  const keytabFailure = amKeytabLoginFailure(sparkConf, new Set(resourceByLink.keys()), sparkVersion);
  if (keytabFailure) return failed(1, containerExit(1, keytabFailure), keytabFailure);
  const distName = parsed.distCacheConf?.replace(/^.*\/__spark_conf__\//, '');
  // A 2.4 AM has no such file: it reads the cache entries from the Spark configuration (ApplicationMaster v2.4.0).
  const hasDistCacheFile = amFlags(sparkVersion).includes('--dist-cache-conf');
  if (hasDistCacheFile && (!distName || !confFiles.has(distName))) {
    const stderr = [`Exception in thread "main" java.lang.IllegalArgumentException: requirement failed: Properties file ${parsed.distCacheConf ?? '(none)'} does not exist`];
    return failed(1, containerExit(1, stderr), stderr);
  }

  const yarnSite = confFiles.get('__hadoop_conf__/yarn-site.xml');
  const yarnConf = new HadoopConf({});
  if (yarnSite) yarnConf.add(parseHadoopXml(yarnSite.toString('utf8'), 'yarn-site.xml'));
  if (!yarnConf.get('yarn.resourcemanager.scheduler.address') && !yarnConf.get('yarn.resourcemanager.hostname')) {
    // A real multi-node cluster retries 0.0.0.0:8030 for a long time; the mini cluster fails fast.
    const stderr = [
      'INFO DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at /0.0.0.0:8030',
      'INFO Client: Retrying connect to server: 0.0.0.0/0.0.0.0:8030. Already tried 9 time(s)',
      'ERROR ApplicationMaster: Uncaught exception: java.net.ConnectException: Call From localhost to 0.0.0.0:8030 failed on connection exception: java.net.ConnectException: Connection refused',
      'hint (mini cluster): __spark_conf__/__hadoop_conf__/yarn-site.xml must name yarn.resourcemanager.scheduler.address',
    ];
    return failed(13, containerExit(13, stderr), stderr);
  }

  const isPython = parsed.primaryPyFile !== undefined;
  const primaryMissing = isPython
    ? !resourceByLink.has(parsed.primaryPyFile as string)
    : !parsed.userClass || (!resourceByLink.has('__app__.jar') && !parsed.userJar?.startsWith('local:'));
  if (primaryMissing) {
    const what = isPython ? `python: can't open file '${parsed.primaryPyFile}': [Errno 2] No such file or directory` : `java.lang.ClassNotFoundException: ${parsed.userClass ?? '(no --class)'}`;
    const stderr = [`ERROR ApplicationMaster: Uncaught exception: ${what}`];
    return failed(13, containerExit(13, stderr), stderr);
  }
  return { ok: true, args: parsed, sparkConf, stderr: [], confFiles };
}

/** The "Exception from container-launch" diagnostics block YARN adds for a non-zero exit. */
export function containerExit(exitCode: number, stderr: string[]): string {
  return `${stamp()}Exception from container-launch.\nExit code: ${exitCode}\n\n${stamp()}Container exited with a non-zero exit code ${exitCode}. Error file: prelaunch.err.\nLast 4096 bytes of prelaunch.err :\nLast 4096 bytes of stderr :\n${stderr.join('\n')}\n`;
}
