/** The operator commands through bin/apx: kill, status, list, logs, and cluster profiles. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { startMini, submitTo, tempDir, waitForState, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
  env = cliEnv(cluster);
});
afterAll(() => cluster.stop());

async function running(user = 'root'): Promise<string> {
  const { result } = await submitTo(cluster, { primary: jar, detach: true, env: { HADOOP_USER_NAME: user }, flags: { conf: ['spark.minicluster.hang=true'] } });
  await waitForState(cluster, result.appId as string, ['RUNNING']);
  return result.appId as string;
}

async function finished(): Promise<string> {
  const { result } = await submitTo(cluster, { primary: jar });
  return result.appId as string;
}

describe('apx kill', () => {
  it('kills several applications, waits for KILLED, and exits 0', async () => {
    const [a, b] = [await running(), await running()];
    const r = await runApx(['kill', '--cluster', 'mini', a, b], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${a} KILLED\n${b} KILLED\n`);
    expect([cluster.rm.apps.get(a)?.state, cluster.rm.apps.get(b)?.state]).toEqual(['KILLED', 'KILLED']);
  });

  it('says clearly when an app had already finished, and with which status', async () => {
    const done = await finished();
    const r = await runApx(['kill', '--cluster', 'mini', done], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${done} had already ended: FINISHED/SUCCEEDED (nothing to kill)`);
  });

  it('--no-wait sends the kill and returns', async () => {
    const app = await running();
    const r = await runApx(['kill', '--cluster', 'mini', '--no-wait', app], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${app} kill requested (YARN says KILLING; not waiting)`);
    await waitForState(cluster, app, ['KILLED']);
  });

  it('kills an application of another user (ACLs off, as on the recorded cluster)', async () => {
    const theirs = await running('bob');
    const r = await runApx(['kill', '--cluster', 'mini', theirs], env);
    expect(r.code).toBe(0);
    expect(cluster.rm.apps.get(theirs)?.diagnostics).toBe(`Application ${theirs} was killed by user root`);
  });

  it('an unknown id is reported and exits 3; the others are still killed', async () => {
    const app = await running();
    const r = await runApx(['kill', '--cluster', 'mini', 'application_1000000000000_0999', app], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('application_1000000000000_0999 not found');
    expect(cluster.rm.apps.get(app)?.state).toBe('KILLED');
  });

  it('a --timeout that is not a duration is a usage error', async () => {
    const r = await runApx(['kill', '--cluster', 'mini', '--timeout', 'forever', 'application_1000000000000_0001'], env);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("apx: --timeout 'forever' is not a duration");
  });

  it('a malformed id is refused before anything is sent (exit 2)', async () => {
    const r = await runApx(['kill', '--cluster', 'mini', 'app_1'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("apx: 'app_1' is not a YARN application id\n  Ids look like application_1795488074976_0001 (apx list shows them).\n");
  });
});

describe('apx status', () => {
  it('prints a readable summary of a finished application', async () => {
    const app = await finished();
    const r = await runApx(['status', '--cluster', 'mini', app], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${app}  com\\.acme\\.Main\\n`));
    expect(r.stdout).toMatch(/state {8}FINISHED \(final status SUCCEEDED\)/);
    expect(r.stdout).toMatch(/tracking URL http:\/\/127\.0\.0\.1:\d+\/proxy\//);
    expect(r.stdout).toMatch(/resources {4}\d+ MB-seconds, \d+ vcore-seconds/);
  });

  it('--json prints the full report; diagnostics of a killed app are shown', async () => {
    const app = await running('bob');
    await runApx(['kill', '--cluster', 'mini', app], env);
    const r = await runApx(['status', '--cluster', 'mini', '--json', app], env);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ id: app, user: 'bob', state: 'KILLED', finalStatus: 'KILLED', applicationType: 'SPARK' });
    expect((await runApx(['status', '--cluster', 'mini', app], env)).stdout).toContain(`diagnostics  Application ${app} was killed by user root`);
  });

  it('an unknown id exits 3 with one line; an unreachable cluster exits 3 naming the address', async () => {
    const unknown = await runApx(['status', '--cluster', 'mini', 'application_1000000000000_0999'], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.split('\n')[0]).toBe(`apx: application application_1000000000000_0999 is not known to the ResourceManager at ${cluster.urls.resourceManager}`);
    const dead = await runApx(['status', 'application_1000000000000_0001'], cliEnv(undefined, { APX_RM_URL: 'http://127.0.0.1:9' }));
    expect(dead.code).toBe(3);
    expect(dead.stderr).toMatch(/^apx: cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
  });
});

describe('apx list', () => {
  it('filters by state, user and queue, and prints JSON or a table that fits the width', async () => {
    const mine = await running();
    const theirs = await running('bob');
    const r = await runApx(['list', '--cluster', 'mini', '--state', 'RUNNING', '--user', 'bob', '--json'], env);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((a) => a.id);
    expect(ids).toContain(theirs);
    expect(ids).not.toContain(mine);
    const table = await runApx(['list', '--cluster', 'mini', '--state', 'running'], { ...env, COLUMNS: '80' });
    expect(table.stdout.split('\n')[0]).toMatch(/^APPLICATION ID\s+NAME\s+(.*\s+)?STATE\s+FINAL\b/);
    for (const l of table.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(table.stdout).toContain(mine);
    const none = await runApx(['list', '--cluster', 'mini', '--queue', 'nosuchqueue'], env);
    expect(none.stdout).toBe('no applications match\n');
  });

  it('--limit keeps the newest applications, not the oldest', async () => {
    const ids = [await finished(), await finished(), await finished()];
    const r = await runApx(['list', '--cluster', 'mini', '--limit', '2', '--json'], env);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((a) => a.id)).toEqual([ids[2], ids[1]]);
  });

  it('--since and --limit narrow the list; a bad state is refused with exit 2', async () => {
    await finished();
    const recent = JSON.parse((await runApx(['list', '--cluster', 'mini', '--since', '1h', '--limit', '2', '--json'], env)).stdout) as unknown[];
    expect(recent.length).toBe(2);
    const future = JSON.parse((await runApx(['list', '--cluster', 'mini', '--since', '2999-01-01', '--json'], env)).stdout) as unknown[];
    expect(future).toEqual([]);
    const bad = await runApx(['list', '--cluster', 'mini', '--state', 'BOGUS'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--state 'BOGUS' is not a YARN state");
  });
});

describe('apx logs', () => {
  it('prints the driver log of a finished app (the node still holds it) and other files with --file', async () => {
    const app = await finished();
    const r = await runApx(['logs', '--cluster', 'mini', app], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('INFO ApplicationMaster: Final app status: SUCCEEDED, exitCode: 0');
    expect(r.stdout).not.toContain('LogType:');
    const launch = await runApx(['logs', '--cluster', 'mini', '--file', 'prelaunch.out', app], env);
    expect(launch.stdout).toContain('Launching container');
  });

  it('-f follows a running app until it ends', async () => {
    const { result } = await submitTo(cluster, { primary: jar, detach: true, flags: { conf: ['spark.minicluster.taskMillis=60'] } });
    const r = await runApx(['logs', '--cluster', 'mini', '-f', result.appId as string], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Final app status: SUCCEEDED');
    const lines = r.stdout.trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('a bad --container is a usage error; a file the container never had is named with the ones it has', async () => {
    const app = await finished();
    const bogus = await runApx(['logs', '--cluster', 'mini', '--container', 'bogus', app], env);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.split('\n')[0]).toBe("apx: 'bogus' is not a YARN container id");
    const theirs = await runApx(['logs', '--cluster', 'mini', '--container', 'container_1000000000000_0999_01_000001', app], env);
    expect(theirs.code).toBe(2);
    expect(theirs.stderr.split('\n')[0]).toBe(`apx: container container_1000000000000_0999_01_000001 is not one of ${app}'s`);
    const nosuch = await runApx(['logs', '--cluster', 'mini', '--file', 'nosuch', app], env);
    expect(nosuch.code).toBe(2);
    expect(nosuch.stderr).toMatch(/^apx: container_\S+ has no log file 'nosuch'\n {2}Its log files: .*\bstderr\b.*\. Pick one with --file\.\n$/);
  });

  it('explains plainly when the logs are gone', async () => {
    const app = await finished();
    const cid = cluster.rm.apps.get(app)?.attempts[0]?.containerId as string;
    cluster.containers.containers.delete(cid);
    const r = await runApx(['logs', '--cluster', 'mini', app], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('log aggregation is off on this cluster');
  });
});

describe('apx cluster', () => {
  it('adds, lists, uses, shows and removes profiles; the file is 0600', async () => {
    const e = cliEnv(cluster);
    const add = await runApx(['cluster', 'add', 'dev', '--rm', cluster.urls.resourceManager, '--webhdfs', cluster.urls.nameNode, '--user', 'root', '--queue', 'etl', '--conf', 'spark.executor.memory=2g'], e);
    expect(add.code).toBe(0);
    const file = path.join(e.APX_CONFIG_DIR as string, 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await runApx(['cluster', 'list'], e)).stdout).toMatch(/^ {2}mini {2}\(built-in/m);
    expect((await runApx(['cluster', 'use', 'dev'], e)).code).toBe(0);
    expect((await runApx(['cluster', 'list'], e)).stdout).toMatch(/^\* dev {3}http:/m);
    const show = await runApx(['cluster', 'show', 'dev'], e);
    expect(show.stdout).toContain('queue           etl');
    expect(show.stdout).toContain('conf            spark.executor.memory=2g');
    const status = await runApx(['list', '--json'], e);
    expect(status.code).toBe(0);
    const wrong = await runApx(['cluster', 'remove', 'nosuch'], e);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe("apx: there is no cluster profile 'nosuch' to remove\n  The profiles are: dev (apx cluster list shows them).\n");
    expect((await runApx(['cluster', 'remove', 'dev'], e)).code).toBe(0);
    const gone = await runApx(['cluster', 'show', 'dev'], e);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain("unknown cluster profile 'dev'");
  });

  it('imports a profile from a Hadoop configuration directory', async () => {
    const e = cliEnv(cluster);
    const conf = tempDir('apx-conf-');
    const port = new URL(cluster.urls.resourceManager).port;
    fs.writeFileSync(path.join(conf, 'yarn-site.xml'), `<configuration><property><name>yarn.resourcemanager.webapp.address</name><value>127.0.0.1:${port}</value></property></configuration>`);
    fs.writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>fs.defaultFS</name><value>hdfs://nn.example.com:8020</value></property></configuration>');
    expect((await runApx(['cluster', 'add', 'imported', '--from-hadoop-conf', conf], e)).code).toBe(0);
    const shown = JSON.parse((await runApx(['cluster', 'show', '--json', 'imported'], e)).stdout) as { resourceManagers: string[]; webhdfs: string[] };
    expect(shown.resourceManagers).toEqual([`http://127.0.0.1:${port}`]);
    expect(shown.webhdfs).toEqual(['http://nn.example.com:9870']);
  });

  it('refuses a secret in a profile, a bad URL, and the name mini', async () => {
    const e = cliEnv(cluster);
    expect((await runApx(['cluster', 'add', 'x', '--rm', 'http://rm:8088', '--conf', 'spark.ssl.keyPassword=hunter2'], e)).stderr).toContain('a secret does not belong in a profile file');
    expect((await runApx(['cluster', 'add', 'x', '--rm', 'rm:8088'], e)).stderr).toContain("is not an http(s) URL");
    expect((await runApx(['cluster', 'add', 'mini', '--rm', 'http://rm:8088'], e)).code).toBe(2);
  });
});
