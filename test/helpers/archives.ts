/** Archives for localization tests: the kind apx wrote before the fix, and files placed in the mini's HDFS. */
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { STABLE_ZIP_TIME } from '../../src/spark/conf-archive.js';
import { tempDir } from './mini.js';

/**
 * A zip of STORED entries written by yazl from files (streamed): CRC-32 and sizes in a data descriptor
 * (flag bit 3), exactly apx's __spark_libs__.zip before the fix. unzip and yauzl accept it; the JDK's
 * ZipInputStream, and so a NodeManager, does not.
 */
export function streamedStoredZip(files: Map<string, Buffer>): Promise<Buffer> {
  const dir = tempDir();
  const zip = new yazl.ZipFile();
  for (const [name, data] of files) {
    const file = path.join(dir, path.basename(name));
    fs.writeFileSync(file, data);
    zip.addFile(file, name, { compress: false, mtime: STABLE_ZIP_TIME, mode: 0o644 });
  }
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

/** Puts `data` at `p` in the mini cluster's HDFS, world-readable under world-executable directories (PUBLIC-able). */
export function putHdfsFile(cluster: MiniCluster, p: string, data: Buffer, owner = 'root'): void {
  cluster.store.mkdirs(path.posix.dirname(p), owner, '755');
  const file = cluster.store.createFile(p, owner, true, '644');
  fs.writeFileSync(file.blob as string, data);
  cluster.store.completeFile(file, data.length);
}
