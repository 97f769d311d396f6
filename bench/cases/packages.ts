/**
 * --packages resolution of a wide tree (each artifact with a parent POM and a few dependencies) from
 * a loopback repository that answers after a fixed latency, as a remote Maven repository does:
 * cold (empty caches: every POM, .sha1 and jar over the network) and warm (the repository stopped:
 * everything from apx's download cache). Targets: cold within a quarter of the sequential
 * request time (the parallel fetches hide the latency), warm ≤ 500 ms.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SourcedMap } from '../../src/config/sourced.js';
import { resolveSparkPackages } from '../../src/services/packages.js';
import { median, tempDir, type CaseResult } from '../lib.js';

function pom(i: number, deps: number[]): string {
  const dep = (j: number) => `<dependency><groupId>org.bench</groupId><artifactId>lib-${j}</artifactId><version>\${libs.version}</version></dependency>`;
  return `<project><parent><groupId>org.bench</groupId><artifactId>parent</artifactId><version>1</version></parent><artifactId>lib-${i}</artifactId><version>1.0</version><dependencies>${deps.map(dep).join('')}</dependencies></project>`;
}

function writeTree(root: string, count: number): void {
  const put = (rel: string, body: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  };
  put('org/bench/parent/1/parent-1.pom', '<project><groupId>org.bench</groupId><artifactId>parent</artifactId><version>1</version><packaging>pom</packaging><properties><libs.version>1.0</libs.version></properties></project>');
  for (let i = 0; i < count; i++) {
    // A tree four wide: lib-i depends on lib-4i+1 … lib-4i+4.
    const deps = [1, 2, 3, 4].map((k) => 4 * i + k).filter((j) => j < count);
    put(`org/bench/lib-${i}/1.0/lib-${i}-1.0.pom`, pom(i, deps));
    put(`org/bench/lib-${i}/1.0/lib-${i}-1.0.jar`, Buffer.alloc(64 * 1024, i));
  }
}

async function serve(root: string, latencyMs: number): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    setTimeout(() => (fs.existsSync(file) ? res.writeHead(200).end(fs.readFileSync(file)) : res.writeHead(404).end()), latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function packagesResolution(count: number, latencyMs: number, times: number): Promise<CaseResult> {
  const repo = tempDir('apx-bench-maven-');
  writeTree(repo, count);
  const server = await serve(repo, latencyMs);
  const conf = () => {
    const c = new SourcedMap();
    c.set('spark.jars.packages', 'org.bench:lib-0:1.0', 'bench');
    return c;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  let requests = 0;
  let jars = 0;
  const homes: string[] = [];
  try {
    for (let i = 0; i < times; i++) {
      const home = tempDir('apx-bench-home-');
      homes.push(home);
      const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), DEFAULT_ARTIFACT_REPOSITORY: server.url };
      const before = server.requests();
      let t = process.hrtime.bigint();
      jars = (await resolveSparkPackages(conf(), false, env))?.artifacts.length ?? 0;
      cold.push(Number(process.hrtime.bigint() - t) / 1e6);
      requests = server.requests() - before;
      t = process.hrtime.bigint();
      await resolveSparkPackages(conf(), false, { ...env, DEFAULT_ARTIFACT_REPOSITORY: 'http://127.0.0.1:1' });
      warm.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  } finally {
    await server.stop();
    for (const d of [repo, ...homes]) fs.rmSync(d, { recursive: true, force: true });
  }
  const sequential = requests * latencyMs;
  const c = median(cold);
  const w = median(warm);
  return {
    case: 'packages',
    figures: [
      { name: `jars resolved`, value: jars, unit: '' },
      { name: `requests (${latencyMs} ms each)`, value: requests, unit: '' },
      { name: 'cold resolution', value: c, unit: 'ms' },
      { name: 'same requests one after another', value: sequential, unit: 'ms' },
      { name: 'warm resolution (no network)', value: w, unit: 'ms' },
    ],
    target: 'cold ≤ ¼ of sequential; warm ≤ 500 ms',
    pass: c <= sequential / 4 && w <= 500,
  };
}
