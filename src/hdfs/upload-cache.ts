/**
 * The content-addressed dependency cache on HDFS, shared by every job of the user:
 * `<cacheRoot>/<sha256>/<name>`. An entry is written under a temporary name and renamed into place,
 * so a concurrent job never sees half a file and nothing partial ever becomes an entry; an
 * interrupted upload deletes its temporary. Entries are world-readable under world-executable
 * directories so YARN can localize them as PUBLIC and keep them on every node across applications.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileStatus } from './types.js';
import type { WebHdfsClient } from './webhdfs.js';

export interface CacheEntry {
  path: string;
  status: FileStatus;
  /** False when the bytes were already on the cluster. */
  uploaded: boolean;
}

export interface UploadProgress {
  (bytesSent: number): void;
}

const DIR_PERMISSION = '755';
const FILE_PERMISSION = '644';
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

export class UploadCache {
  constructor(
    private readonly hdfs: WebHdfsClient,
    readonly root: string,
  ) {}

  entryPath(sha256: string, name: string): string {
    return `${this.root}/${sha256}/${name}`;
  }

  /**
   * The existing entry for this content. Entries only appear by rename after a verified upload, so one
   * that exists is complete; the size check guards against a foreign file at that path.
   */
  async find(sha256: string, name: string, size?: number): Promise<CacheEntry | undefined> {
    const p = this.entryPath(sha256, name);
    const status = await this.hdfs.stat(p);
    return status && status.type === 'FILE' && (size === undefined || status.length === size) ? { path: p, status, uploaded: false } : undefined;
  }

  /** Finds or uploads `file` (whose content hashes to `sha256`). */
  async put(file: string, sha256: string, name: string, size: number, onProgress?: UploadProgress, signal?: AbortSignal): Promise<CacheEntry> {
    const existing = await this.find(sha256, name, size);
    if (existing) return existing;
    return this.upload(() => fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), sha256, name, size, onProgress, signal);
  }

  /** Uploads bytes from `open()` under a temporary name, then renames it into place. */
  async upload(open: () => NodeJS.ReadableStream, sha256: string, name: string, size: number, onProgress?: UploadProgress, signal?: AbortSignal): Promise<CacheEntry> {
    const dir = `${this.root}/${sha256}`;
    const final = `${dir}/${name}`;
    const tmp = `${dir}/.${name}.${randomBytes(6).toString('hex')}.apx-tmp`;
    await this.hdfs.mkdirs(dir, DIR_PERMISSION);
    await this.removeStaleTemporaries(dir);
    try {
      await this.hdfs.create(tmp, open() as unknown as import('node:stream').Readable, { overwrite: false, permission: FILE_PERMISSION, length: size, onProgress, signal });
      const tmpStatus = await this.hdfs.stat(tmp);
      if (!tmpStatus || tmpStatus.length !== size) throw new Error(`upload of ${name} was incomplete (${tmpStatus?.length ?? 0} of ${size} bytes)`);
      const renamed = await this.hdfs.rename(tmp, final);
      if (!renamed) {
        // Another job won the race with the same bytes: use its entry, drop ours.
        await this.hdfs.delete(tmp).catch(() => false);
        const winner = await this.find(sha256, name, size);
        if (!winner) throw new Error(`could not place ${final} in the cache`);
        return winner;
      }
    } catch (e) {
      await this.hdfs.delete(tmp).catch(() => false);
      throw e;
    }
    const status = (await this.hdfs.stat(final)) as FileStatus;
    return { path: final, status, uploaded: true };
  }

  /** Temporaries left by an apx that was killed hard (kill -9, a lost machine): older than an hour. */
  private async removeStaleTemporaries(dir: string): Promise<void> {
    const cutoff = Date.now() - STALE_TEMPORARY_MS;
    const entries = await this.hdfs.list(dir).catch(() => []);
    for (const e of entries) {
      if (e.pathSuffix.endsWith('.apx-tmp') && e.modificationTime < cutoff) await this.hdfs.delete(`${dir}/${e.pathSuffix}`).catch(() => false);
    }
  }

  /** YARN's PUBLIC rule (ClientDistributedCacheManager.isPublic): readable by all, every parent executable by all. */
  async isPublic(p: string, statusOf: (p: string) => Promise<FileStatus | undefined> = (x) => this.hdfs.stat(x)): Promise<boolean> {
    const file = await statusOf(p);
    if (!file || !(parseInt(file.permission.slice(-1), 8) & 4)) return false;
    for (let dir = path.posix.dirname(p); ; dir = path.posix.dirname(dir)) {
      const st = await statusOf(dir);
      if (!st || !(parseInt(st.permission.slice(-1), 8) & 1)) return false;
      if (dir === '/') return true;
    }
  }
}
