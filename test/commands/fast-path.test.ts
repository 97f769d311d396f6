/**
 * `apx status` and `apx __complete` skip commander only for argv they fully understand; everything
 * else reaches the full CLI and its messages. The fast runs themselves are covered by
 * operators.e2e.test.ts (status) and the completion tests, through bin/apx.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastCommand } from '../../src/fast-path.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv, runApx } from '../helpers/cli.js';
import { startMini, submitTo, tempDir, writeJar } from '../helpers/mini.js';

const argv = (...args: string[]) => ['node', 'apx', ...args];
const ID = 'application_1000000000000_0001';

describe('the start-up fast path', () => {
  it('takes status and __complete of the usual shapes', () => {
    for (const a of [['status', ID], ['status', '--json', ID], ['status', ID, '--cluster', 'prod', '--insecure'], ['status', '--cluster=prod', ID], ['__complete', 'apps', '--cluster', 'mini'], ['__complete', 'clusters']]) {
      expect(fastCommand(argv(...a)), a.join(' ')).toBeTypeOf('function');
    }
  });

  it('leaves help, unknown or repeated flags, missing values and other commands to the full CLI', () => {
    for (const a of [['status'], ['status', ID, '--help'], ['status', '-h', ID], ['status', ID, '--verbose'], ['status', ID, '--json', '--json'], ['status', ID, '--cluster'], ['status', '--cluster', '--json', ID], ['status', ID, '--json=yes'], ['status', ID, 'extra'], ['__complete'], ['__complete', 'apps', '--json'], ['list'], []]) {
      expect(fastCommand(argv(...a)), a.join(' ')).toBeUndefined();
    }
  });

  it('still says what is wrong, with exit code 2, and the error event with --json', async () => {
    const env = cliEnv(undefined, { APX_RM_URL: 'http://127.0.0.1:9' });
    const bad = await runApx(['status', '--json', 'app_1'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^apx: 'app_1' is not a YARN application id\n {2}Ids look like/);
    expect(JSON.parse(bad.stdout)).toMatchObject({ type: 'error', exitCode: 2, message: "'app_1' is not a YARN application id" });
    const help = await runApx(['status', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: apx status \[options\] <app-id>/);
  });
});

/**
 * NODE_OPTIONS for a child that reports every file node loads, as a module loader hook sees it (so
 * bin/apx runs exactly as users run it). The hook runs on its own thread: it reports on stderr, raw.
 */
function loaderSpy(): string {
  const dir = tempDir('apx-loader-spy-');
  fs.writeFileSync(path.join(dir, 'hooks.mjs'), 'export async function load(url, context, next) {\n  if (url.startsWith("file:")) process._rawDebug(`loaded ${url}`);\n  return next(url, context);\n}\n');
  fs.writeFileSync(path.join(dir, 'spy.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
  return `--import=${pathToFileURL(path.join(dir, 'spy.mjs')).href}`;
}

describe('the start-up fast path, as installed', () => {
  let cluster: MiniCluster;
  beforeAll(async () => {
    cluster = await startMini();
  });
  afterAll(() => cluster.stop());

  // Issue 15: status and __complete start within 1.5× `node -e 0`, and resolving, reading and
  // linking dozens of ES modules was what broke it: they load one bundled file, nothing else.
  it('status and __complete answer with HADOOP_CONF_DIR set, loading bin/apx and one bundled file only', async () => {
    const { result } = await submitTo(cluster, { primary: writeJar(tempDir()), detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    const app = result.appId as string;
    const conf = tempDir('apx-hadoop-conf-');
    fs.writeFileSync(path.join(conf, 'core-site.xml'), '<?xml version="1.0"?>\n<configuration>\n  <property><name>fs.defaultFS</name><value>hdfs://nn.example:9000</value></property>\n</configuration>\n');
    fs.writeFileSync(path.join(conf, 'yarn-site.xml'), '<?xml version="1.0"?>\n<configuration>\n  <property><name>yarn.resourcemanager.hostname</name><value>rm.example</value></property>\n</configuration>\n');
    const env = cliEnv(undefined, { HADOOP_CONF_DIR: conf, APX_RM_URL: cluster.urls.resourceManager, NODE_OPTIONS: loaderSpy() });
    const dist = path.join(path.dirname(path.dirname(APX)), 'dist');
    const loaded = (stderr: string) => [...stderr.matchAll(/^loaded file:\/\/(.*)$/gm)].map((m) => m[1]);

    const status = await runApx(['status', app], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^${app}  com\\.acme\\.Main\\n`));
    expect(loaded(status.stderr)).toEqual([APX, path.join(dist, 'fast-path.bundle.js')]);

    const complete = await runApx(['__complete', 'apps'], env);
    expect(complete.code).toBe(0);
    expect(complete.stdout.split('\n')).toContain(app);
    expect(loaded(complete.stderr)).toEqual([APX, path.join(dist, 'fast-path.bundle.js')]);
  });
});
