/**
 * What a NodeManager does with an ARCHIVE resource once downloaded, following Hadoop 3.3.6
 * FSDownload.unpack: the choice is made by the lower-cased name of the source file (not the link
 * name): `.jar` → RunJar.unJar, `.zip` → FileUtil.unZip (both streaming ZipInputStream), `.tar.gz`,
 * `.tgz`, `.tar` → FileUtil.unTar, anything else copied as it is. Any failure there is wrapped by
 * FSDownload.downloadAndUnpack as YarnException "Download and unpack failed".
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipFiles } from './zip-stream.js';

export type Unpacked = { kind: 'zip'; files: Map<string, Buffer> } | { kind: 'tar' } | { kind: 'copied' };

/**
 * FileUtil.unTarUsingTar (every non-Windows NodeManager): the real gzip and tar, fed on stdin through
 * `bash -c`, with the command Hadoop builds; a non-zero exit fails the download.
 */
async function untar(data: Buffer, gzipped: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-mini-untar-'));
  const command = `${gzipped ? 'gzip -dc | (' : ''}cd '${dir}' && tar -x ${gzipped ? ')' : ''}`;
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn('bash', ['-c', command], { stdio: ['pipe', 'ignore', 'ignore'] });
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 1));
      // tar may exit before reading everything (a broken archive): that is its verdict, not an error here.
      child.stdin.on('error', () => {});
      child.stdin.end(data);
    });
    if (code !== 0) throw new Error(`Error executing command. ${command} Process exited with exit code ${code}.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Unpacks `data` (the bytes of the HDFS file `sourceName`) as FSDownload.unpack does for an ARCHIVE; throws what Hadoop would. */
export async function unpackArchive(sourceName: string, data: Buffer): Promise<Unpacked> {
  const lower = sourceName.toLowerCase();
  if (lower.endsWith('.jar') || lower.endsWith('.zip')) return { kind: 'zip', files: unzipFiles(data) };
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz') || lower.endsWith('.tar')) {
    await untar(data, lower.endsWith('gz'));
    return { kind: 'tar' };
  }
  return { kind: 'copied' };
}
