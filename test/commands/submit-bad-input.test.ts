/**
 * Bad input answers before anything is uploaded: one line (and a hint), no stack trace, exit 2,
 * and the cluster sees nothing. The mini cluster is never used unless asked for by name.
 */
import { execFileSync } from 'node:child_process';
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
    await expectUsageError(['submit', '--cluster', 'mini', '--driver-memory', '1.5g', jar], /^apx: --driver-memory '1\.5g' is not a size Spark accepts/);
  });

  it('executor memory, counts and cores Spark would refuse, from flags, --conf or spark-defaults.conf', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--executor-memory', '1.5g', jar], /^apx: --executor-memory '1\.5g' is not a size Spark accepts, which takes no fractions/);
    await expectUsageError(['submit', '--cluster', 'mini', '--num-executors', 'two', jar], /^apx: --num-executors 'two' is not a whole number of at least 1\n/);
    await expectUsageError(['submit', '--cluster', 'mini', '--num-executors', '-1', jar], /^apx: --num-executors '-1' is not a whole number of at least 1\n/);
    await expectUsageError(['submit', '--cluster', 'mini', '--executor-cores', '0', jar], /^apx: --executor-cores '0' is not a whole number of at least 1\n/);
    await expectUsageError(['submit', '--cluster', 'mini', '--conf', 'spark.executor.memoryOverhead=1,5g', jar], /^apx: spark\.executor\.memoryOverhead '1,5g' from --conf spark\.executor\.memoryOverhead is not a size Spark accepts/);
    await expectUsageError(['submit', '--cluster', 'mini', '--conf', 'spark.dynamicAllocation.maxExecutors=0', jar], /^apx: spark\.dynamicAllocation\.maxExecutors '0' .*is not a whole number of at least 1/);
    const confDir = tempDir('apx-spark-conf-');
    fs.writeFileSync(path.join(confDir, 'spark-defaults.conf'), '# defaults\nspark.executor.memory 4 GB\n');
    await expectUsageError(['submit', '--cluster', 'mini', jar], new RegExp(`^apx: spark\\.executor\\.memory '4 GB' from ${path.join(confDir, 'spark-defaults.conf')}:2 is not a size Spark accepts`), cliEnv(cluster, { SPARK_CONF_DIR: confDir }));
  });

  it('an empty --name or --queue', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', '--name', '', jar], /^apx: --name '' is empty\n/);
    await expectUsageError(['submit', '--cluster', 'mini', '--queue', '', jar], /^apx: --queue '' is empty\n/);
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

  it('without --class, a missing, empty, directory or corrupt jar is named as such, not as a missing main class', async () => {
    await expectUsageError(['submit', '--cluster', 'mini', 'examples/nosuch.jar'], /^apx: primary resource examples\/nosuch\.jar does not exist\n$/);
    fs.writeFileSync(path.join(dir, 'empty.jar'), '');
    await expectUsageError(['submit', '--cluster', 'mini', 'empty.jar'], /^apx: primary resource empty\.jar is empty, not a jar\n/);
    fs.mkdirSync(path.join(dir, 'classes.jar'), { recursive: true });
    await expectUsageError(['submit', '--cluster', 'mini', 'classes.jar'], /^apx: primary resource classes\.jar is a directory, not a jar\n/);
    fs.writeFileSync(path.join(dir, 'bare.jar'), 'not really a zip');
    const r = await expectUsageError(['submit', '--cluster', 'mini', 'bare.jar'], /^apx: primary resource bare\.jar is not a jar \(not a zip archive\)\n/);
    expect(r.stderr).not.toContain('main class');
  });

  it('a real jar whose manifest names no Main-Class, and no --class', async () => {
    // Built by the JDK's own jar tool: a manifest with no Main-Class entry.
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'hello');
    execFileSync('jar', ['cf', 'nomain.jar', 'readme.txt'], { cwd: dir });
    await expectUsageError(['submit', '--cluster', 'mini', 'nomain.jar'], /^apx: no main class: pass --class \(the manifest of nomain\.jar names no Main-Class\)\n/);
  });
});
