/**
 * Puts every planned resource where YARN can localize it and learns its exact size and timestamp from
 * HDFS: local files through the content-addressed cache (hashing skipped for unchanged files),
 * $SPARK_HOME/jars zipped once per distinct content, remote files used where they are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { transient, withRetry } from '../net/retry.js';
import type { HashRecord } from '../hdfs/content-hash.js';
import type { FileStatus } from '../hdfs/types.js';
import type { UploadCache } from '../hdfs/upload-cache.js';
import type { WebHdfsClient } from '../hdfs/webhdfs.js';
import type { EventBus } from '../monitor/events.js';
import type { PlannedResource } from '../spark/dist-cache.js';
import type { ResolvedResource } from '../spark/launch-context.js';
import { STABLE_ZIP_TIME } from '../spark/conf-archive.js';
import { writeStoredZip } from './stored-zip.js';
import { checkUnpackableZip, isZipArchiveName } from './archive-check.js';

export interface DependencyContext {
  hdfs: WebHdfsClient;
  cache: UploadCache;
  record: HashRecord;
  /** fs.defaultFS, to write resource URIs as the NodeManager will read them. */
  defaultFs: string;
  bus: EventBus;
  signal?: AbortSignal;
  parallelism?: number;
}

interface Prepared {
  planned: PlannedResource;
  /** The file to upload (for spark-home-jars, built only if the cache does not have it). */
  file?: string;
  build?: () => Promise<string>;
  sha256?: string;
  name: string;
  size: number;
  remotePath?: string;
  found?: { path: string; status: FileStatus };
  /** Set when `size` is an estimate (a zip not built yet): the cache is then matched by content key alone. */
  sizeUnknown?: boolean;
}

/** Local checks that need no cluster: the file is there, readable, a file, and not empty (YARN refuses size 0). */
export function checkLocalResource(file: string, what: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${file} ${code === 'ENOENT' ? 'does not exist' : 'is not readable'}`);
  }
  if (!st.isFile()) throw new UsageError(`${what} ${file} is not a file`);
  if (st.size === 0) throw new UsageError(`${what} ${file} is empty, and YARN refuses to localize a zero-byte resource`, 'Ship a non-empty file, or leave it out.');
  return st;
}

export function qualify(defaultFs: string, p: string): string {
  return `${defaultFs.replace(/\/+$/, '')}${p}`;
}

function remotePathOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

export async function resolveDependencies(resources: PlannedResource[], ctx: DependencyContext): Promise<ResolvedResource[]> {
  const started = Date.now();
  const prepared = await mapLimit(resources, 2, (r) => prepare(r, ctx));
  await mapLimit(prepared.filter((p) => p.sha256), 8, async (p) => {
    const hit = await ctx.cache.find(p.sha256 as string, p.name, p.sizeUnknown ? undefined : p.size);
    if (hit) p.found = hit;
  });
  ctx.bus.emit({ type: 'upload-plan', files: prepared.map((p) => ({ name: p.name, link: p.planned.link, size: p.size, cached: !!p.found || !!p.remotePath })) });
  const statCache = new Map<string, Promise<FileStatus | undefined>>();
  const statOf = (p: string) => {
    let s = statCache.get(p);
    if (!s) statCache.set(p, (s = ctx.hdfs.stat(p)));
    return s;
  };
  let uploadedBytes = 0;
  let reusedBytes = 0;
  const resolved = await mapLimit(prepared, ctx.parallelism ?? 4, async (p) => {
    let hdfsPath: string;
    let status: FileStatus;
    let cached = true;
    if (p.remotePath) {
      const st = await statOf(p.remotePath);
      if (!st || st.type !== 'FILE') throw new UsageError(`${p.planned.link}: ${p.remotePath} does not exist on the cluster`);
      if (st.length === 0) throw new UsageError(`${p.remotePath} is empty, and YARN refuses to localize a zero-byte resource`);
      hdfsPath = p.remotePath;
      status = st;
    } else if (p.found) {
      hdfsPath = p.found.path;
      status = p.found.status;
    } else {
      const file = p.file ?? (await (p.build as () => Promise<string>)());
      const size = p.sizeUnknown ? fs.statSync(file).size : p.size;
      try {
        // A DataNode failure or a reset mid-upload: that file again from the start, under a new temporary name.
        const entry = await withRetry(
          () => ctx.cache.upload(() => fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), p.sha256 as string, p.name, size,
            (sent) => ctx.bus.emit({ type: 'upload-progress', name: p.planned.link, sent, size }), ctx.signal),
          { retryable: (e) => transient(e) && !ctx.signal?.aborted, signal: ctx.signal, policy: { attempts: 4, baseMs: 300, capMs: 3_000, budgetMs: 120_000 },
            onRetry: (e, n) => ctx.bus.emit({ type: 'warning', message: `upload of ${p.planned.link} failed (${(e as Error).message}); retrying (attempt ${n + 1})` }) },
        );
        hdfsPath = entry.path;
        status = entry.status;
        cached = !entry.uploaded;
      } finally {
        if (p.build) fs.rmSync(file, { force: true });
      }
    }
    if (cached) reusedBytes += status.length;
    else uploadedBytes += status.length;
    const visibility = (await ctx.cache.isPublic(hdfsPath, statOf)) ? 'PUBLIC' : 'PRIVATE';
    ctx.bus.emit({ type: 'upload-done', name: p.name, link: p.planned.link, size: status.length, cached, path: hdfsPath, visibility });
    return { ...p.planned, uri: qualify(ctx.defaultFs, hdfsPath), size: status.length, timestamp: status.modificationTime, visibility } satisfies ResolvedResource;
  });
  ctx.record.save();
  ctx.bus.emit({ type: 'upload-end', uploadedBytes, reusedBytes, files: resolved.length, millis: Date.now() - started });
  return resolved;
}

async function prepare(r: PlannedResource, ctx: DependencyContext): Promise<Prepared> {
  const src = r.source;
  if (src.kind === 'remote') return { planned: r, name: path.posix.basename(remotePathOf(src.uri)), size: 0, remotePath: remotePathOf(src.uri) };
  if (src.kind === 'local') {
    if (r.type === 'ARCHIVE' && isZipArchiveName(src.path)) await checkUnpackableZip(src.path, r.role === 'spark-libs' ? 'spark.yarn.archive' : '--archives');
    const { sha256, size } = await ctx.record.hash(src.path, ctx.signal);
    return { planned: r, file: src.path, sha256, name: path.basename(src.path), size };
  }
  return prepareSparkJars(r, src.dir, ctx);
}

/** Jars are already compressed: stored, as Spark does (level 0), with sizes and CRC-32 in the local headers. */
const SPARK_LIBS_LAYOUT = 'apx __spark_libs__.zip v2: stored, sizes in local headers\n';

/** $SPARK_HOME/jars keyed by the jars' contents (not the zip's bytes), zipped only when not cached. */
async function prepareSparkJars(r: PlannedResource, dir: string, ctx: DependencyContext): Promise<Prepared> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.jar')).sort();
  } catch {
    throw new UsageError(`SPARK_HOME has no jars directory (${dir})`, 'Point SPARK_HOME at a Spark distribution, or set spark.yarn.archive to the cluster\'s Spark libraries.');
  }
  if (names.length === 0) throw new UsageError(`no jars in ${dir}`);
  const manifest = createHash('sha256');
  // The layout version is part of the key: zips cached before it (STORED entries with data
  // descriptors, which no NodeManager can unpack) must never be found again.
  manifest.update(SPARK_LIBS_LAYOUT);
  let total = 0;
  for (const n of names) {
    const { sha256, size } = await ctx.record.hash(path.join(dir, n), ctx.signal);
    manifest.update(`${n}\0${sha256}\n`);
    total += size;
  }
  const key = manifest.digest('hex');
  const name = '__spark_libs__.zip';
  const zipFile = path.join(os.tmpdir(), `apx-spark-libs-${key.slice(0, 16)}-${process.pid}.zip`);
  const build = async (): Promise<string> => {
    await writeStoredZip(names.map((n) => ({ path: path.join(dir, n), name: n })), zipFile, { mtime: STABLE_ZIP_TIME, mode: 0o644, signal: ctx.signal });
    return zipFile;
  };
  // The zip's exact size is known only once built; until then the jars' total stands for it.
  return { planned: r, build, sha256: key, name, size: total, sizeUnknown: true };
}
