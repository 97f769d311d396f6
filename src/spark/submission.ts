/** What the user asked spark-submit for, after flags and configuration are merged (no I/O). */
import type { SparkVersion } from './versions.js';

export type SparkConf = ReadonlyMap<string, string>;

export interface SparkSubmission {
  /** The primary resource as given: a local path, or a file:, hdfs:, or local: URI. */
  primaryResource: string;
  kind: 'jar' | 'python';
  /** The user's main class (jar apps); PySpark apps run org.apache.spark.deploy.PythonRunner. */
  mainClass?: string;
  /** Passed to the application untouched, even when they look like options. */
  appArgs: string[];
  /** The resolved Spark configuration (spark-defaults < profile < --conf < dedicated flags). */
  conf: SparkConf;
  /** The submitting user (SPARK_USER, and the HDFS home the staging dir lives in). */
  user: string;
  /** $SPARK_HOME when set locally: its jars/ and python/lib are shipped when the cluster has no Spark. */
  sparkHome?: string;
  /** pyspark.zip and py4j for PySpark apps (Spark's findPySparkArchives: PYSPARK_ARCHIVES_PATH or $SPARK_HOME/python/lib). */
  pySparkArchives?: string[];
  /** --keytab: the local file and the name the AM's copy gets (keytab.ts, Client.amKeytabFileName). */
  amKeytab?: { path: string; name: string };
  /** The Spark release the cluster will run (its launch context differs per release); absent: 3.5's. */
  sparkVersion?: SparkVersion;
  /** $SPARK_CONF_DIR (else $SPARK_HOME/conf): its logging and metrics files go into __spark_conf__.zip. */
  sparkConfDir?: string;
  /** SPARK_PREFER_IPV6=true on the client (spark-submit turns it into java.net.preferIPv6Addresses; from 3.4 the AM gets it). */
  preferIPv6?: boolean;
  /** apx's job-channel libraries (docs/channel.md) shipped with the app: a .jar on the driver's classpath, a .zip on its PYTHONPATH. */
  channelLibs?: string[];
}

export const PYTHON_RUNNER = 'org.apache.spark.deploy.PythonRunner';

export function confBool(conf: SparkConf, key: string, fallback: boolean): boolean {
  const v = conf.get(key);
  return v === undefined ? fallback : v.trim().toLowerCase() === 'true';
}
