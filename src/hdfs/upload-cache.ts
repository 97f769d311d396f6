/**
 * The content-addressed dependency cache on HDFS, shared by every job of the user:
 * `<cacheRoot>/<sha256>/<name>`. An entry is written under a temporary name and renamed into place,
 * so a concurrent job never sees half a file and nothing partial ever becomes an entry; an
 * interrupted upload deletes its temporary. Entries are world-readable under world-executable
 * directories so YARN can localize them as PUBLIC and keep them on every node across applications.
 * Beside the entries: `.incoming/` (temporaries of uploads hashed on the way, whose address is known
 * only at the end) and `.sizes/<size>/<name>/` (empty directories saying an entry of that name and
 * size exists, for a run that does not know the file's hash).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { FileStatus } from './types.js';
import type { WebHdfsClient } from './webhdfs.js';

export interface CacheEntry {
  path: string;
  status: FileStatus;
  /** True when this run sent the bytes; false when they were already on the cluster. */
  uploaded: boolean;
}

export interface UploadProgress {
  (bytesSent: number): void;
}

const DIR_PERMISSION = '755';
const FILE_PERMISSION = '644';
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
/** Temporaries of uploads whose content address is known only at the end. */
const INCOMING = '.incoming';
/** `<size>/<name>` directories marking which sizes of which names the cache holds (see mayHave). */
const SIZES = '.sizes';

export function openFile(file: string): Readable {
  return fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
}

/** How long after a failed upload its temporary is deleted once more (see discard). */
const DISCARD_AGAIN_MS = 300;

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
    return this.upload(() => openFile(file), sha256, name, size, onProgress, signal);
  }

  /** Uploads bytes from `open()` under a temporary name, then renames it into place. */
  async upload(open: () => Readable, sha256: string, name: string, size: number, onProgress?: UploadProgress, signal?: AbortSignal): Promise<CacheEntry> {
    const dir = `${this.root}/${sha256}`;
    const tmp = `${dir}/.${name}.${randomBytes(6).toString('hex')}.apx-tmp`;
    await this.hdfs.mkdirs(dir, DIR_PERMISSION);
    await this.removeStaleTemporaries(dir);
    await this.send(tmp, open(), size, onProgress, signal);
    return { ...(await this.place(tmp, sha256, name, size)), uploaded: true };
  }

  /**
   * For content whose hash is not known yet: one read of the bytes, hashed as they stream to a
   * temporary under `<root>/.incoming`, then renamed to the content address the hash names (or dropped
   * when that entry exists already). Twice the reads (hash, then upload) cost ~20% on a real cluster.
   */
  async uploadHashing(open: () => Readable, name: string, size: number, onProgress?: UploadProgress, signal?: AbortSignal): Promise<CacheEntry & { sha256: string }> {
    const incoming = `${this.root}/${INCOMING}`;
    const tmp = `${incoming}/.${name}.${randomBytes(6).toString('hex')}.apx-tmp`;
    await this.hdfs.mkdirs(incoming, DIR_PERMISSION);
    await this.removeStaleTemporaries(incoming);
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const source = open();
    source.on('error', (e) => hashing.destroy(e));
    hashing.on('close', () => source.destroy());
    await this.send(tmp, source.pipe(hashing), size, onProgress, signal);
    const sha256 = hash.digest('hex');
    try {
      await this.hdfs.mkdirs(`${this.root}/${sha256}`, DIR_PERMISSION);
      // An apx killed hard while uploading with a known hash left its temporary there.
      await this.removeStaleTemporaries(`${this.root}/${sha256}`);
    } catch (e) {
      await this.hdfs.delete(tmp).catch(() => false);
      throw e;
    }
    return { ...(await this.place(tmp, sha256, name, size)), uploaded: true, sha256 };
  }

  /**
   * Whether the cache may hold an entry named `name` of `size` bytes: worth hashing the local file
   * first (a local read) rather than sending it, when its hash is not remembered (a fresh CI runner).
   */
  async mayHave(name: string, size: number): Promise<boolean> {
    return (await this.hdfs.stat(this.sizeMarker(name, size))) !== undefined;
  }

  private sizeMarker(name: string, size: number): string {
    return `${this.root}/${SIZES}/${size}/${name}`;
  }

  /** The bytes to the temporary, checked whole; on any failure (or Ctrl-C) the temporary is deleted. */
  private async send(tmp: string, body: Readable, size: number, onProgress?: UploadProgress, signal?: AbortSignal): Promise<void> {
    try {
      await this.hdfs.create(tmp, body, { overwrite: false, permission: FILE_PERMISSION, length: size, onProgress, signal });
      const tmpStatus = await this.hdfs.stat(tmp);
      if (!tmpStatus || tmpStatus.length !== size) throw new Error(`upload of ${path.posix.basename(tmp)} was incomplete (${tmpStatus?.length ?? 0} of ${size} bytes)`);
    } catch (e) {
      body.destroy();
      await this.discard(tmp);
      throw e;
    }
  }

  /**
   * Deletes a temporary whose upload failed or was interrupted. The DataNode may still be handling
   * the request the client gave up on, and create the file after a first delete (its create reaches
   * the NameNode late): so a second delete, a moment later. Only failures pay for the wait.
   */
  private async discard(tmp: string): Promise<void> {
    await this.hdfs.delete(tmp).catch(() => false);
    await new Promise((r) => setTimeout(r, DISCARD_AGAIN_MS));
    await this.hdfs.delete(tmp).catch(() => false);
  }

  /** Renames a complete temporary into place; another job that placed the same bytes first wins. */
  private async place(tmp: string, sha256: string, name: string, size: number): Promise<CacheEntry> {
    const final = this.entryPath(sha256, name);
    try {
      const renamed = await this.hdfs.rename(tmp, final);
      if (!renamed) {
        await this.hdfs.delete(tmp).catch(() => false);
        const winner = await this.find(sha256, name, size);
        if (!winner) throw new Error(`could not place ${final} in the cache`);
        return winner;
      }
    } catch (e) {
      await this.hdfs.delete(tmp).catch(() => false);
      throw e;
    }
    // A directory (one MKDIRS, idempotent) that lets a later run without the hash find this entry's size.
    await this.hdfs.mkdirs(this.sizeMarker(name, size), DIR_PERMISSION).catch(() => false);
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
