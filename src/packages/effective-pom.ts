/**
 * Maven's model building, the part resolution needs: a POM merged with its parents (groupId,
 * version, properties, dependencyManagement and dependencies are inherited), ${…} interpolated,
 * and `import`-scoped BOMs merged into dependencyManagement (DefaultModelBuilder,
 * StringVisitorModelInterpolator, DefaultDependencyManagementImporter).
 */
import { UsageError } from '../errors.js';
import { coordinateText, type Coordinate } from './coordinate.js';
import type { PomDependency, RawPom } from './pom.js';

export interface EffectivePom {
  coordinate: Coordinate;
  packaging: string;
  /** Declared dependencies, versions filled in from dependencyManagement. */
  dependencies: PomDependency[];
  dependencyManagement: Map<string, PomDependency>;
  /** Where the artifact moved (Maven follows <relocation>: the new coordinate's jar and dependencies count). */
  relocatedTo?: Coordinate;
}

export type PomLoader = (c: Coordinate) => Promise<RawPom>;

const managedKey = (d: Pick<PomDependency, 'groupId' | 'artifactId' | 'type' | 'classifier'>) => `${d.groupId}:${d.artifactId}:${d.type}:${d.classifier ?? ''}`;

/** Parent chains longer than this are a cycle or a broken repository. */
const MAX_PARENTS = 32;

export async function effectivePom(c: Coordinate, load: PomLoader, importing: string[] = []): Promise<EffectivePom> {
  const chain: RawPom[] = [];
  for (let at: Coordinate | undefined = c; at; ) {
    if (chain.length >= MAX_PARENTS) throw new UsageError(`the POM parents of ${coordinateText(c)} form a cycle or a chain over ${MAX_PARENTS} long`);
    const raw: RawPom = await load(at);
    chain.push(raw);
    at = raw.parent ? { ...raw.parent } : undefined;
  }
  // Parents first, so a child's property or managed version overrides its parent's.
  const ordered = [...chain].reverse();
  const self = chain[0] as RawPom;
  const props = new Map<string, string>();
  for (const p of ordered) for (const [k, v] of p.properties) props.set(k, v);
  const groupId = self.groupId ?? self.parent?.groupId ?? c.groupId;
  const version = self.version ?? self.parent?.version ?? c.version;
  const builtIn: Record<string, string | undefined> = {
    'project.groupId': groupId, 'pom.groupId': groupId, groupId,
    'project.artifactId': self.artifactId, 'pom.artifactId': self.artifactId, artifactId: self.artifactId,
    'project.version': version, 'pom.version': version, version,
    'project.parent.groupId': self.parent?.groupId, 'project.parent.version': self.parent?.version, 'parent.version': self.parent?.version,
  };
  const lookup = (name: string): string | undefined => builtIn[name] ?? props.get(name);
  const where = coordinateText(c);
  const interp = (d: PomDependency): PomDependency => ({
    ...d,
    groupId: interpolate(d.groupId, lookup),
    artifactId: interpolate(d.artifactId, lookup),
    version: d.version === undefined ? undefined : interpolate(d.version, lookup),
    type: interpolate(d.type, lookup),
    classifier: d.classifier === undefined ? undefined : interpolate(d.classifier, lookup),
    scope: d.scope === undefined ? undefined : interpolate(d.scope, lookup),
  });

  const managed = new Map<string, PomDependency>();
  for (const p of ordered) for (const d of p.dependencyManagement) managed.set(managedKey(d), interp(d));
  // import scope: the BOM's own management, below what this POM manages itself.
  for (const [key, d] of [...managed]) {
    if (d.scope !== 'import' || d.type !== 'pom') continue;
    managed.delete(key);
    const bom = { groupId: d.groupId, artifactId: d.artifactId, version: d.version ?? '' };
    const id = coordinateText(bom);
    if (importing.includes(id)) continue;
    const imported = await effectivePom(bom, load, [...importing, where]);
    for (const [k, m] of imported.dependencyManagement) if (!managed.has(k)) managed.set(k, m);
  }

  const declared = new Map<string, PomDependency>();
  for (const p of ordered) for (const d of p.dependencies) declared.set(managedKey(d), interp(d));
  const dependencies = [...declared.values()].map((d) => {
    const m = managed.get(managedKey(d));
    return { ...d, version: d.version ?? m?.version, scope: d.scope ?? m?.scope, exclusions: d.exclusions.length ? d.exclusions : m?.exclusions ?? [] };
  });
  const moved = self.relocation;
  const relocatedTo = moved ? { groupId: moved.groupId ?? groupId, artifactId: moved.artifactId ?? self.artifactId, version: moved.version ?? version, classifier: c.classifier } : undefined;
  return { coordinate: { ...c, groupId, version }, packaging: self.packaging, dependencies, dependencyManagement: managed, relocatedTo };
}

/** ${name} replaced until none is left; one that names nothing stays, for the caller to refuse where it matters (a version). */
export function interpolate(value: string, lookup: (name: string) => string | undefined): string {
  let out = value;
  for (let i = 0; i < 16 && out.includes('${'); i++) {
    const next = out.replace(/\$\{([^}]+)\}/g, (whole, name: string) => lookup(name) ?? whole);
    if (next === out) break;
    out = next;
  }
  return out;
}
