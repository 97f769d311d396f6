/** The logging and metrics files of $SPARK_CONF_DIR that Spark's client puts into __spark_conf__.zip. */
import fs from 'node:fs';
import path from 'node:path';
import type { SparkSubmission } from '../spark/submission.js';
import { DEFAULT_SPARK_VERSION, loggingConfFiles } from '../spark/versions.js';

export function loggingConfOf(sub: SparkSubmission): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!sub.sparkConfDir) return files;
  for (const name of loggingConfFiles(sub.sparkVersion ?? DEFAULT_SPARK_VERSION)) {
    const file = path.join(sub.sparkConfDir, name);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) files.set(name, fs.readFileSync(file));
  }
  return files;
}
