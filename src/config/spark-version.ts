/**
 * Which Spark the submission is for. An explicit setting wins (--spark-version, or
 * spark.apx.sparkVersion from spark-defaults.conf, a cluster profile or --conf: a cluster whose Spark is
 * installed on its nodes cannot be seen from here, so its profile says it); else the local
 * $SPARK_HOME tells: its RELEASE file ("Spark 3.4.1 built for Hadoop 3.3.4"), else the name of
 * jars/spark-core_<scala>-<version>.jar. Nothing known: undefined (the caller warns and builds 3.5's).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { checkSupported, parseSparkVersion, type SparkVersion } from '../spark/versions.js';
import type { SourcedMap } from './sourced.js';

export const SPARK_VERSION_KEY = 'spark.apx.sparkVersion';

export interface KnownSparkVersion {
  version: SparkVersion;
  /** Where it came from, as --dry-run says it: "--spark-version", "$SPARK_HOME/RELEASE", … */
  source: string;
}

export function sparkVersionOf(conf: SourcedMap, env: NodeJS.ProcessEnv): KnownSparkVersion | undefined {
  const explicit = conf.get(SPARK_VERSION_KEY);
  if (explicit !== undefined) {
    const source = conf.sourceOf(SPARK_VERSION_KEY) ?? SPARK_VERSION_KEY;
    const version = parseSparkVersion(explicit);
    if (!version) throw new UsageError(`${SPARK_VERSION_KEY} '${explicit}' (${source}) is not a Spark version`, 'Write it as X.Y.Z, for example --spark-version 3.4.1.');
    return { version: checkSupported(version, source), source };
  }
  return env.SPARK_HOME ? fromSparkHome(env.SPARK_HOME) : undefined;
}

function fromSparkHome(home: string): KnownSparkVersion | undefined {
  const release = readFirstLine(path.join(home, 'RELEASE'));
  const fromRelease = release ? /^Spark\s+(\S+)/.exec(release)?.[1] : undefined;
  const version = fromRelease ? parseSparkVersion(fromRelease) : undefined;
  if (version) return { version: checkSupported(version, '$SPARK_HOME/RELEASE'), source: '$SPARK_HOME/RELEASE' };
  for (const name of listDir(path.join(home, 'jars'))) {
    const m = /^spark-core_\d+\.\d+-(.+)\.jar$/.exec(name);
    const v = m?.[1] ? parseSparkVersion(m[1]) : undefined;
    if (v) return { version: checkSupported(v, `$SPARK_HOME/jars/${name}`), source: `$SPARK_HOME/jars/${name}` };
  }
  return undefined;
}

function readFirstLine(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').split('\n')[0];
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The one warning line when nothing tells apx which Spark it submits for. */
export const UNKNOWN_SPARK_VERSION_WARNING =
  "Spark version unknown (no $SPARK_HOME/RELEASE, no spark.apx.sparkVersion): building Spark 3.5's launch context; set --spark-version X.Y.Z (or spark.apx.sparkVersion in the cluster profile) to the cluster's Spark.";
