/**
 * A Maven repository served on loopback by the test itself (Maven 2 layout over http, optional Basic
 * auth), holding real-shaped POMs: parents with properties and dependencyManagement, an imported
 * BOM, scopes, optional dependencies, exclusions, conflicting versions and a classifier.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface Artifact {
  groupId: string;
  artifactId: string;
  version: string;
  /** The <project> body after the coordinates (parent, properties, dependencies, …), as XML. */
  body?: string;
  packaging?: string;
  /** Omit the groupId/version elements (inherited from <parent>). */
  inherit?: boolean;
  /** Extra jars for classifiers, e.g. { 'linux-x86_64': 'native bytes' }. */
  classifiers?: Record<string, string>;
  /** No jar (a parent or a BOM). */
  noJar?: boolean;
}

export const jarBytes = (a: Pick<Artifact, 'groupId' | 'artifactId' | 'version'>, classifier?: string) =>
  Buffer.from(`PK\u0003\u0004 jar of ${a.groupId}:${a.artifactId}:${a.version}${classifier ? `:${classifier}` : ''}`);

export function pomXml(a: Artifact): string {
  const coords = a.inherit ? '' : `<groupId>${a.groupId}</groupId><version>${a.version}</version>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  ${coords}<artifactId>${a.artifactId}</artifactId>
  ${a.packaging ? `<packaging>${a.packaging}</packaging>` : ''}
  ${a.body ?? ''}
</project>
`;
}

/** Writes the artifacts in Maven layout under `root`. */
export function writeRepository(root: string, artifacts: Artifact[]): void {
  for (const a of artifacts) {
    const dir = path.join(root, ...a.groupId.split('.'), a.artifactId, a.version);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${a.artifactId}-${a.version}.pom`), pomXml(a));
    if (!a.noJar && a.packaging !== 'pom') fs.writeFileSync(path.join(dir, `${a.artifactId}-${a.version}.jar`), jarBytes(a));
    for (const [c, bytes] of Object.entries(a.classifiers ?? {})) fs.writeFileSync(path.join(dir, `${a.artifactId}-${a.version}-${c}.jar`), bytes);
  }
}

export interface MavenServer {
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  stop: () => Promise<void>;
}

export async function serveRepository(root: string, auth?: { username: string; password: string }): Promise<MavenServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    if (auth && req.headers.authorization !== `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`) {
      return res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private"' }).end();
    }
    const file = path.join(root, decodeURIComponent(url.pathname.replace(/^\/maven2\//, '/')));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'Content-Type': file.endsWith('.pom') ? 'text/xml' : 'application/java-archive' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export const dep = (g: string, a: string, v?: string, extra = '') => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>${v ? `<version>${v}</version>` : ''}${extra}</dependency>`;
