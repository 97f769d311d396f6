/**
 * What an administrator installs on a real cluster so jobs need not ship Spark: a Spark libraries
 * archive and PySpark's pyspark.zip / py4j in world-readable HDFS paths (PUBLIC localization).
 */
import fs from 'node:fs';
import { zipEntries } from '../spark/conf-archive.js';
import type { HdfsStore } from './hdfs-store.js';

export const MINI_SPARK_ARCHIVE = '/apps/spark/spark-3.5.1-libs.zip';
/** The release of MINI_SPARK_ARCHIVE: the mini profile names it, as a profile for a cluster with Spark installed does. */
export const MINI_SPARK_VERSION = '3.5.1';
/** Other releases installed side by side (each archive's jars name its release; the AM checks its arguments by it). */
export const MINI_SPARK_ARCHIVES: Record<string, string> = {
  '2.4.8': '/apps/spark/spark-2.4.8-libs.zip',
  [MINI_SPARK_VERSION]: MINI_SPARK_ARCHIVE,
  '4.0.1': '/apps/spark/spark-4.0.1-libs.zip',
};
const SCALA_OF: Record<string, string> = { '2.4.8': '2.11', '3.5.1': '2.12', '4.0.1': '2.13' };
export const MINI_PYSPARK_ARCHIVES = ['/apps/spark/python/lib/pyspark.zip', '/apps/spark/python/lib/py4j-0.10.9.7-src.zip'];

async function put(store: HdfsStore, p: string, data: Buffer): Promise<void> {
  const file = store.createFile(p, 'hdfs', true, '644');
  fs.writeFileSync(file.blob as string, data);
  store.completeFile(file, data.length);
}

export async function seedSparkInstall(store: HdfsStore): Promise<void> {
  store.mkdirs('/apps/spark/python/lib', 'hdfs', '755');
  const jar = await zipEntries(new Map([['META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\nImplementation-Title: spark-yarn (mini cluster stand-in)\n')]]));
  for (const [version, archive] of Object.entries(MINI_SPARK_ARCHIVES)) {
    await put(store, archive, await zipEntries(new Map([[`spark-yarn_${SCALA_OF[version]}-${version}.jar`, jar]])));
  }
  for (const p of MINI_PYSPARK_ARCHIVES) await put(store, p, await zipEntries(new Map([['README', Buffer.from('mini cluster stand-in\n')]])));
}
