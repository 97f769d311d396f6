/**
 * Where POMs and jars come from, in the order they are tried: apx's own download cache
 * ($XDG_CACHE_HOME/apx/maven, Maven layout), the local Maven repository (~/.m2/repository), the Ivy
 * cache Spark's own resolution fills (~/.ivy2), then the remote repositories (Maven Central and
 * spark.jars.repositories, SparkSubmitUtils.createRepoResolvers + processRemoteRepoArg order).
 * Local copies first is what makes a second submission work without the network.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuthError, ClusterError, InterruptedError, UsageError } from '../errors.js';
import type { StopSignal } from '../services/interrupt.js';
import { coordinateText, layoutPath, type Coordinate } from './coordinate.js';

export interface RemoteRepository {
  /** The URL as the user gave it (never with credentials: those come from a file). */
  url: string;
  /** Basic credentials from ~/.m2/settings.xml <servers>; never printed. */
  auth?: { username: string; password: string };
}

export interface LocalRepository {
  layout: 'maven' | 'ivy';
  dir: string;
}

export interface Located {
  file: string;
  /** Where it came from, for --dry-run: a repository URL or a local directory. */
  from: string;
}

const ORIGIN_SUFFIX = '.apx-origin';

export class ArtifactSource {
  /** Remote repositories that could not be reached, so they are not asked again for every file. */
  private readonly unreachable = new Map<string, string>();

  constructor(
    private readonly cacheDir: string,
    private readonly locals: LocalRepository[],
    private readonly remotes: RemoteRepository[],
    private readonly signal?: AbortSignal,
  ) {}

  /** The file of `c` (its .pom or its .jar), downloaded into the cache if no local copy exists. */
  async locate(c: Coordinate, ext: 'pom' | 'jar'): Promise<Located> {
    const rel = layoutPath(c, ext);
    const cached = path.join(this.cacheDir, rel);
    if (fs.existsSync(cached)) return { file: cached, from: readOrigin(cached) };
    for (const local of this.locals) {
      const file = localPath(local, c, ext);
      if (file) return { file, from: local.dir };
    }
    const failures: string[] = [];
    for (const repo of this.remotes) {
      const base = repo.url.replace(/\/+$/, '');
      const known = this.unreachable.get(base);
      if (known) {
        failures.push(known);
        continue;
      }
      const got = await this.download(repo, `${base}/${rel}`, cached);
      if (got === 'found') return { file: cached, from: base };
      if (got !== 'missing') {
        // A repository that is down is not asked again for every other file; a bad checksum is this file's alone.
        if (!got.includes('does not match its .sha1')) this.unreachable.set(base, got);
        failures.push(got);
      }
    }
    const what = `${coordinateText(c)} (${ext})`;
    const refused = failures.find((f) => f.includes('refused access'));
    if (refused) throw new AuthError(`cannot resolve ${what}: ${refused}`);
    if (failures.length) {
      throw new ClusterError(`cannot resolve ${what}: ${failures[0]}`, 'Check the network and the repository URLs; packages resolved once are reused from the local cache without the network.');
    }
    const tried = [...this.locals.map((l) => l.dir), ...this.remotes.map((r) => r.url)].join(', ');
    throw new UsageError(`${what} was not found in any repository (tried ${tried || 'none'})`, 'Check the coordinate, or add the repository that has it with --repositories URL.');
  }

  /** 'found', 'missing' (404/410), or why the repository failed. */
  private async download(repo: RemoteRepository, url: string, dest: string): Promise<'found' | 'missing' | string> {
    const headers: Record<string, string> = {};
    if (repo.auth) headers.authorization = `Basic ${Buffer.from(`${repo.auth.username}:${repo.auth.password}`).toString('base64')}`;
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'follow', signal: this.signal });
    } catch (e) {
      if (this.signal?.aborted) throw interrupted(this.signal);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return `${repo.url} is unreachable (${cause?.code === 'ECONNREFUSED' ? 'connection refused' : cause?.message ?? (e as Error).message})`;
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return 'missing';
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 401 || res.status === 403) return `${repo.url} refused access (${res.status} ${res.statusText})${repo.auth ? ' with the credentials of ~/.m2/settings.xml' : '; give its credentials in ~/.m2/settings.xml <servers>'}`;
      return `${repo.url} answered ${res.status} ${res.statusText}`.trim();
    }
    const data = Buffer.from(await res.arrayBuffer());
    const mismatch = await this.checksumMismatch(url, data, headers);
    if (mismatch) return mismatch;
    // Atomic: a half-written jar in the cache would poison every later submission.
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.writeFileSync(`${dest}${ORIGIN_SUFFIX}`, repo.url);
    fs.renameSync(tmp, dest);
    return 'found';
  }
  /**
   * Maven's checksum policy for what it downloads: the repository's .sha1 must match (a missing one is
   * accepted, as Maven's default "warn" does). A mismatch is reported as the repository's failure and nothing is cached.
   */
  private async checksumMismatch(url: string, data: Buffer, headers: Record<string, string>): Promise<string | undefined> {
    let res: Response;
    try {
      res = await fetch(`${url}.sha1`, { headers, redirect: 'follow', signal: this.signal });
    } catch {
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      return undefined;
    }
    const expected = (await res.text()).trim().split(/\s+/)[0]?.toLowerCase();
    const actual = createHash('sha1').update(data).digest('hex');
    return expected && /^[0-9a-f]{40}$/.test(expected) && expected !== actual ? `${url} does not match its .sha1 (the repository says ${expected}, the download is ${actual})` : undefined;
  }
}

function readOrigin(file: string): string {
  try {
    return `${fs.readFileSync(`${file}${ORIGIN_SUFFIX}`, 'utf8').trim()}, cached`;
  } catch {
    return 'apx download cache';
  }
}

/** A file of the local Maven repository or the Ivy cache, if it has it. */
function localPath(repo: LocalRepository, c: Coordinate, ext: 'pom' | 'jar'): string | undefined {
  const candidates = repo.layout === 'maven'
    ? [path.join(repo.dir, layoutPath(c, ext))]
    : ivyCandidates(repo.dir, c, ext);
  return candidates.find((f) => fs.existsSync(f));
}

/**
 * Ivy's cache as Spark fills it (default cache pattern [organisation]/[module]/[type]s/[artifact]-[revision](-[classifier]).[ext];
 * an m2-compatible resolver keeps the POM as ivy-[revision].xml.original), and Spark's retrieve
 * directory <ivy>/jars/[organization]_[artifact]-[revision](-[classifier]).[ext].
 */
function ivyCandidates(ivyHome: string, c: Coordinate, ext: 'pom' | 'jar'): string[] {
  const dir = path.join(ivyHome, 'cache', c.groupId, c.artifactId);
  if (ext === 'pom') return [path.join(dir, 'poms', `${c.artifactId}-${c.version}.pom`), path.join(dir, `ivy-${c.version}.xml.original`)];
  const classifier = c.classifier ? `-${c.classifier}` : '';
  // Spark's local-ivy-cache resolver: <ivy>/local/[organisation]/[module]/[revision]/[type]s/[artifact](-[classifier]).[ext]
  const published = path.join(ivyHome, 'local', c.groupId, c.artifactId, c.version, 'jars', `${c.artifactId}${classifier}.jar`);
  return [published, path.join(dir, 'jars', `${c.artifactId}-${c.version}${classifier}.jar`), path.join(dir, 'bundles', `${c.artifactId}-${c.version}${classifier}.jar`), path.join(ivyHome, 'jars', `${c.groupId}_${c.artifactId}-${c.version}${classifier}.jar`)];
}

function interrupted(signal: AbortSignal): InterruptedError {
  return new InterruptedError('interrupted while resolving packages: nothing was submitted', signal.reason as StopSignal);
}
