/**
 * What an administrator installs on a real cluster so jobs need not ship Spark: a Spark libraries
 * archive and PySpark's pyspark.zip / py4j in world-readable HDFS paths (PUBLIC localization).
 */
import fs from 'node:fs';
import { zipEntries } from '../spark/conf-archive.js';
import type { HdfsStore } from './hdfs-store.js';

export const MINI_SPARK_ARCHIVE = '/apps/spark/spark-3.5.1-libs.zip';
export const MINI_PYSPARK_ARCHIVES = ['/apps/spark/python/lib/pyspark.zip', '/apps/spark/python/lib/py4j-0.10.9.7-src.zip'];

async function put(store: HdfsStore, p: string, data: Buffer): Promise<void> {
  const file = store.createFile(p, 'hdfs', true, '644');
  fs.writeFileSync(file.blob as string, data);
  store.completeFile(file, data.length);
}

export async function seedSparkInstall(store: HdfsStore): Promise<void> {
  store.mkdirs('/apps/spark/python/lib', 'hdfs', '755');
  const jar = await zipEntries(new Map([['META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\nImplementation-Title: spark-yarn (mini cluster stand-in)\n')]]));
  await put(store, MINI_SPARK_ARCHIVE, await zipEntries(new Map([['spark-yarn_2.12-3.5.1.jar', jar]])));
  for (const p of MINI_PYSPARK_ARCHIVES) await put(store, p, await zipEntries(new Map([['README', Buffer.from('mini cluster stand-in\n')]])));
}
