/**
 * --packages for a YARN submission, as SparkSubmit.prepareSubmitEnvironment does it: the
 * coordinates (spark.jars.packages) are resolved on the client with their runtime dependencies,
 * and the jars are added to the jars shipped with the application (spark.yarn.dist.jars; for a
 * PySpark app to --py-files too, DependencyUtils.resolveMavenDependencies + mergeFileLists). From
 * there they go through the content-addressed upload cache like any --jars file.
 */
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { SourcedMap } from '../config/sourced.js';
import { coordinateText, parseCoordinates, parseExclusions, sparkJarName } from '../packages/coordinate.js';
import { ArtifactSource, type LocalRepository, type RemoteRepository } from '../packages/repositories.js';
import { resolvePackages, type ResolvedArtifact } from '../packages/resolver.js';
import { defaultSettingsFile, mirrorMatches, readIvySettings, readMavenSettings, type MavenSettings, type Server } from '../packages/settings.js';

export interface PackageResolution {
  artifacts: ResolvedArtifact[];
  /** The link name each jar gets on the cluster (Spark's Ivy retrieve name). */
  linkNames: string[];
}

/** SparkSubmitUtils.createRepoResolvers: DEFAULT_ARTIFACT_REPOSITORY replaces both defaults (how a site points Spark at its mirror). */
const CENTRAL = 'https://repo1.maven.org/maven2/';
const SPARK_PACKAGES = 'https://repos.spark-packages.org/';

export function apxMavenCache(env: NodeJS.ProcessEnv): string {
  const home = env.HOME || os.homedir();
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'apx', 'maven');
}

/** Resolves spark.jars.packages (if any) and appends the jars to spark.yarn.dist.jars (and pyFiles for Python). */
export async function resolveSparkPackages(conf: SourcedMap, python: boolean, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<PackageResolution | undefined> {
  // Checked even without packages: a password in a URL must not go on to the AM's configuration.
  repositoryUrls(conf);
  const list = conf.get('spark.jars.packages');
  if (!list?.trim()) return undefined;
  const source = conf.sourceOf('spark.jars.packages') ?? 'spark.jars.packages';
  const roots = parseCoordinates(list, source);
  const exclusions = parseExclusions(conf.get('spark.jars.excludes'), conf.sourceOf('spark.jars.excludes') ?? 'spark.jars.excludes');
  const artifacts = await resolvePackages(roots, exclusions, artifactSource(conf, env, signal));
  const linkNames = artifacts.map((a) => sparkJarName(a.coordinate));
  if (artifacts.length) {
    const entries = artifacts.map((a, i) => `${a.file}#${linkNames[i]}`).join(',');
    append(conf, 'spark.yarn.dist.jars', entries, `${source} (resolved)`);
    if (python) append(conf, 'spark.yarn.dist.pyFiles', entries, `${source} (resolved)`);
  }
  return { artifacts, linkNames };
}

function append(conf: SourcedMap, key: string, value: string, source: string): void {
  const existing = conf.get(key);
  conf.set(key, existing ? `${existing},${value}` : value, existing ? `${conf.sourceOf(key)} + ${source}` : source);
}

function artifactSource(conf: SourcedMap, env: NodeJS.ProcessEnv, signal?: AbortSignal): ArtifactSource {
  const home = env.HOME || os.homedir();
  const settings = readMavenSettings(defaultSettingsFile(home), env, home);
  // spark.jars.ivy is Ivy's home (SparkSubmitUtils.buildIvySettings); ~/.ivy2 by default (~/.ivy2.5.2 from Spark 4.0).
  const ivyHome = conf.get('spark.jars.ivy') || path.join(home, '.ivy2');
  const locals: LocalRepository[] = [
    { layout: 'maven', dir: settings.localRepository || path.join(home, '.m2', 'repository') },
    { layout: 'ivy', dir: ivyHome },
  ];
  return new ArtifactSource(apxMavenCache(env), locals, remoteRepositories(conf, env, settings), signal);
}

/** The default chain (central, spark-packages) or an ivySettings file's resolvers, then spark.jars.repositories. */
export function remoteRepositories(conf: SourcedMap, env: NodeJS.ProcessEnv, settings: MavenSettings): RemoteRepository[] {
  const central = env.DEFAULT_ARTIFACT_REPOSITORY || CENTRAL;
  const ivySettingsFile = conf.get('spark.jars.ivySettings');
  const ivy = ivySettingsFile ? readIvySettings(ivySettingsFile, central) : undefined;
  const defaults: [id: string, url: string][] = ivy
    ? ivy.roots.map((url, i) => [`ivysettings-${i}`, url])
    : [['central', central], ['spark-packages', env.DEFAULT_ARTIFACT_REPOSITORY || SPARK_PACKAGES]];
  const userRepos = repositoryUrls(conf);
  const all: [string, string][] = [...defaults, ...userRepos.map((url, i): [string, string] => [settings.repositories.find((r) => sameUrl(r.url, url))?.id ?? `repo-${i + 1}`, url])];
  const seen = new Set<string>();
  const out: RemoteRepository[] = [];
  for (const [id, url] of all) {
    // Maven's mirrors: a mirror of this repository id is asked instead, with the mirror's own credentials.
    const mirror = settings.mirrors.find((m) => mirrorMatches(m.mirrorOf, id, url));
    const [useId, useUrl] = mirror ? [mirror.id, mirror.url] : [id, url];
    const key = useUrl.replace(/\/+$/, '');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ url: useUrl, auth: settings.servers.get(useId) ?? ivyCredentials(ivy?.credentials, useUrl) });
  }
  return out;
}

function repositoryUrls(conf: SourcedMap): string[] {
  const urls = (conf.get('spark.jars.repositories') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const url of urls) checkRepositoryUrl(url, conf.sourceOf('spark.jars.repositories') ?? 'spark.jars.repositories');
  return urls;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

function ivyCredentials(creds: Map<string, Server> | undefined, url: string): Server | undefined {
  if (!creds?.size) return undefined;
  try {
    return creds.get(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

/** Credentials never come from the command line (they would land in shell history and process lists). */
function checkRepositoryUrl(url: string, flag: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${flag}: '${url}' is not a URL`, 'Give repositories as comma-separated http(s) URLs, e.g. --repositories https://repo.example.com/maven2.');
  }
  if (parsed.username || parsed.password) {
    throw new UsageError(`${flag}: a repository URL must not carry credentials`, 'Put them in ~/.m2/settings.xml: a <server> with the id of a <mirror> or profile <repository> with this URL.');
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new UsageError(`${flag}: '${parsed.protocol}' repositories are not supported`, 'Use an http(s) repository URL.');
}

/** For --dry-run and --verbose: coordinate → link name on the cluster, and where the jar came from. */
export function packageLines(r: PackageResolution): string[] {
  return r.artifacts.map((a, i) => `${coordinateText(a.coordinate)} → ${r.linkNames[i]}  (${a.from}${a.depth ? `; via ${a.via}` : ''})`);
}

export function packageJson(r: PackageResolution): { coordinate: string; jar: string; link: string; repository: string; via: string }[] {
  return r.artifacts.map((a, i) => ({ coordinate: coordinateText(a.coordinate), jar: a.file, link: r.linkNames[i] as string, repository: a.from, via: a.via }));
}

/** One line for the upload plan: how many jars --packages brought, and how many needed the network. */
export function packageSummary(r: PackageResolution): string {
  const downloaded = r.artifacts.filter((a) => /^https?:/.test(a.from) && !a.from.endsWith(', cached')).length;
  return `packages: ${r.artifacts.length} jar(s) resolved (${downloaded ? `${downloaded} downloaded` : 'all from local caches, no network'})`;
}
