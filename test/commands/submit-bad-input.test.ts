/**
 * Bad input answers before anything is uploaded: one line (and a hint), no stack trace, exit 2,
 * and the cluster sees nothing. The mini cluster is never used unless asked for by name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { startMini, tempDir, writeJar } from '../helpers/mini.js';
import { cliEnv, runApx } from '../helpers/cli.js';

let cluster: MiniCluster;
let dir: string;
let jar: string;

beforeAll(async () => {
  cluster = await startMini();
  dir = tempDir();
  jar = writeJar(dir);
});
afterAll(() => cluster.stop());

function nothingReachedTheCluster(before: { apps: number; files: number }) {
  expect(cluster.rm.apps.size).toBe(before.apps);
  expect([...cluster.store.walk('/')].length).toBe(before.files);
}

async function expectUsageError(args: string[], message: RegExp, env = cliEnv(cluster)) {
  const before = { apps: cluster.rm.apps.size, files: [...cluster.store.walk('/')].length };
  const r = await runApx(args, env, dir);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(r.stdout).toBe('');
  nothingReachedTheCluster(before);
  return r;
}

describe('apx submit refuses bad input with exit 2 and touches nothing', () => {
  it('an upload retry budget that is not a duration', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--class', 'A', '--conf', 'spark.apx.upload.retryBudget=soon', jar],
      /^apx: spark\.apx\.upload\.retryBudget 'soon' is not a duration \(e\.g\. 30s, 2min, 5min\)\n {2}Set it with --conf spark\.apx\.upload\.retryBudget=2min, or leave it out\.\n$/);
  });

  it('a missing primary resource', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--class', 'A', 'missing.jar'], /^apx: primary resource \S+missing\.jar does not exist\n$/);
  });

  it('an unreadable primary resource', async () => {
    if (process.getuid?.() === 0) {
      // root reads everything: check a directory instead, which is just as unusable.
      await expectUsageError(['submit', '--cluster', 'mini', '--class', 'A', dir], /is not a file/);
      return;
    }
    const locked = path.join(dir, 'locked.jar');
    fs.writeFileSync(locked, 'x');
    fs.chmodSync(locked, 0);
    await expectUsageError(['submit', '--cluster', 'mini', '--class', 'A', locked], /is not readable/);
  });

  it('an unknown option (before the primary resource)', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--bogus', jar], /unknown option '--bogus'/);
  });

  it('a memory string Spark would reject', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--driver-memory', '1.5g', jar], /spark\.driver\.memory: '1\.5g' is not a size Spark accepts/);
  });

  it('--conf without =', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--conf', 'spark.foo', jar], /--conf 'spark\.foo' is not of the form key=value/);
  });

  it('malformed Hadoop XML, with the file and line', async () => {
    const conf = tempDir('apx-hadoop-conf-');
    fs.writeFileSync(path.join(conf, 'yarn-site.xml'), '<configuration>\n<property><name>a</name><value>b</value></property>\n<property><name>x</name>\n</configuration>\n');
    const r = await expectUsageError(['submit', jar], /yarn-site\.xml:\d+: malformed XML/, cliEnv(cluster, { HADOOP_CONF_DIR: conf }));
    expect(r.stderr).toContain(path.join(conf, 'yarn-site.xml'));
  });

  it('an unknown cluster profile', async () => {
    await expectUsageError(['submit', '--cluster', 'nosuch', jar], /unknown cluster profile 'nosuch'/);
  });

  it('no cluster configuration at all: an error, never the mini cluster', async () => {
    await expectUsageError(['submit', jar], /no cluster is configured/);
  });

  it('a zero-byte resource, which YARN refuses', async () => {
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '');
    await expectUsageError(['submit', '--cluster', 'mini', '--files', empty, jar], /empty\.txt is empty, and YARN refuses to localize a zero-byte resource/);
  });

  it('a duplicate link name', async () => {
    for (const sub of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
      fs.writeFileSync(path.join(dir, sub, 'data.csv'), sub);
    }
    await expectUsageError(['submit', '--cluster', 'mini', '--files', `${dir}/a/data.csv,${dir}/b/data.csv`, jar], /two resources would both be linked as 'data\.csv'/);
  });

  it('client deploy mode and other masters', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--deploy-mode', 'client', jar], /deploy mode 'client' is not supported/);
    await expectUsageError(['submit', '--cluster', 'mini', '--master', 'local[*]', jar], /master 'local\[\*\]' is not supported/);
  });

  it('a jar with no main class and no --class', async () => {
    const bare = path.join(dir, 'bare.jar');
    fs.writeFileSync(bare, 'not really a zip');
    await expectUsageError(['submit', '--cluster', 'mini', bare], /no main class: pass --class/);
  });
});
