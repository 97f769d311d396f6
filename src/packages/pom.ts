/**
 * A POM as far as dependency resolution needs it (Maven's model: parent, properties,
 * dependencyManagement, dependencies with scope, type, classifier, optional and exclusions).
 * Parsing only; inheritance and interpolation are in effective-pom.ts.
 */
import { XMLParser } from 'fast-xml-parser';
import { UsageError } from '../errors.js';
import type { Exclusion } from './coordinate.js';

export interface PomDependency {
  groupId: string;
  artifactId: string;
  version?: string;
  type: string;
  classifier?: string;
  scope?: string;
  optional: boolean;
  exclusions: Exclusion[];
}

export interface RawPom {
  groupId?: string;
  artifactId: string;
  version?: string;
  packaging: string;
  parent?: { groupId: string; artifactId: string; version: string };
  properties: Map<string, string>;
  dependencyManagement: PomDependency[];
  dependencies: PomDependency[];
  /** <distributionManagement><relocation>: the artifact moved (each part defaults to the old one). */
  relocation?: { groupId?: string; artifactId?: string; version?: string };
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'dependency' || name === 'exclusion' || name === 'profile',
});

type Node = Record<string, unknown>;
const text = (n: Node | undefined, key: string): string | undefined => {
  const v = n?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
};
const child = (n: Node | undefined, key: string): Node | undefined => {
  const v = n?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
};
const list = (n: Node | undefined, key: string): Node[] => {
  const v = n?.[key];
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Node[]) : [];
};

function dependency(d: Node): PomDependency | undefined {
  const groupId = text(d, 'groupId');
  const artifactId = text(d, 'artifactId');
  if (!groupId || !artifactId) return undefined;
  return {
    groupId, artifactId,
    version: text(d, 'version') || undefined,
    type: text(d, 'type') || 'jar',
    classifier: text(d, 'classifier') || undefined,
    scope: text(d, 'scope') || undefined,
    optional: text(d, 'optional') === 'true',
    exclusions: list(child(d, 'exclusions'), 'exclusion').flatMap((e) => {
      const g = text(e, 'groupId');
      const a = text(e, 'artifactId');
      return g && a ? [{ groupId: g, artifactId: a }] : [];
    }),
  };
}

/** `where` names the file in errors (a coordinate or a path). */
export function parsePom(xml: string, where: string): RawPom {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new UsageError(`the POM of ${where} is not valid XML: ${(e as Error).message.split('\n')[0]}`, 'Remove it from the local cache (or fix the repository) and try again.');
  }
  const project = child(doc, 'project');
  const artifactId = text(project, 'artifactId');
  if (!project || !artifactId) throw new UsageError(`the POM of ${where} has no <project><artifactId>`, 'Remove it from the local cache (or fix the repository) and try again.');
  const parentNode = child(project, 'parent');
  const parentG = text(parentNode, 'groupId');
  const parentA = text(parentNode, 'artifactId');
  const parentV = text(parentNode, 'version');
  // Profiles active by default take part like the POM's own sections (DefaultProfileSelector); those
  // activated by JDK, OS, property or file depend on the build machine and are left out.
  const parts = [project, ...list(child(project, 'profiles'), 'profile').filter((p) => text(child(p, 'activation'), 'activeByDefault') === 'true')];
  const properties = new Map<string, string>();
  for (const part of parts) {
    for (const [k, v] of Object.entries(child(part, 'properties') ?? {})) {
      if (typeof v === 'string' || typeof v === 'number') properties.set(k, String(v));
      else if (v === null || (typeof v === 'object' && Object.keys(v as object).length === 0)) properties.set(k, '');
    }
  }
  const deps = (n: Node | undefined) => list(child(n, 'dependencies'), 'dependency').flatMap((d) => dependency(d) ?? []);
  const relocation = child(child(project, 'distributionManagement'), 'relocation');
  return {
    groupId: text(project, 'groupId'),
    artifactId,
    version: text(project, 'version'),
    packaging: text(project, 'packaging') || 'jar',
    parent: parentG && parentA && parentV ? { groupId: parentG, artifactId: parentA, version: parentV } : undefined,
    properties,
    dependencyManagement: parts.flatMap((part) => deps(child(part, 'dependencyManagement'))),
    dependencies: parts.flatMap((part) => deps(part)),
    relocation: relocation ? { groupId: text(relocation, 'groupId') || undefined, artifactId: text(relocation, 'artifactId') || undefined, version: text(relocation, 'version') || undefined } : undefined,
  };
}
