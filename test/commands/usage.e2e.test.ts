/** What a new user meets first: --help, errors under --json, and spark-submit's own switches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

describe('--help', () => {
  it('lists the exit codes and points at man apx', async () => {
    const r = await runApx(['--help'], cliEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExit codes:\n {2}0 {4}the application FINISHED\/SUCCEEDED/);
    for (const code of ['1', '2', '3', '4', '5', '6', '70', '130']) expect(r.stdout).toMatch(new RegExp(`\\n  ${code} +\\S`));
    expect(r.stdout).toContain('143 for SIGTERM');
    expect(r.stdout).toContain('See man apx');
  });

  it('submit --help names the profile chosen with apx cluster use as the default cluster', async () => {
    const env = cliEnv(cluster);
    expect((await runApx(['cluster', 'add', 'dev', '--rm', cluster.urls.resourceManager], env)).code).toBe(0);
    expect((await runApx(['cluster', 'use', 'dev'], env)).code).toBe(0);
    // Help text wraps at the terminal width: compare it with the wrapping undone.
    const unwrapped = (text: string) => text.replace(/\s+/g, ' ');
    const r = await runApx(['submit', '--help'], env);
    expect(unwrapped(r.stdout)).toContain('--cluster <name> cluster profile to use (default: dev, from apx cluster use)');
    const fromEnv = await runApx(['status', '--help'], { ...env, APX_CLUSTER: 'mini' });
    expect(unwrapped(fromEnv.stdout)).toContain('(default: mini, from $APX_CLUSTER)');
  });
});

describe('--json', () => {
  it('a usage error is also an error event on stdout, whether apx or the option parser found it', async () => {
    const bad = await runApx(['submit', '--cluster', 'mini', '--json', '--executor-cores', '0', jar], cliEnv(cluster));
    expect(bad.code).toBe(2);
    expect(events(bad.stdout)).toEqual([expect.objectContaining({ type: 'error', exitCode: 2, message: "--executor-cores '0' is not a whole number of at least 1" })]);
    expect(bad.stderr).toContain("apx: --executor-cores '0'");
    const unknown = await runApx(['status', '--json', '--bogus', 'application_1000000000000_0001'], cliEnv(cluster));
    expect(unknown.code).toBe(2);
    expect(events(unknown.stdout)).toEqual([expect.objectContaining({ type: 'error', exitCode: 2, message: "unknown option '--bogus'" })]);
  });

  it('without --json, stdout stays empty', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--executor-cores', '0', jar], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('spark-submit switches', () => {
  it('--conf spark.yarn.submit.waitAppCompletion=false returns once YARN accepted the app, like --detach', async () => {
    const conf = [...QUICK_APP, 'spark.minicluster.hang=true', 'spark.yarn.submit.waitAppCompletion=false'];
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...conf.flatMap((c) => ['--conf', c]), jar], cliEnv(cluster));
    expect(r.code).toBe(0);
    const appId = r.stdout.trim();
    expect(appId).toMatch(/^application_\d+_\d+$/);
    expect(['ACCEPTED', 'RUNNING']).toContain(cluster.rm.apps.get(appId)?.state);
    await runApx(['kill', '--cluster', 'mini', appId], cliEnv(cluster));
  });

  it('a waitAppCompletion that is not a boolean is refused, as Spark refuses it', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--conf', 'spark.yarn.submit.waitAppCompletion=no', jar], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("spark.yarn.submit.waitAppCompletion 'no' is not true or false");
  });
});
