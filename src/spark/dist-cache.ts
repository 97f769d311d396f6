/**
 * Which files go to the containers, under which link names — Spark 3.5's Client.prepareLocalResources
 * and ClientDistributedCacheManager, as pure planning. Spark warns and skips a duplicate link name;
 * apx refuses it before anything is uploaded (the second file would silently be missing).
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { confList } from '../config/settings.js';
import type { SparkSubmission } from './submission.js';

/** Spark's names (Client.scala object Client). */
export const LOCALIZED_LIB_DIR = '__spark_libs__';
export const APP_JAR_NAME = '__app__.jar';
export const LOCALIZED_CONF_DIR = '__spark_conf__';
export const LOCALIZED_HADOOP_CONF_DIR = '__hadoop_conf__';
export const LOCALIZED_PYTHON_DIR = '__pyfiles__';
export const SPARK_CONF_FILE = '__spark_conf__.properties';
export const DIST_CACHE_CONF_FILE = '__spark_dist_cache__.properties';
export const SPARK_HADOOP_CONF_FILE = '__spark_hadoop_conf__.xml';
export const LOCALIZED_CONF_ARCHIVE = '__spark_conf__.zip';

export type ResourceRole = 'spark-libs' | 'spark-jar' | 'app-jar' | 'jar' | 'file' | 'archive' | 'py-file' | 'primary-py' | 'pyspark-lib' | 'keytab' | 'channel-lib';

export type ResourceSource =
  /** A file on this machine, to upload (or find in the cache). */
  | { kind: 'local'; path: string }
  /** Already on the cluster's file system (hdfs:, viewfs:, …): used where it is. */
  | { kind: 'remote'; uri: string }
  /** $SPARK_HOME/jars, zipped once per distinct content and cached. */
  | { kind: 'spark-home-jars'; dir: string };

export interface PlannedResource {
  role: ResourceRole;
  source: ResourceSource;
  /** The link name in the container's working directory (the local-resources key). */
  link: string;
  type: 'FILE' | 'ARCHIVE';
  /** The primary .py file is only for the AM (Spark's appMasterOnly). */
  appMasterOnly: boolean;
}

export interface DistributionPlan {
  resources: PlannedResource[];
  /** `local:` jars: already on every node, added to the classpath by path, never shipped. */
  localJars: string[];
  /** Link names (or local: paths) of --jars for the classpath (spark.yarn.secondary.jars). */
  secondaryJars: string[];
  /** PYTHONPATH entries for PySpark, in Spark's order. */
  pythonPath: string[];
  /** Whether the Spark libraries come from the cluster's own install (spark.yarn.archive/jars). */
  sparkFromCluster: boolean;
}

/** file:/x, /x, x → a local path; hdfs://… → remote; local:/x → node-local. */
export function classify(uri: string, cwd: string): { scheme: 'local-node' | 'file' | 'remote'; path: string; fragment?: string } {
  const hash = uri.indexOf('#');
  const fragment = hash >= 0 ? uri.slice(hash + 1) : undefined;
  const bare = hash >= 0 ? uri.slice(0, hash) : uri;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(bare)?.[1]?.toLowerCase();
  if (scheme === 'local') return { scheme: 'local-node', path: bare.replace(/^local:(\/\/)?/, '/').replace(/^\/+/, '/'), fragment };
  if (!scheme || scheme === 'file') {
    const p = scheme ? decodeURIComponent(new URL(bare).pathname) : bare;
    return { scheme: 'file', path: path.resolve(cwd, p), fragment };
  }
  return { scheme: 'remote', path: bare, fragment };
}

function baseName(p: string): string {
  return path.posix.basename(p.replace(/\/+$/, ''));
}

export function planDistribution(sub: SparkSubmission, cwd: string): DistributionPlan {
  const resources: PlannedResource[] = [];
  const localJars: string[] = [];
  const secondaryJars: string[] = [];
  const pythonPath: string[] = [];
  const links = new Map<string, string>();

  const add = (role: ResourceRole, uri: string, type: PlannedResource['type'], opts: { destName?: string; targetDir?: string; appMasterOnly?: boolean } = {}): string | undefined => {
    const c = classify(uri, cwd);
    if (c.scheme === 'local-node') return undefined;
    const name = opts.destName ?? c.fragment ?? baseName(c.path);
    const link = opts.targetDir ? `${opts.targetDir}/${name}` : name;
    const previous = links.get(link);
    // Client.distribute's distributedUris: the same resource listed twice (a --packages jar is both a
    // jar and a py-file of a PySpark app) is shipped once.
    if (previous === uri) return link;
    if (previous !== undefined) {
      throw new UsageError(
        `two resources would both be linked as '${link}' in the containers: ${previous} and ${uri}`,
        'Rename one of the files, or give it another link name with #alias (for example --files data.csv#data2.csv).',
      );
    }
    links.set(link, uri);
    const source: ResourceSource = c.scheme === 'file' ? { kind: 'local', path: c.path } : { kind: 'remote', uri: c.path };
    resources.push({ role, source, link, type, appMasterOnly: opts.appMasterOnly ?? false });
    return link;
  };

  // 1. The Spark libraries: spark.yarn.archive, else spark.yarn.jars, else $SPARK_HOME/jars.
  const archive = sub.conf.get('spark.yarn.archive');
  const sparkJars = confList(sub.conf, 'spark.yarn.jars');
  let sparkFromCluster = false;
  if (archive) {
    sparkFromCluster = classify(archive, cwd).scheme !== 'file';
    add('spark-libs', archive, 'ARCHIVE', { destName: LOCALIZED_LIB_DIR });
  } else if (sparkJars.length > 0) {
    sparkFromCluster = sparkJars.every((j) => classify(j, cwd).scheme !== 'file');
    for (const jar of sparkJars) {
      if (classify(jar, cwd).scheme === 'local-node') continue;
      add('spark-jar', jar, 'FILE', { targetDir: LOCALIZED_LIB_DIR });
    }
  } else if (sub.sparkHome) {
    links.set(LOCALIZED_LIB_DIR, `${sub.sparkHome}/jars`);
    resources.push({ role: 'spark-libs', source: { kind: 'spark-home-jars', dir: path.join(sub.sparkHome, 'jars') }, link: LOCALIZED_LIB_DIR, type: 'ARCHIVE', appMasterOnly: false });
  } else {
    throw new UsageError(
      'apx does not know where the cluster keeps Spark: neither spark.yarn.archive nor spark.yarn.jars is set, and SPARK_HOME is not set',
      'Set spark.yarn.archive (or spark.yarn.jars) to the cluster\'s Spark libraries, e.g. --conf spark.yarn.archive=hdfs:///apps/spark/spark-libs.zip, or set SPARK_HOME to a local Spark to ship its jars once.',
    );
  }

  // 2. The user's jar as __app__.jar (a local: jar stays on the nodes and is named by path).
  if (sub.kind === 'jar') {
    const c = classify(sub.primaryResource, cwd);
    if (c.scheme === 'local-node') localJars.push(c.path);
    else add('app-jar', sub.primaryResource, 'FILE', { destName: APP_JAR_NAME });
  }

  // 3. --jars (on the classpath), --files, --archives.
  for (const jar of confList(sub.conf, 'spark.yarn.dist.jars')) {
    const c = classify(jar, cwd);
    if (c.scheme === 'local-node') {
      localJars.push(c.path);
      secondaryJars.push(`local:${c.path}`);
    } else {
      secondaryJars.push(add('jar', jar, 'FILE') as string);
    }
  }
  for (const file of confList(sub.conf, 'spark.yarn.dist.files')) add('file', file, 'FILE');
  for (const arch of confList(sub.conf, 'spark.yarn.dist.archives')) add('archive', arch, 'ARCHIVE');

  // 4. PySpark: the primary .py (AM only), pyspark.zip + py4j, and --py-files (.py under __pyfiles__).
  if (sub.kind === 'python') {
    add('primary-py', sub.primaryResource, 'FILE', { appMasterOnly: true });
    const pyFiles = confList(sub.conf, 'spark.yarn.dist.pyFiles');
    const archives = [...(sub.pySparkArchives ?? []), ...pyFiles.filter((f) => !f.endsWith('.py'))];
    for (const lib of sub.pySparkArchives ?? []) add('pyspark-lib', lib, 'FILE');
    for (const f of pyFiles) add('py-file', f, 'FILE', f.endsWith('.py') ? { targetDir: LOCALIZED_PYTHON_DIR } : {});
    // Spark's order: __pyfiles__ (when any .py), then the pyspark archives, then the other --py-files.
    if (pyFiles.some((f) => f.endsWith('.py'))) pythonPath.push(`{{PWD}}/${LOCALIZED_PYTHON_DIR}`);
    for (const lib of archives) {
      const c = classify(lib, cwd);
      pythonPath.push(c.scheme === 'local-node' ? c.path : `{{PWD}}/${c.fragment ?? baseName(c.path)}`);
    }
  }

  // 5. apx's channel libraries: the jar with the user's jars (the AM's user class loader), the
  // Python package on PYTHONPATH; content-addressed like every upload, so 0 bytes after the first.
  for (const lib of sub.channelLibs ?? []) {
    if (lib.endsWith('.jar')) secondaryJars.push(add('channel-lib', lib, 'FILE') as string);
    else if (sub.kind === 'python') pythonPath.push(`{{PWD}}/${add('channel-lib', lib, 'FILE') as string}`);
  }

  return { resources, localJars, secondaryJars, pythonPath, sparkFromCluster };
}
