/**
 * `apx submit --proxy-user`: every request carries doAs=, the application is the proxied user's, and
 * its staging dir and cached dependencies are under that user's home — as SparkSubmit's
 * proxyUser.doAs submission does. A cluster that does not allow it answers 403: exit 4, one line
 * and the hint of where the cluster allows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let jar: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);

beforeAll(async () => {
  cluster = await startMini({ proxyUsers: { 'hadoop.proxyuser.root.users': 'etl', 'hadoop.proxyuser.root.hosts': '*' } });
  jar = writeJar(tempDir());
});
afterAll(() => cluster.stop());

describe('apx submit --proxy-user', () => {
  it('submits as the proxied user: the app, its staging dir and its cached jars are theirs', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--json', ...quick, '--proxy-user', 'etl', '--conf', 'spark.yarn.preserve.staging.files=true', jar], cliEnv(cluster));
    expect(r.code, r.stderr).toBe(0);
    const appId = (events(r.stdout).find((e) => e.type === 'submitted') as { appId: string }).appId;
    const app = cluster.rm.apps.get(appId);
    expect(app?.user).toBe('etl');
    const spec = app?.submission['am-container-spec'];
    const paths = spec?.['local-resources'].entry.map((e) => new URL(e.value.resource).pathname) ?? [];
    expect(paths.find((p) => p.endsWith('__app__.jar') || p.endsWith('/app.jar'))).toMatch(/^\/user\/etl\/\.apx\/cache\//);
    expect(paths.find((p) => p.endsWith('__spark_conf__.zip'))).toBe(`/user/etl/.sparkStaging/${appId}/__spark_conf__.zip`);
    expect(spec?.environment.entry.find((e) => e.key === 'SPARK_USER')?.value).toBe('etl');
    expect(cluster.store.lookup(`/user/etl/.sparkStaging/${appId}`)).toBeDefined();
  });

  it('a user the cluster does not let root act for: exit 4, one line saying so, nothing submitted', async () => {
    const before = cluster.rm.apps.size;
    const r = await runApx(['submit', '--cluster', 'mini', '--json', '--proxy-user', 'bob', jar], cliEnv(cluster));
    expect(r.code).toBe(4);
    const [line, hint] = r.stderr.trim().split('\n').filter((l) => !l.startsWith('apx: using the mini cluster'));
    expect(line).toMatch(/^apx: .*permission denied: User: root is not allowed to impersonate bob$/);
    expect(hint).toMatch(/hadoop\.proxyuser\.<you>\.users/);
    expect(cluster.rm.apps.size).toBe(before);
  });

  it('with --principal too: refused as spark-submit refuses it (exit 2)', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--proxy-user', 'etl', '--principal', 'etl@EXAMPLE.COM', '--keytab', '/nonexistent.keytab', jar], cliEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('apx: only one of --proxy-user or --principal can be given');
  });
});
