/**
 * Transitive resolution of Maven coordinates the way Maven and Ivy settle it for spark-submit
 * --packages: runtime classpath only (compile and runtime scopes; test, provided, system dropped;
 * optional dependencies of a dependency dropped), exclusions inherited down each path plus the
 * global --exclude-packages and Spark's own modules, and conflicts settled nearest-wins (the
 * shallowest declaration, then the first declared: Maven's NearestVersionSelector), walked breadth-first.
 */
import fs from 'node:fs';
import { UsageError } from '../errors.js';
import { conflictKey, coordinateText, excludes, isSparkModule, type Coordinate, type Exclusion } from './coordinate.js';
import { effectivePom, type EffectivePom, type PomLoader } from './effective-pom.js';
import { parsePom, type PomDependency, type RawPom } from './pom.js';
import type { ArtifactSource } from './repositories.js';

export interface ResolvedArtifact {
  coordinate: Coordinate;
  /** The local jar (in a cache or a local repository). */
  file: string;
  /** Where the jar came from: a repository URL or a local directory. */
  from: string;
  /** The --packages coordinate it was pulled in by, and how deep (0 = asked for). */
  via: string;
  depth: number;
}

const RUNTIME_SCOPES = new Set(['compile', 'runtime']);

interface Pending {
  coordinate: Coordinate;
  type: string;
  depth: number;
  exclusions: Exclusion[];
  via: string;
}

export async function resolvePackages(roots: Coordinate[], globalExclusions: Exclusion[], source: ArtifactSource): Promise<ResolvedArtifact[]> {
  const poms = new Map<string, Promise<RawPom>>();
  const load: PomLoader = (c) => {
    const key = coordinateText({ ...c, classifier: undefined });
    let p = poms.get(key);
    if (!p) {
      p = source.locate({ ...c, classifier: undefined }, 'pom').then((f) => parsePom(fs.readFileSync(f.file, 'utf8'), key));
      poms.set(key, p);
    }
    return p;
  };
  const chosen = new Set<string>();
  const out: ResolvedArtifact[] = [];
  let level: Pending[] = roots.map((c) => ({ coordinate: c, type: 'jar', depth: 0, exclusions: globalExclusions, via: coordinateText(c) }));
  while (level.length) {
    // Who wins is decided in declaration order, before any I/O; then the level is fetched in parallel.
    const winners = level.filter((item) => {
      const key = conflictKey(item.coordinate);
      if (chosen.has(key)) return false; // nearest wins: a shallower or earlier one was taken
      chosen.add(key);
      return true;
    });
    const fetched = await mapLimited(winners, PARALLEL_FETCHES, async (asked) => {
      const { item, pom } = await followRelocations(asked, load);
      const jar = item.type !== 'pom' && pom.packaging !== 'pom' ? await source.locate(item.coordinate, 'jar') : undefined;
      return { asked, item, pom, jar };
    });
    const next: Pending[] = [];
    for (const { asked, item, pom, jar } of fetched) {
      if (item !== asked) {
        // Relocated onto a module already taken (both old and new names asked for): one copy.
        const key = conflictKey(item.coordinate);
        if (chosen.has(key)) continue;
        chosen.add(key);
      }
      if (jar) out.push({ coordinate: item.coordinate, file: jar.file, from: jar.from, via: item.via, depth: item.depth });
      for (const d of pom.dependencies) {
        const child = childOf(d, item, coordinateText(item.coordinate));
        if (child) next.push(child);
      }
    }
    level = next;
  }
  return out;
}

/** Maven's relocation: the artifact asked for moved; its new coordinate stands in (a few hops at most). */
async function followRelocations(item: Pending, load: PomLoader): Promise<{ item: Pending; pom: EffectivePom }> {
  let at = item;
  for (let hops = 0; ; hops++) {
    const pom = await effectivePom(at.coordinate, load);
    const to = pom.relocatedTo;
    if (!to || coordinateText(to) === coordinateText(at.coordinate)) return { item: at, pom };
    if (hops >= 5) throw new UsageError(`${coordinateText(item.coordinate)} is relocated more than 5 times`, 'Ask for the final coordinate with --packages.');
    at = { ...at, coordinate: to };
  }
}

/** Downloads at once per level: enough to hide a remote repository's latency, few enough to be polite. */
const PARALLEL_FETCHES = 8;

/** Like Promise.all over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A declared dependency that belongs on the runtime classpath, or undefined. */
function childOf(d: PomDependency, parent: Pending, declaredIn: string): Pending | undefined {
  if (d.optional || !RUNTIME_SCOPES.has(d.scope ?? 'compile')) return undefined;
  if (excludes(parent.exclusions, d) || isSparkModule(d)) return undefined;
  if (!['jar', 'bundle', 'test-jar', 'pom'].includes(d.type)) return undefined;
  const version = pinnedVersion(d, declaredIn);
  const classifier = d.classifier ?? (d.type === 'test-jar' ? 'tests' : undefined);
  return {
    coordinate: { groupId: d.groupId, artifactId: d.artifactId, version, classifier },
    type: d.type,
    depth: parent.depth + 1,
    exclusions: [...parent.exclusions, ...d.exclusions],
    via: parent.via,
  };
}

/** A version Maven would download: a plain one, or a hard [x] requirement; ranges need metadata apx does not read. */
function pinnedVersion(d: PomDependency, declaredIn: string): string {
  const v = d.version?.trim();
  const what = `${d.groupId}:${d.artifactId} (a dependency of ${declaredIn})`;
  if (!v) throw new UsageError(`${what} has no version, and no dependencyManagement gives one`, `Pin it: --packages ${d.groupId}:${d.artifactId}:VERSION.`);
  if (v.includes('${')) throw new UsageError(`${what} has version ${v}, a property its POM does not define`, `Pin it: --packages ${d.groupId}:${d.artifactId}:VERSION.`);
  const hard = /^\[([^,\]]+)\]$/.exec(v);
  if (hard) return (hard[1] as string).trim();
  if (/^[[(]/.test(v)) throw new UsageError(`${what} asks for the version range ${v}, which apx does not resolve`, `Pin a version in the range: --packages ${d.groupId}:${d.artifactId}:VERSION (a --packages coordinate is nearer, so it wins).`);
  return v;
}
