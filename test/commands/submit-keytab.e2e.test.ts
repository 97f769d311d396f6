/**
 * `apx submit --principal P --keytab FILE` ships the keytab to the AM as Spark 3.x's yarn Client does
 * (Client.amKeytabFileName, prepareLocalResources, createConfArchive): into the app's staging dir,
 * localized for the AM only under `<file name>-<uuid>`, PRIVATE, and named in __spark_conf__.properties
 * as spark.kerberos.keytab — never through the shared (PUBLIC) upload cache, never printed. The
 * keytab is a real one, made by an MIT KDC (test/helpers/kdc.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/config/properties.js';
import { unpackArchive } from '../../src/minicluster/archive-unpack.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { startKdc, type TestKdc } from '../helpers/kdc.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let kdc: TestKdc;
let keytab: string;
let jar: string;
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);

beforeAll(async () => {
  const krb5Config = process.env.KRB5_CONFIG;
  kdc = await startKdc();
  kdc.kinit('etl');
  // Only the keytab is wanted from the KDC: this cluster uses simple auth.
  if (krb5Config === undefined) delete process.env.KRB5_CONFIG;
  else process.env.KRB5_CONFIG = krb5Config;
  keytab = path.join(tempDir(), 'etl.keytab');
  fs.copyFileSync(path.join(kdc.dir, 'etl.keytab'), keytab);
  cluster = await startMini();
  jar = writeJar(tempDir());
}, 60_000);
afterAll(async () => {
  await cluster.stop();
  kdc.stop();
});

const KEYTAB_LINK = /^etl\.keytab-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('apx submit --principal --keytab', () => {
  it('the AM gets the keytab privately from the staging dir, named in its Spark configuration', async () => {
    const bytes = fs.readFileSync(keytab);
    const r = await runApx(['submit', '--cluster', 'mini', '--json', ...quick, '--conf', 'spark.yarn.preserve.staging.files=true', '--principal', 'etl@APX.TEST', '--keytab', keytab, jar], cliEnv(cluster));
    expect(r.code, r.stderr).toBe(0);
    const appId = (events(r.stdout).find((e) => e.type === 'submitted') as { appId: string }).appId;
    const entries = cluster.rm.apps.get(appId)?.submission['am-container-spec']['local-resources'].entry ?? [];
    const shipped = entries.find((e) => KEYTAB_LINK.test(e.key));
    expect(shipped?.value).toMatchObject({ type: 'FILE', visibility: 'PRIVATE', size: bytes.length, resource: `hdfs://127.0.0.1:9000/user/root/.sparkStaging/${appId}/etl.keytab` });
    const node = cluster.store.lookup(`/user/root/.sparkStaging/${appId}/etl.keytab`);
    expect(node && cluster.store.read(node)).toEqual(bytes);
    expect(node?.permission).toBe('600');
    // Not in the shared cache, whose entries are PUBLIC.
    const cached = [...cluster.store.walk('/user/root/.apx/cache')].filter(([, n]) => n.type === 'FILE').map(([, n]) => cluster.store.read(n));
    expect(cached.length).toBeGreaterThan(0);
    expect(cached.some((b) => b.equals(bytes))).toBe(false);

    const archive = entries.find((e) => e.key === '__spark_conf__') as (typeof entries)[number];
    const conf = await unpackArchive('__spark_conf__.zip', cluster.store.read(cluster.store.lookup(new URL(archive.value.resource).pathname) as NonNullable<ReturnType<typeof cluster.store.lookup>>));
    const files = conf.kind === 'zip' ? conf.files : new Map<string, Buffer>();
    const props = new Map(parseProperties((files.get('__spark_conf__.properties') as Buffer).toString('utf8')).map((e) => [e.key, e.value]));
    expect(props.get('spark.kerberos.keytab')).toBe(shipped?.key);
    expect(props.get('spark.kerberos.principal')).toBe('etl@APX.TEST');
    // For the AM only: executors never localize it.
    const dist = new Map(parseProperties((files.get('__spark_dist_cache__.properties') as Buffer).toString('utf8')).map((e) => [e.key, e.value]));
    expect(dist.get('spark.yarn.cache.filenames')).not.toMatch(/keytab/);
    expect(r.stdout + r.stderr).not.toContain(bytes.toString('base64').slice(0, 24));
  });

  it('--dry-run shows where the keytab would go and under which name, not what is in it', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--principal', 'etl@APX.TEST', '--keytab', keytab, jar], cliEnv(cluster));
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => /^ {2}etl\.keytab-/.test(l)) ?? '';
    expect(line.trim().split(/\s+/)[0]).toMatch(KEYTAB_LINK);
    expect(line).toMatch(/FILE PRIVATE {2}hdfs:\/\/[^/]+\/user\/root\/\.sparkStaging\/application_<id>_<n>\/etl\.keytab {2}\(\d+ bytes\)$/);
    expect(r.stdout).not.toContain(fs.readFileSync(keytab).toString('base64').slice(0, 24));
  });

  it('a keytab without a principal, a principal without a keytab, or a missing keytab: exit 2, nothing submitted', async () => {
    const before = cluster.rm.apps.size;
    const noPrincipal = await runApx(['submit', '--cluster', 'mini', '--keytab', keytab, jar], cliEnv(cluster));
    expect(noPrincipal.code).toBe(2);
    expect(noPrincipal.stderr.split('\n')[0]).toBe('apx: both principal and keytab must be given, or neither');
    const noKeytab = await runApx(['submit', '--cluster', 'mini', '--principal', 'etl@APX.TEST', jar], cliEnv(cluster));
    expect(noKeytab.stderr.split('\n').slice(0, 2)).toEqual(['apx: both principal and keytab must be given, or neither', '  Add --keytab FILE holding the keys of that principal.']);
    const missing = await runApx(['submit', '--cluster', 'mini', '--principal', 'etl@APX.TEST', '--keytab', '/nonexistent/etl.keytab', jar], cliEnv(cluster));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('apx: keytab file /nonexistent/etl.keytab does not exist');
    expect(cluster.rm.apps.size).toBe(before);
  });
});
