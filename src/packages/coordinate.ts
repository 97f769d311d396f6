/**
 * Maven coordinates as spark-submit takes them (--packages, spark.jars.packages) and the exclusion
 * patterns of --exclude-packages / spark.jars.excludes (SparkSubmitUtils.extractMavenCoordinates).
 */
import { UsageError } from '../errors.js';

export interface Coordinate {
  groupId: string;
  artifactId: string;
  version: string;
  /** From a POM's <classifier> (e.g. a natives or shaded jar); --packages has no classifier, as in Spark. */
  classifier?: string;
}

/** groupId:artifactId — what a conflict is decided on, and what an exclusion names. */
export const moduleKey = (c: Pick<Coordinate, 'groupId' | 'artifactId'>): string => `${c.groupId}:${c.artifactId}`;

/** The conflict key: one version per module and classifier (Maven's g:a:classifier, the jar being the only type shipped). */
export const conflictKey = (c: Coordinate): string => `${moduleKey(c)}${c.classifier ? `:${c.classifier}` : ''}`;

export const coordinateText = (c: Coordinate): string => `${moduleKey(c)}:${c.version}${c.classifier ? `:${c.classifier}` : ''}`;

/**
 * extractMavenCoordinates: comma-separated, '/' accepted for ':', exactly groupId:artifactId:version,
 * none of them empty (Spark 3.5 SparkSubmitUtils; its message, with what to write instead).
 */
export function parseCoordinates(list: string, flag: string): Coordinate[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((p) => {
    const parts = p.replaceAll('/', ':').split(':');
    if (parts.length !== 3 || parts.some((s) => s.trim() === '')) {
      throw new UsageError(`${flag}: '${p}' is not a Maven coordinate`, "Write each as groupId:artifactId:version, comma-separated (e.g. --packages org.apache.spark:spark-avro_2.12:3.5.1).");
    }
    const [groupId, artifactId, version] = parts.map((s) => s.trim()) as [string, string, string];
    return { groupId, artifactId, version };
  });
}

/** One exclusion: groupId:artifactId, either part may be '*' (Maven's wildcard exclusions). */
export interface Exclusion {
  groupId: string;
  artifactId: string;
}

/** --exclude-packages / spark.jars.excludes: groupId:artifactId, comma-separated (SparkSubmitUtils.createExclusion). */
export function parseExclusions(list: string | undefined, flag: string): Exclusion[] {
  if (!list) return [];
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((p) => {
    const parts = p.split(':');
    if (parts.length !== 2 || parts.some((s) => s.trim() === '')) {
      throw new UsageError(`${flag}: '${p}' is not groupId:artifactId`, 'Write each exclusion as groupId:artifactId, comma-separated (no version).');
    }
    return { groupId: (parts[0] as string).trim(), artifactId: (parts[1] as string).trim() };
  });
}

export function excludes(exclusions: readonly Exclusion[], c: Pick<Coordinate, 'groupId' | 'artifactId'>): boolean {
  return exclusions.some((e) => (e.groupId === '*' || e.groupId === c.groupId) && (e.artifactId === '*' || e.artifactId === c.artifactId));
}

/**
 * SparkSubmitUtils.IVY_DEFAULT_EXCLUDES: Spark's own modules are on the cluster already, so a
 * package's dependency on spark-core_2.12 (or catalyst, sql, …) is never shipped.
 */
const SPARK_COMPONENTS = ['catalyst_', 'core_', 'graphx_', 'kvstore_', 'launcher_', 'mllib_', 'mllib-local_', 'network-common_', 'network-shuffle_', 'repl_', 'sketch_', 'sql_', 'streaming_', 'tags_', 'unsafe_'];

export function isSparkModule(c: Pick<Coordinate, 'groupId' | 'artifactId'>): boolean {
  return c.groupId === 'org.apache.spark' && SPARK_COMPONENTS.some((comp) => c.artifactId.startsWith(`spark-${comp}`));
}

/** Maven's repository layout: group dots become directories. */
export function layoutPath(c: Coordinate, ext: 'pom' | 'jar'): string {
  const classifier = ext === 'jar' && c.classifier ? `-${c.classifier}` : '';
  return `${c.groupId.replaceAll('.', '/')}/${c.artifactId}/${c.version}/${c.artifactId}-${c.version}${classifier}.${ext}`;
}

/** The name Spark's Ivy retrieve gives the jar ([organization]_[artifact]-[revision](-[classifier]).[ext]): the link name on the cluster. */
export function sparkJarName(c: Coordinate): string {
  return `${c.groupId}_${c.artifactId}-${c.version}${c.classifier ? `-${c.classifier}` : ''}.jar`;
}
