/**
 * ARCHIVE resources through the real bin/apx and the mini NodeManager, which unpacks them as Hadoop
 * 3.3.6 does (streaming ZipInputStream for .zip/.jar, gzip+tar for .tgz): the __spark_libs__.zip
 * kind that failed every attempt on a real cluster (shared/hadoop-3.3.6/localization/) fails here
 * too, and what apx writes now is unpacked, by the mini and by the real JDK.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { putHdfsFile, streamedStoredZip } from '../helpers/archives.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { readWithJdk } from '../helpers/jdk.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

/** A $SPARK_HOME with a jars/ directory of several jars, one well over 64 KiB. */
function sparkHome(): { home: string; jars: Map<string, Buffer> } {
  const home = tempDir('apx-spark-home-');
  fs.mkdirSync(path.join(home, 'jars'));
  const jars = new Map([
    ['spark-core_2.12-3.5.1.jar', randomBytes(200 * 1024)],
    ['spark-yarn_2.12-3.5.1.jar', randomBytes(1000)],
    ['zstd-jni-1.5.5-4.jar', randomBytes(90 * 1024)],
  ]);
  for (const [n, data] of jars) fs.writeFileSync(path.join(home, 'jars', n), data);
  return { home, jars };
}

/** Submits with --json; answers the exit code, the events, the app as the RM sees it, and stderr. */
async function submit(args: string[], env: NodeJS.ProcessEnv) {
  const r = await runApx(['submit', '--json', ...quick, ...args], env);
  const evs = events(r.stdout);
  const appId = (evs.find((e) => e.type === 'submitted') as { appId: string } | undefined)?.appId;
  return { code: r.code, events: evs, app: appId ? cluster.rm.apps.get(appId) : undefined, output: r.stdout + r.stderr };
}

/** SPARK_HOME alone, no cluster profile: nothing tells apx where the cluster keeps Spark, so it ships the jars. */
function sparkHomeEnv(home: string): NodeJS.ProcessEnv {
  return cliEnv(cluster, { SPARK_HOME: home, APX_RM_URL: cluster.urls.resourceManager });
}

describe('__spark_libs__ as the NodeManager unpacks it', () => {
  it('a zip of STORED entries with data descriptors (what apx wrote before) fails every attempt: exit 1, FAILED, "Download and unpack failed"', async () => {
    putHdfsFile(cluster, '/apps/spark/old-apx-libs.zip', await streamedStoredZip(new Map([['spark-yarn_2.12-3.5.1.jar', randomBytes(100 * 1024)]])));
    const r = await submit(['--cluster', 'mini', '--conf', 'spark.yarn.archive=hdfs:///apps/spark/old-apx-libs.zip', jar], cliEnv(cluster));
    expect(r.code).toBe(1);
    expect([r.app?.state, r.app?.finalStatus, r.app?.attempts.length]).toEqual(['FAILED', 'FAILED', 2]);
    expect(r.app?.diagnostics).toMatch(/exited with {2}exitCode: -1000\nFailing this attempt\.Diagnostics: \[[^\]]+\]Failed to download resource \{ \{ hdfs:\/\/[^,]+\/apps\/spark\/old-apx-libs\.zip, \d+, ARCHIVE, null \},pending,/);
    expect(r.output).toContain('org.apache.hadoop.yarn.exceptions.YarnException: Download and unpack failed');
  });

  it('apx\'s own zip of $SPARK_HOME/jars is unpacked: the app succeeds, and the real JDK reads the uploaded bytes jar for jar', async () => {
    const { home, jars } = sparkHome();
    const r = await submit([jar], sparkHomeEnv(home));
    expect(r.code).toBe(0);
    expect(r.app?.finalStatus).toBe('SUCCEEDED');
    const libs = r.events.find((e) => e.type === 'upload-done' && e.link === '__spark_libs__') as { path: string; cached: boolean };
    expect(libs.cached).toBe(false);
    const uploaded = path.join(tempDir(), '__spark_libs__.zip');
    fs.writeFileSync(uploaded, cluster.store.read(cluster.store.lookup(libs.path) as NonNullable<ReturnType<typeof cluster.store.lookup>>));
    expect(await readWithJdk(uploaded)).toEqual({ ok: true, entries: [...jars].map(([name, d]) => ({ name, size: d.length, sha256: sha256(d) })) });
  });

  it('a __spark_libs__.zip cached by apx before the fix is not reused: a new one is built and the app succeeds', async () => {
    const { home, jars } = sparkHome();
    // The cache key apx used before: SHA-256 over "name\0sha256\n" of the jars, in name order.
    const oldKey = createHash('sha256');
    for (const [n, data] of [...jars].sort(([a], [b]) => a.localeCompare(b))) oldKey.update(`${n}\0${sha256(data)}\n`);
    const stale = `/user/root/.apx/cache/${oldKey.digest('hex')}/__spark_libs__.zip`;
    putHdfsFile(cluster, stale, await streamedStoredZip(jars));
    const r = await submit([jar], sparkHomeEnv(home));
    expect(r.output).not.toContain('Download and unpack failed');
    expect(r.code).toBe(0);
    const libs = r.events.find((e) => e.type === 'upload-done' && e.link === '__spark_libs__') as { path: string; cached: boolean };
    expect(libs).toMatchObject({ cached: false });
    expect(libs.path).not.toBe(stale);
  });
});

describe('--archives as the NodeManager unpacks them', () => {
  function userArchives(): { tgz: string; zip: string } {
    const src = tempDir();
    fs.mkdirSync(path.join(src, 'env', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(src, 'env', 'bin', 'python'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(src, 'data.csv'), 'a,b\n1,2\n');
    const out = tempDir();
    execFileSync('tar', ['czf', path.join(out, 'pyenv.tgz'), '-C', src, 'env']);
    execFileSync('zip', ['-q', '-r', path.join(out, 'deps.zip'), 'data.csv', 'env'], { cwd: src });
    return { tgz: path.join(out, 'pyenv.tgz'), zip: path.join(out, 'deps.zip') };
  }

  it('a .tgz with #alias and a .zip (Info-ZIP, deflated) are localized as ARCHIVEs and the app succeeds', async () => {
    const { tgz, zip } = userArchives();
    const r = await submit(['--cluster', 'mini', '--archives', `${tgz}#env,${zip}`, jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    const resources = new Map(r.app?.submission['am-container-spec']['local-resources'].entry.map((e) => [e.key, e.value.type]));
    expect([resources.get('env'), resources.get('deps.zip')]).toEqual(['ARCHIVE', 'ARCHIVE']);
  });

  it('archives the NodeManager cannot unpack fail the attempt with -1000 "Download and unpack failed": a broken .tgz, an old-kind .zip on HDFS', async () => {
    const badTgz = path.join(tempDir(), 'broken.tgz');
    fs.writeFileSync(badTgz, randomBytes(4096));
    putHdfsFile(cluster, '/data/streamed.zip', await streamedStoredZip(new Map([['data.csv', Buffer.from('a,b\n')]])));
    for (const archive of [`${badTgz}#env`, 'hdfs:///data/streamed.zip']) {
      const r = await submit(['--cluster', 'mini', '--conf', 'spark.yarn.maxAppAttempts=1', '--archives', archive, jar], cliEnv(cluster));
      expect(r.code, archive).toBe(1);
      expect(r.app?.state, archive).toBe('FAILED');
      expect(r.app?.diagnostics, archive).toMatch(/exitCode: -1000[\s\S]*Failed to download resource \{ \{ hdfs:\S+, \d+, ARCHIVE, null \}[\s\S]*YarnException: Download and unpack failed/);
    }
  });

  it('a local .zip with STORED entries and data descriptors is refused before anything is uploaded or submitted: exit 2, what is wrong, what to do', async () => {
    const badZip = path.join(tempDir(), 'streamed.zip');
    fs.writeFileSync(badZip, await streamedStoredZip(new Map([['data.csv', Buffer.from('a,b\n')]])));
    const apps = cluster.rm.apps.size;
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--archives', `${badZip}#data`, jar], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--archives ${badZip} cannot be unpacked by YARN: its entry data.csv is stored uncompressed with its CRC and sizes after the data`);
    expect(r.stderr).toMatch(/zip -r, jar cf/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(cluster.rm.apps.size).toBe(apps);
    expect([...cluster.store.walk('/user/root/.apx/cache')].some(([p]) => p.endsWith('streamed.zip'))).toBe(false);
  });
});
