/**
 * What spark-submit does to --jars, --files, --py-files and --archives before it plans anything
 * (DependencyUtils.resolveGlobPaths and downloadFile): a glob in a local path becomes the files it
 * matches, and an http(s) or ftp resource is downloaded, so it then goes through the content-addressed
 * upload cache like any local file. Downloads land in one temporary directory, removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ClusterError, InterruptedError, UsageError } from '../errors.js';
import type { StopSignal } from './interrupt.js';
import type { SourcedMap } from '../config/sourced.js';
import { FtpError, ftpDownload } from '../net/ftp.js';
import { expandGlob, hasGlob } from './glob.js';

/** The dependency lists and the flags that feed them, for messages. */
const LISTS: [key: string, flag: string][] = [
  ['spark.yarn.dist.jars', '--jars'], ['spark.yarn.dist.files', '--files'], ['spark.yarn.dist.archives', '--archives'], ['spark.yarn.dist.pyFiles', '--py-files'],
];

export interface ResolvedLists {
  /** Removes the downloads (call when the submission is over, whatever happened). */
  cleanup: () => void;
  downloaded: string[];
}

function splitFragment(entry: string): [string, string | undefined] {
  const i = entry.indexOf('#');
  return i < 0 ? [entry, undefined] : [entry.slice(0, i), entry.slice(i + 1)];
}

function schemeOf(uri: string): string | undefined {
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
}

/** resolveGlobPath for a local path; unlike Spark (which drops it silently), a glob matching nothing is an error. */
function expandLocal(entry: string, flag: string, cwd: string): string[] {
  const [base, fragment] = splitFragment(entry);
  const local = schemeOf(base) === 'file' ? decodeURIComponent(new URL(base).pathname) : base;
  if (!hasGlob(local)) return [entry];
  const matches = expandGlob(path.resolve(cwd, local));
  if (matches.length === 0) throw new UsageError(`${flag} '${base}' matches no files`, 'Check the pattern; apx expands it like spark-submit (*, ?, [abc], {a,b}).');
  if (fragment !== undefined && matches.length > 1) {
    throw new UsageError(`${flag} '${base}#${fragment}' names ${matches.length} files but one link name`, `It matches ${matches.map((m) => path.basename(m)).join(', ')}; drop #${fragment} or narrow the pattern.`);
  }
  return matches.map((m) => (fragment === undefined ? m : `${m}#${fragment}`));
}

async function downloadFtp(url: string, file: string): Promise<void> {
  try {
    await ftpDownload(new URL(url), file);
  } catch (e) {
    // 5xx replies (no such file 550, not logged in 530): the URL is wrong; anything else: the server is.
    if (e instanceof FtpError && e.code !== undefined && e.code >= 500) throw new UsageError(`cannot download ${url}: ${e.message}`, 'Check the URL (and the user in it).');
    const code = (e as NodeJS.ErrnoException).code;
    throw new ClusterError(`cannot download ${url}: ${code === 'ECONNREFUSED' ? 'connection refused' : (e as Error).message}`, 'Check the URL and that its server is up, or download the file yourself and pass the local path.');
  }
}

async function download(url: string, file: string, signal?: AbortSignal): Promise<void> {
  if (schemeOf(url) === 'ftp') return downloadFtp(url, file);
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal });
  } catch (e) {
    if (signal?.aborted) throw interrupted(signal);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code === 'ECONNREFUSED' ? 'connection refused' : cause?.message ?? (e as Error).message;
    throw new ClusterError(`cannot download ${url}: ${why}`, 'Check the URL and that its server is up, or download the file yourself and pass the local path.');
  }
  if (!res.ok || !res.body) {
    const message = `cannot download ${url}: the server answered ${res.status} ${res.statusText}`.trim();
    // 4xx: the URL names nothing we may have (a usage error); 5xx: the server is in trouble.
    throw res.status >= 500 ? new ClusterError(message) : new UsageError(message, 'Check the URL.');
  }
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), fs.createWriteStream(file), { signal }).catch((e: unknown) => {
    throw signal?.aborted ? interrupted(signal) : new ClusterError(`cannot download ${url}: ${(e as Error).message}`);
  });
}

function interrupted(signal: AbortSignal): InterruptedError {
  return new InterruptedError('interrupted while downloading dependencies: nothing was submitted, the downloads were removed', signal.reason as StopSignal);
}

/**
 * Rewrites the dependency lists in `conf` in place (each keeps its source): globs expanded, http(s)
 * and ftp resources downloaded to local files.
 */
export async function resolveDependencyLists(conf: SourcedMap, cwd: string, signal?: AbortSignal): Promise<ResolvedLists> {
  let tmp: string | undefined;
  const downloaded: string[] = [];
  const cleanup = () => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    for (const [key, flag] of LISTS) {
      const value = conf.get(key);
      if (!value) continue;
      const out: string[] = [];
      for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [base, fragment] = splitFragment(entry);
        const scheme = schemeOf(base);
        if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ftp') {
          out.push(...expandLocal(entry, flag, cwd));
          continue;
        }
        tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'apx-downloads-'));
        // One directory per download keeps the URL's file name (the link name) even when two URLs share it.
        const dir = path.join(tmp, String(downloaded.length));
        fs.mkdirSync(dir);
        const file = path.join(dir, path.posix.basename(decodeURIComponent(new URL(base).pathname)) || 'download');
        if (signal?.aborted) throw interrupted(signal);
        await download(base, file, signal);
        downloaded.push(base);
        out.push(fragment === undefined ? file : `${file}#${fragment}`);
      }
      conf.set(key, out.join(','), conf.sourceOf(key) ?? flag);
    }
  } catch (e) {
    cleanup();
    throw e;
  }
  return { cleanup, downloaded };
}

/**
 * `--jars lib/*.jar app.jar` unquoted reaches apx as `--jars lib/a.jar lib/b.jar app.jar`: lib/b.jar
 * becomes the primary resource and app.jar an argument. That shape (one --jars entry, a primary jar
 * from the same directory, jars among the arguments) earns a warning, since it is rarely meant.
 */
export function unquotedGlobWarning(jars: string | undefined, primary: string, appArgs: string[], cwd: string): string | undefined {
  if (!jars || jars.includes(',') || hasGlob(jars) || !primary.endsWith('.jar')) return undefined;
  const dirOf = (p: string) => path.dirname(path.resolve(cwd, p));
  if (dirOf(jars) !== dirOf(primary) || !appArgs.some((a) => a.endsWith('.jar'))) return undefined;
  return `--jars ${jars} is followed by ${primary} from the same directory, which became the primary resource: did the shell expand an unquoted glob? Quote it (--jars '${path.dirname(jars)}/*.jar') or list the jars with commas.`;
}
