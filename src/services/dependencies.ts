/**
 * Puts every planned resource where YARN can localize it and learns its exact size and timestamp from
 * HDFS: local files through the content-addressed cache (hashing skipped for unchanged files),
 * $SPARK_HOME/jars zipped once per distinct content, remote files used where they are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ClusterError, UsageError } from '../errors.js';
import { transient, withRetry } from '../net/retry.js';
import type { HashRecord } from '../hdfs/content-hash.js';
import type { FileStatus } from '../hdfs/types.js';
import { openFile, type CacheEntry, type UploadCache } from '../hdfs/upload-cache.js';
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
  /** How long a failing upload is retried (spark.apx.upload.retryBudget); UPLOAD_RETRY_BUDGET_MS by default. */
  retryBudgetMs?: number;
}

/**
 * Two minutes of retries, counted from the first failure, with backoff capped at 5 s: a DataNode
 * restart (seconds to a minute) or a network blip is ridden out, the same as the RM's reconnect
 * budget while watching. Longer would mostly wait on a DataNode that is gone: the NameNode declares
 * it dead only after 10.5 min, and a single-DataNode cluster has nowhere else to send the bytes.
 */
export const UPLOAD_RETRY_BUDGET_MS = 120_000;
const UPLOAD_BACKOFF = { attempts: Number.POSITIVE_INFINITY, baseMs: 500, capMs: 5_000 };

/** Runs one upload again after a transient failure, within the budget, with one warning per retry. */
export async function retryUpload<T>(what: string, ctx: Pick<DependencyContext, 'bus' | 'signal' | 'retryBudgetMs'>, attempt: () => Promise<T>): Promise<T> {
  const budgetMs = ctx.retryBudgetMs ?? UPLOAD_RETRY_BUDGET_MS;
  let firstFailure: number | undefined;
  try {
    return await withRetry(attempt, {
      retryable: (e) => transient(e) && !ctx.signal?.aborted,
      signal: ctx.signal,
      policy: { ...UPLOAD_BACKOFF, budgetMs },
      budgetFromFirstFailure: true,
      onRetry: (e, _n, waitMs, leftMs) => {
        firstFailure ??= Date.now();
        ctx.bus.emit({ type: 'warning', message: `upload of ${what} failed (${(e as Error).message}); retrying in ${seconds(waitMs)}, apx keeps trying for ${seconds(leftMs)} more` });
      },
    });
  } catch (e) {
    if (firstFailure === undefined || ctx.signal?.aborted || !(e instanceof ClusterError)) throw e;
    throw new ClusterError(
      `upload of ${what} kept failing for ${seconds(Date.now() - firstFailure)}, apx gave up: ${e.message}`,
      `The DataNodes may be down or restarting (hdfs dfsadmin -report shows them); nothing was submitted. To wait longer: --conf spark.apx.upload.retryBudget=${Math.max(1, Math.round((budgetMs * 2) / 60_000))}min.`,
    );
  }
}

/** A file edited while it uploaded got an entry for the bytes sent, but its hash must not be remembered. */
function unchanged(file: string, before: fs.Stats): boolean {
  const now = fs.statSync(file, { throwIfNoEntry: false });
  return !!now && now.size === before.size && now.mtimeMs === before.mtimeMs && now.ino === before.ino;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
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
  /** A local file whose hash is not remembered: hashed while it uploads (one read), `stat` as it was then. */
  hashWhileUploading?: fs.Stats;
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

/**
 * At most `limit` at a time. After a failure no new item starts, `onFailure` lets the running ones
 * stop, and the first error is thrown only once all have settled (so their temporaries are gone).
 */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>, onFailure?: () => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (e) {
        if (!failure) {
          failure = { error: e };
          onFailure?.();
        }
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure.error;
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
  // One upload that gives up stops the others: nothing is submitted, so their bytes are not needed.
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  const resolved = await mapLimit(prepared, ctx.parallelism ?? 4, async (p): Promise<ResolvedResource> => {
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
        const entry = await ship(p, file, size, { ...ctx, signal });
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
  }, () => stop.abort()).finally(() => ctx.record.save()); // hashes learned by the uploads that made it count next time too
  ctx.bus.emit({ type: 'upload-end', uploadedBytes, reusedBytes, files: resolved.length, millis: Date.now() - started });
  return resolved;
}

/**
 * Uploads one file into the cache, retried within the budget; a DataNode failure or a reset
 * mid-upload sends the file again from the start, under a new temporary name.
 */
async function ship(p: Prepared, file: string, size: number, ctx: DependencyContext): Promise<CacheEntry> {
  const progress = (sent: number) => ctx.bus.emit({ type: 'upload-progress', name: p.planned.link, sent, size });
  const before = p.hashWhileUploading;
  if (!before) return retryUpload(p.planned.link, ctx, () => ctx.cache.upload(() => openFile(file), p.sha256 as string, p.name, size, progress, ctx.signal));
  const entry = await retryUpload(p.planned.link, ctx, () => ctx.cache.uploadHashing(() => openFile(file), p.name, size, progress, ctx.signal));
  if (unchanged(file, before)) ctx.record.remember(file, before, entry.sha256);
  return entry;
}

async function prepare(r: PlannedResource, ctx: DependencyContext): Promise<Prepared> {
  const src = r.source;
  if (src.kind === 'remote') return { planned: r, name: path.posix.basename(remotePathOf(src.uri)), size: 0, remotePath: remotePathOf(src.uri) };
  if (src.kind === 'local') {
    if (r.type === 'ARCHIVE' && isZipArchiveName(src.path)) await checkUnpackableZip(src.path, r.role === 'spark-libs' ? 'spark.yarn.archive' : '--archives');
    return prepareLocal(r, src.path, ctx);
  }
  return prepareSparkJars(r, src.dir, ctx);
}

/**
 * A remembered hash is looked up before uploading (0 bytes sent on a warm resubmit). An unknown one is
 * computed while uploading (one read), unless the cache marks an entry of that name and size: then the
 * file is likely there already (a fresh CI runner), and hashing it locally first saves sending it.
 */
async function prepareLocal(r: PlannedResource, file: string, ctx: DependencyContext): Promise<Prepared> {
  const name = path.basename(file);
  const st = await fs.promises.stat(file);
  const known = ctx.record.knownFor(file, st);
  if (known) return { planned: r, file, sha256: known, name, size: st.size };
  if (await ctx.cache.mayHave(name, st.size)) {
    const { sha256, size } = await ctx.record.hash(file, ctx.signal);
    return { planned: r, file, sha256, name, size };
  }
  return { planned: r, file, name, size: st.size, hashWhileUploading: st };
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
