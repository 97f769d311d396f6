/**
 * Repository settings from files, never from the command line: Maven's ~/.m2/settings.xml
 * (localRepository, <mirrors>, <servers> credentials, <profiles> repositories) and, read as far as
 * it can be, an Ivy settings file named by spark.jars.ivySettings (<ibiblio root> resolvers and
 * <credentials>). Passwords stay in memory; nothing here is ever printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { UsageError } from '../errors.js';

export interface Server {
  username: string;
  password: string;
}

export interface MavenSettings {
  localRepository?: string;
  mirrors: { id: string; url: string; mirrorOf: string }[];
  servers: Map<string, Server>;
  /** Repositories declared in profiles, by id: a --repositories URL equal to one gets that id's server credentials. */
  repositories: { id: string; url: string }[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, isArray: (name) => ['mirror', 'server', 'profile', 'repository', 'ibiblio', 'credentials'].includes(name) });
type Node = Record<string, unknown>;
const str = (n: unknown, key: string): string | undefined => {
  const v = (n as Node | undefined)?.[key];
  return typeof v === 'string' ? v : undefined;
};
const arr = (n: unknown, ...keys: string[]): Node[] => {
  let at: unknown = n;
  for (const k of keys.slice(0, -1)) at = (at as Node | undefined)?.[k];
  const v = (at as Node | undefined)?.[keys[keys.length - 1] as string];
  return Array.isArray(v) ? (v as Node[]) : [];
};

/** Maven's ${env.NAME} and ${user.home} in settings values (how CI keeps secrets out of the file). */
function expand(value: string | undefined, env: NodeJS.ProcessEnv, home: string): string | undefined {
  return value?.replace(/\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '').replaceAll('${user.home}', home);
}

export function readMavenSettings(file: string, env: NodeJS.ProcessEnv, home: string): MavenSettings {
  const empty: MavenSettings = { mirrors: [], servers: new Map(), repositories: [] };
  if (!fs.existsSync(file)) return empty;
  let doc: Node;
  try {
    doc = parser.parse(fs.readFileSync(file, 'utf8')) as Node;
  } catch (e) {
    throw new UsageError(`${file} is not valid XML: ${(e as Error).message.split('\n')[0]}`, 'Fix the file, or move it aside.');
  }
  const s = doc.settings as Node | undefined;
  if (!s) return empty;
  const x = (v: string | undefined) => expand(v, env, home);
  const servers = new Map<string, Server>();
  for (const n of arr(s, 'servers', 'server')) {
    const id = str(n, 'id');
    if (id) servers.set(id, { username: x(str(n, 'username')) ?? '', password: x(str(n, 'password')) ?? '' });
  }
  return {
    localRepository: x(str(s, 'localRepository')),
    mirrors: arr(s, 'mirrors', 'mirror').flatMap((n) => {
      const id = str(n, 'id');
      const url = str(n, 'url');
      return id && url ? [{ id, url: x(url) as string, mirrorOf: str(n, 'mirrorOf') ?? '' }] : [];
    }),
    servers,
    repositories: arr(s, 'profiles', 'profile').flatMap((p) => arr(p, 'repositories', 'repository')).flatMap((n) => {
      const id = str(n, 'id');
      const url = str(n, 'url');
      return id && url ? [{ id, url: x(url) as string }] : [];
    }),
  };
}

export interface IvySettings {
  /** Roots of <ibiblio m2compatible> resolvers, in file order (one without a root is Maven Central). */
  roots: string[];
  /** <credentials host=… username=… passwd=…>, by host. */
  credentials: Map<string, Server>;
}

/** What apx understands of an Ivy settings file; the rest (patterns, other resolver kinds) is ignored. */
export function readIvySettings(file: string, centralUrl: string): IvySettings {
  if (!fs.existsSync(file)) throw new UsageError(`spark.jars.ivySettings: ${file} does not exist`, 'Point spark.jars.ivySettings at an Ivy settings XML file, or leave it out.');
  let doc: Node;
  try {
    doc = parser.parse(fs.readFileSync(file, 'utf8')) as Node;
  } catch (e) {
    throw new UsageError(`spark.jars.ivySettings: ${file} is not valid XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const roots: string[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n as Node)) {
      if (k === 'ibiblio') for (const r of v as Node[]) roots.push(str(r, '@root') ?? centralUrl);
      else if (!k.startsWith('@')) (Array.isArray(v) ? v : [v]).forEach(visit);
    }
  };
  visit(doc.ivysettings);
  const credentials = new Map<string, Server>();
  for (const c of arr(doc.ivysettings, 'credentials')) {
    const host = str(c, '@host');
    if (host) credentials.set(host, { username: str(c, '@username') ?? '', password: str(c, '@passwd') ?? '' });
  }
  return { roots, credentials };
}

/** Maven's mirrorOf matching for one repository id: *, external:*, a list, and !exclusions. */
export function mirrorMatches(mirrorOf: string, repoId: string, url: string): boolean {
  const parts = mirrorOf.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.includes(`!${repoId}`)) return false;
  const local = /^(file:|https?:\/\/(localhost|127\.0\.0\.1)[:/])/.test(url);
  return parts.some((p) => p === repoId || p === '*' || (p === 'external:*' && !local));
}

export const defaultSettingsFile = (home: string) => path.join(home, '.m2', 'settings.xml');
