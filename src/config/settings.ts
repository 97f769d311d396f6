/** Reading settings the same way whether they come from a SparkConf map or Hadoop's XML. */

/** Anything settings can be read from: a SparkConf, a HadoopConf. */
export interface Settings {
  get(key: string): string | undefined;
}

/**
 * Comma-separated lists as Spark (Utils.stringToSeq) and Hadoop (Configuration.getTrimmedStrings)
 * read them: trimmed, empty entries dropped.
 */
export function confList(conf: Settings, key: string, fallback = ''): string[] {
  return (conf.get(key) ?? fallback).split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
