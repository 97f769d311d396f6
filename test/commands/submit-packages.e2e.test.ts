/**
 * `apx submit --packages` against the mini cluster: the resolved jars are shipped under Spark's
 * names, --dry-run says which coordinate became which jar and from where, and a second submission
 * with the repository gone resolves from the local cache and uploads 0 bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { jarBytes, serveRepository, writeRepository, type MavenServer } from '../helpers/maven-repo.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';
import { ARTIFACTS, CONNECTOR, EXPECTED } from '../packages/fixture.js';

let cluster: MiniCluster;
let server: MavenServer;
let jar: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);

beforeAll(async () => {
  cluster = await startMini();
  const repo = tempDir('apx-maven-');
  writeRepository(repo, ARTIFACTS);
  server = await serveRepository(repo);
  jar = writeJar(tempDir());
});
afterAll(async () => {
  await server.stop();
  await cluster.stop();
});

const linkOf = (coordinate: string) => {
  const [g, a, v, c] = coordinate.split(':');
  return `${g}_${a}-${v}${c ? `-${c}` : ''}.jar`;
};

function shipped(appId: string): Map<string, Buffer> {
  const entries = cluster.rm.apps.get(appId)?.submission['am-container-spec']['local-resources'].entry ?? [];
  // The staging dir (__spark_conf__.zip) is gone once a watched app ends; the cached jars stay.
  return new Map(entries.flatMap((e) => {
    const node = cluster.store.lookup(new URL(e.value.resource).pathname);
    return node ? [[e.key, cluster.store.read(node)] as const] : [];
  }));
}

describe('apx submit --packages', () => {
  it('--dry-run shows each coordinate, the jar it becomes and the repository it came from', async () => {
    const env = cliEnv(cluster, { DEFAULT_ARTIFACT_REPOSITORY: server.url });
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--packages', CONNECTOR, jar], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  com.acme:acme-connector:2.0 → com.acme_acme-connector-2.0.jar  (${server.url})`);
    expect(r.stdout).toContain(`  com.google.guava:guava:32.1.2-jre → com.google.guava_guava-32.1.2-jre.jar  (${server.url}; via ${CONNECTOR})`);
    expect(r.stdout).toMatch(/spark\.jars\.packages +com\.acme:acme-connector:2\.0 +\(--packages\)/);
    const json = JSON.parse((await runApx(['submit', '--cluster', 'mini', '--dry-run', '--json', '--packages', CONNECTOR, jar], env)).stdout) as { packages: { coordinate: string; link: string; repository: string }[] };
    expect(json.packages.map((p) => p.coordinate)).toEqual(EXPECTED);
    expect(json.packages[0]).toMatchObject({ link: 'com.acme_acme-connector-2.0.jar', repository: `${server.url}, cached` });
  });

  it('ships the resolved jars; the second run, with the repository stopped, resolves offline and uploads 0 bytes', async () => {
    const repo = tempDir('apx-maven-');
    writeRepository(repo, ARTIFACTS);
    const own = await serveRepository(repo);
    const env = cliEnv(cluster, { DEFAULT_ARTIFACT_REPOSITORY: own.url });
    const args = ['submit', '--cluster', 'mini', '--json', ...quick, '--packages', CONNECTOR, jar];
    const first = await runApx(args, env);
    expect(first.code, first.stderr).toBe(0);
    const firstId = (events(first.stdout).find((e) => e.type === 'submitted') as { appId: string }).appId;
    const files = shipped(firstId);
    for (const c of EXPECTED) expect(files.has(linkOf(c)), c).toBe(true);
    expect(files.get('com.acme_acme-connector-2.0.jar')).toEqual(jarBytes({ groupId: 'com.acme', artifactId: 'acme-connector', version: '2.0' }));
    expect(files.get(linkOf('io.netty:netty-transport-native-epoll:4.1.100.Final:linux-x86_64'))?.toString()).toBe('PK\u0003\u0004 epoll natives');
    expect([...files.keys()].some((k) => /guava-31|junit|spark-core|annotations|optional-extra/.test(k))).toBe(false);
    expect(events(first.stdout).find((e) => e.type === 'activity' && e.step === 'packages')).toMatchObject({ message: `packages: ${EXPECTED.length} jar(s) resolved (${EXPECTED.length} downloaded)` });

    await own.stop();
    const asked = own.requests.length;
    const second = await runApx(args, env);
    expect(second.code, second.stderr).toBe(0);
    expect(own.requests.length).toBe(asked);
    const evs = events(second.stdout);
    expect(evs.find((e) => e.type === 'activity' && e.step === 'packages')).toMatchObject({ message: `packages: ${EXPECTED.length} jar(s) resolved (all from local caches, no network)` });
    expect(evs.find((e) => e.type === 'upload-end')).toMatchObject({ uploadedBytes: 0 });
    const secondId = (evs.find((e) => e.type === 'submitted') as { appId: string }).appId;
    expect([...shipped(secondId).keys()].sort()).toEqual([...files.keys()].sort());
  });

  it('a repository that cannot be reached is exit 3, one line, nothing submitted', async () => {
    const before = cluster.rm.apps.size;
    const gone = await serveRepository(tempDir());
    await gone.stop();
    const env = cliEnv(cluster, { DEFAULT_ARTIFACT_REPOSITORY: gone.url });
    const r = await runApx(['submit', '--cluster', 'mini', '--packages', 'org.slf4j:slf4j-api:2.0.9', jar], env);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(`apx: cannot resolve org.slf4j:slf4j-api:2.0.9 (pom): ${gone.url} is unreachable (connection refused)`);
    expect(cluster.rm.apps.size).toBe(before);
    expect(fs.existsSync(path.join(env.XDG_CACHE_HOME as string, 'apx', 'maven', 'org', 'slf4j'))).toBe(false);
  });
});
