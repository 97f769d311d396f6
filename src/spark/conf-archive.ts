/**
 * __spark_conf__.zip (Client.createConfArchive): the Hadoop configuration files under
 * __hadoop_conf__/ (on the AM's CLASSPATH: this is where the AM finds the RM scheduler address),
 * the client's Hadoop configuration as __spark_hadoop_conf__.xml, the Spark configuration and the
 * distributed-cache configuration. Entries carry a fixed time so equal content gives equal bytes.
 */
import yazl from 'yazl';
import { formatProperties } from '../config/properties.js';
import { formatHadoopXml } from '../config/hadoop-xml.js';
import { DIST_CACHE_CONF_FILE, LOCALIZED_HADOOP_CONF_DIR, SPARK_CONF_FILE, SPARK_HADOOP_CONF_FILE } from './dist-cache.js';

/** Every zip apx writes carries this time, so equal content gives equal bytes. */
export const STABLE_ZIP_TIME = new Date('2020-01-01T00:00:00Z');

export interface ConfArchiveContents {
  /** File name → content for the archive's root: the logging and metrics configuration (log4j2.properties, …). */
  rootFiles?: Map<string, Buffer>;
  /** File name → content for __hadoop_conf__/ (yarn-site.xml, core-site.xml, …). */
  hadoopConfFiles: Map<string, Buffer | string>;
  hadoopConf: [string, string][];
  sparkConf: [string, string][];
  /** Absent for Spark 2.4, whose client puts the cache entries into the Spark configuration. */
  distCacheConf?: [string, string][];
}

export function confArchiveEntries(c: ConfArchiveContents): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (const [name, content] of c.rootFiles ?? []) entries.set(name, content);
  for (const [name, content] of [...c.hadoopConfFiles].sort(([a], [b]) => a.localeCompare(b))) {
    entries.set(`${LOCALIZED_HADOOP_CONF_DIR}/${name}`, Buffer.from(content));
  }
  entries.set(SPARK_HADOOP_CONF_FILE, Buffer.from(formatHadoopXml(c.hadoopConf)));
  entries.set(SPARK_CONF_FILE, Buffer.from(formatProperties(c.sparkConf, 'Spark configuration.')));
  if (c.distCacheConf) entries.set(DIST_CACHE_CONF_FILE, Buffer.from(formatProperties(c.distCacheConf, 'Spark distributed cache configuration.')));
  return entries;
}

export function zipEntries(entries: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name, { mtime: STABLE_ZIP_TIME, mode: 0o644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
