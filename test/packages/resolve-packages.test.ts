/**
 * --packages resolution against a Maven repository served on loopback: the runtime classpath Maven
 * would compute, from the network once and then from the local caches without it, credentials
 * from ~/.m2/settings.xml only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourcedMap } from '../../src/config/sourced.js';
import { coordinateText } from '../../src/packages/coordinate.js';
import { resolveSparkPackages } from '../../src/services/packages.js';
import { jarBytes, serveRepository, writeRepository, type MavenServer } from '../helpers/maven-repo.js';
import { tempDir } from '../helpers/mini.js';
import { ARTIFACTS, CONNECTOR, EXPECTED } from './fixture.js';

let repoDir: string;
let server: MavenServer;
/** A repository URL nothing listens on (a port that was just free). */
let down: string;

beforeAll(async () => {
  repoDir = tempDir('apx-maven-');
  writeRepository(repoDir, ARTIFACTS);
  server = await serveRepository(repoDir);
  const gone = await serveRepository(repoDir);
  down = gone.url;
  await gone.stop();
});
afterAll(() => server.stop());

/** A user with an empty home whose "Maven Central" is the loopback repository (Spark's DEFAULT_ARTIFACT_REPOSITORY). */
function userEnv(central = server.url): NodeJS.ProcessEnv {
  const home = tempDir('apx-home-');
  return { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), DEFAULT_ARTIFACT_REPOSITORY: central };
}

function conf(entries: Record<string, string>): SourcedMap {
  const c = new SourcedMap();
  for (const [k, v] of Object.entries(entries)) c.set(k, v, `--conf ${k}`);
  return c;
}

const coords = (r: Awaited<ReturnType<typeof resolveSparkPackages>>) => r?.artifacts.map((a) => coordinateText(a.coordinate));

describe('resolving --packages', () => {
  it('gives the runtime classpath: parents, properties, managed and imported versions, exclusions, a classifier, nearest wins', async () => {
    const c = conf({ 'spark.jars.packages': CONNECTOR });
    const r = await resolveSparkPackages(c, false, userEnv());
    expect(coords(r)).toEqual(EXPECTED);
    const epoll = r?.artifacts.find((a) => a.coordinate.artifactId === 'netty-transport-native-epoll');
    expect(fs.readFileSync(epoll?.file as string, 'utf8')).toBe('PK\u0003\u0004 epoll natives');
    expect(r?.linkNames).toContain('io.netty_netty-transport-native-epoll-4.1.100.Final-linux-x86_64.jar');
    // The jars join --jars under Spark's Ivy retrieve names, after whatever --jars held.
    const jars = c.get('spark.yarn.dist.jars')?.split(',') ?? [];
    expect(jars).toHaveLength(EXPECTED.length);
    expect(jars[0]).toMatch(/acme-connector-2\.0\.jar#com\.acme_acme-connector-2\.0\.jar$/);
    expect(fs.readFileSync((jars[0] as string).split('#')[0] as string)).toEqual(jarBytes({ groupId: 'com.acme', artifactId: 'acme-connector', version: '2.0' }));
  });

  it('--exclude-packages leaves a module and what only it brought out', async () => {
    const r = await resolveSparkPackages(conf({ 'spark.jars.packages': CONNECTOR, 'spark.jars.excludes': 'org.apache.commons:commons-lang3,com.google.guava:guava' }), false, userEnv());
    expect(coords(r)).toEqual(EXPECTED.filter((c) => !/commons-lang3|guava/.test(c)));
  });

  it('a second resolution needs no network: everything comes from the download cache', async () => {
    const env = userEnv();
    const first = await resolveSparkPackages(conf({ 'spark.jars.packages': CONNECTOR }), false, env);
    const offline = { ...env, DEFAULT_ARTIFACT_REPOSITORY: down };
    const asked = server.requests.length;
    const second = await resolveSparkPackages(conf({ 'spark.jars.packages': CONNECTOR }), false, offline);
    expect(server.requests.length).toBe(asked);
    expect(second?.artifacts.map((a) => a.file)).toEqual(first?.artifacts.map((a) => a.file));
    expect(second?.artifacts[0]?.from).toBe(`${server.url}, cached`);
  });

  it('an existing ~/.m2/repository is used before any remote repository', async () => {
    const env = userEnv(down);
    writeRepository(path.join(env.HOME as string, '.m2', 'repository'), ARTIFACTS);
    const r = await resolveSparkPackages(conf({ 'spark.jars.packages': CONNECTOR }), false, env);
    expect(coords(r)).toEqual(EXPECTED);
    expect(r?.artifacts.every((a) => a.from === path.join(env.HOME as string, '.m2', 'repository'))).toBe(true);
  });

  it('a PySpark app gets the jars on its PYTHONPATH too (--py-files), as spark-submit does', async () => {
    const c = conf({ 'spark.jars.packages': 'org.slf4j:slf4j-api:2.0.9' });
    await resolveSparkPackages(c, true, userEnv());
    expect(c.get('spark.yarn.dist.pyFiles')).toMatch(/slf4j-api-2\.0\.9\.jar#org\.slf4j_slf4j-api-2\.0\.9\.jar$/);
  });

  it('bad coordinates, unknown artifacts and unreachable repositories are one line each, with the right exit code', async () => {
    const bad = resolveSparkPackages(conf({ 'spark.jars.packages': 'com.acme:acme-connector' }), false, userEnv());
    await expect(bad).rejects.toMatchObject({ exitCode: 2, message: "--conf spark.jars.packages: 'com.acme:acme-connector' is not a Maven coordinate" });
    const missing = resolveSparkPackages(conf({ 'spark.jars.packages': 'com.acme:nothing:1.0' }), false, userEnv());
    await expect(missing).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^com\.acme:nothing:1\.0 \(pom\) was not found in any repository/) });
    const unreachable = resolveSparkPackages(conf({ 'spark.jars.packages': CONNECTOR }), false, userEnv(down));
    await expect(unreachable).rejects.toMatchObject({ exitCode: 3, message: `cannot resolve com.acme:acme-connector:2.0 (pom): ${down} is unreachable (connection refused)` });
  });
});

describe('private repositories', () => {
  let privateServer: MavenServer;
  const secret = { username: 'deployer', password: 's3cr3t-Pa55' };
  beforeAll(async () => {
    const dir = tempDir('apx-private-');
    writeRepository(dir, [{ groupId: 'com.corp', artifactId: 'internal', version: '1.0', body: `<dependencies><dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency></dependencies>` }]);
    privateServer = await serveRepository(dir, secret);
  });
  afterAll(() => privateServer.stop());

  it('take their credentials from ~/.m2/settings.xml (server id = repository id), never from the URL', async () => {
    const env = userEnv();
    const settings = `<settings><servers><server><id>corp</id><username>deployer</username><password>\${env.CORP_REPO_PASSWORD}</password></server></servers>
  <profiles><profile><id>corp</id><repositories><repository><id>corp</id><url>${privateServer.url}/</url></repository></repositories></profile></profiles></settings>`;
    fs.mkdirSync(path.join(env.HOME as string, '.m2'));
    fs.writeFileSync(path.join(env.HOME as string, '.m2', 'settings.xml'), settings);
    const c = conf({ 'spark.jars.packages': 'com.corp:internal:1.0', 'spark.jars.repositories': privateServer.url });
    const r = await resolveSparkPackages(c, false, { ...env, CORP_REPO_PASSWORD: secret.password });
    expect(coords(r)).toEqual(['com.corp:internal:1.0', 'org.slf4j:slf4j-api:2.0.9']);
    expect(r?.artifacts[0]?.from).toBe(privateServer.url);
  });

  it('without them: exit 4 saying where credentials go; with them in the URL: refused, the password not repeated', async () => {
    const noCreds = resolveSparkPackages(conf({ 'spark.jars.packages': 'com.corp:internal:1.0', 'spark.jars.repositories': privateServer.url }), false, userEnv());
    await expect(noCreds).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/refused access \(401 Unauthorized\); give its credentials in ~\/\.m2\/settings\.xml <servers>$/) });
    const inUrl = privateServer.url.replace('http://', `http://deployer:${secret.password}@`);
    const e = await resolveSparkPackages(conf({ 'spark.jars.packages': 'com.corp:internal:1.0', 'spark.jars.repositories': inUrl }), false, userEnv()).then(
      () => undefined,
      (err: unknown) => err as Error & { exitCode: number; hint?: string },
    );
    expect(e).toMatchObject({ exitCode: 2, message: '--conf spark.jars.repositories: a repository URL must not carry credentials' });
    expect(`${e?.message} ${e?.hint}`).not.toContain(secret.password);
  });
});

describe('where packages come from', () => {
  it('a settings.xml <mirror> of central is asked instead of Central, with its <server> credentials', async () => {
    const dir = tempDir('apx-mirror-');
    writeRepository(dir, ARTIFACTS);
    const mirror = await serveRepository(dir, { username: 'ci', password: 'mirror-secret' });
    try {
      const env = userEnv(down);
      fs.mkdirSync(path.join(env.HOME as string, '.m2'));
      fs.writeFileSync(path.join(env.HOME as string, '.m2', 'settings.xml'), `<settings>
  <mirrors><mirror><id>corp-mirror</id><mirrorOf>central</mirrorOf><url>${mirror.url}</url></mirror></mirrors>
  <servers><server><id>corp-mirror</id><username>ci</username><password>mirror-secret</password></server></servers>
</settings>`);
      const r = await resolveSparkPackages(conf({ 'spark.jars.packages': 'org.slf4j:slf4j-api:2.0.9' }), false, env);
      expect(r?.artifacts.map((a) => a.from)).toEqual([mirror.url]);
    } finally {
      await mirror.stop();
    }
  });

  it('spark.jars.ivySettings: its <ibiblio> roots replace the default chain, its <credentials> apply by host', async () => {
    const dir = tempDir('apx-ivy-repo-');
    writeRepository(dir, ARTIFACTS);
    const repo = await serveRepository(dir, { username: 'ivy', password: 'ivy-secret' });
    try {
      const settings = path.join(tempDir(), 'ivysettings.xml');
      fs.writeFileSync(settings, `<ivysettings>
  <settings defaultResolver="main"/>
  <credentials host="127.0.0.1" realm="private" username="ivy" passwd="ivy-secret"/>
  <resolvers><chain name="main"><ibiblio name="corp" m2compatible="true" root="${repo.url}/"/></chain></resolvers>
</ivysettings>`);
      const r = await resolveSparkPackages(conf({ 'spark.jars.packages': 'org.slf4j:slf4j-api:2.0.9', 'spark.jars.ivySettings': settings }), false, userEnv(down));
      expect(r?.artifacts.map((a) => a.from)).toEqual([`${repo.url}/`.replace(/\/+$/, '')]);
    } finally {
      await repo.stop();
    }
  });

  it('jars from Spark\'s own Ivy cache (~/.ivy2) are used without the network', async () => {
    const env = userEnv(down);
    const ivy = path.join(env.HOME as string, '.ivy2', 'cache', 'org.slf4j', 'slf4j-api');
    fs.mkdirSync(path.join(ivy, 'jars'), { recursive: true });
    fs.writeFileSync(path.join(ivy, 'ivy-2.0.9.xml.original'), fs.readFileSync(path.join(repoDir, 'org', 'slf4j', 'slf4j-api', '2.0.9', 'slf4j-api-2.0.9.pom')));
    fs.writeFileSync(path.join(ivy, 'jars', 'slf4j-api-2.0.9.jar'), 'ivy cached jar');
    const r = await resolveSparkPackages(conf({ 'spark.jars.packages': 'org.slf4j:slf4j-api:2.0.9' }), false, env);
    expect(fs.readFileSync(r?.artifacts[0]?.file as string, 'utf8')).toBe('ivy cached jar');
  });

  it('a download that does not match the repository\'s .sha1 is refused and not cached', async () => {
    const dir = tempDir('apx-bad-sha-');
    writeRepository(dir, ARTIFACTS);
    const jarFile = path.join(dir, 'org', 'slf4j', 'slf4j-api', '2.0.9', 'slf4j-api-2.0.9.jar');
    fs.writeFileSync(`${jarFile}.sha1`, `${'0'.repeat(40)}  slf4j-api-2.0.9.jar\n`);
    const repo = await serveRepository(dir);
    try {
      const env = userEnv(repo.url);
      const r = resolveSparkPackages(conf({ 'spark.jars.packages': 'org.slf4j:slf4j-api:2.0.9' }), false, env);
      await expect(r).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('slf4j-api-2.0.9.jar does not match its .sha1') });
      expect(fs.existsSync(path.join(env.XDG_CACHE_HOME as string, 'apx', 'maven', 'org', 'slf4j', 'slf4j-api', '2.0.9', 'slf4j-api-2.0.9.jar'))).toBe(false);
    } finally {
      await repo.stop();
    }
  });
});

describe('POM features beyond the common ones', () => {
  it('a relocated artifact resolves to where it moved (mysql-connector-java → mysql-connector-j), profiles active by default count', async () => {
    const dir = tempDir('apx-reloc-');
    writeRepository(dir, [
      { groupId: 'mysql', artifactId: 'mysql-connector-java', version: '8.0.33', packaging: 'pom', body: '<distributionManagement><relocation><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId></relocation></distributionManagement>' },
      {
        groupId: 'com.mysql', artifactId: 'mysql-connector-j', version: '8.0.33',
        body: `<dependencies><dependency><groupId>com.google.protobuf</groupId><artifactId>protobuf-java</artifactId><version>\${protobuf.version}</version></dependency></dependencies>
  <profiles>
    <profile><id>defaults</id><activation><activeByDefault>true</activeByDefault></activation><properties><protobuf.version>3.21.9</protobuf.version></properties></profile>
    <profile><id>jdk8</id><activation><jdk>1.8</jdk></activation><dependencies><dependency><groupId>javax.annotation</groupId><artifactId>javax.annotation-api</artifactId><version>1.3.2</version></dependency></dependencies></profile>
  </profiles>`,
      },
      { groupId: 'com.google.protobuf', artifactId: 'protobuf-java', version: '3.21.9' },
    ]);
    const repo = await serveRepository(dir);
    try {
      const r = await resolveSparkPackages(conf({ 'spark.jars.packages': 'mysql:mysql-connector-java:8.0.33,com.mysql:mysql-connector-j:8.0.33' }), false, userEnv(repo.url));
      expect(coords(r)).toEqual(['com.mysql:mysql-connector-j:8.0.33', 'com.google.protobuf:protobuf-java:3.21.9']);
      expect(r?.linkNames[0]).toBe('com.mysql_mysql-connector-j-8.0.33.jar');
    } finally {
      await repo.stop();
    }
  });
});
