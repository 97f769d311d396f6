/**
 * The library submits as `apx submit` does, spark.jars.packages included (the CLI's --packages): the
 * resolved jars ship under Spark's names and the resolution is announced on the event stream.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ApxClient, type ApxEvent } from '../../src/index.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { serveRepository, writeRepository, type MavenServer } from '../helpers/maven-repo.js';
import { QUICK_APP, startMini, tempDir, writeJar } from '../helpers/mini.js';
import { ARTIFACTS, CONNECTOR, EXPECTED } from '../packages/fixture.js';

let cluster: MiniCluster;
let server: MavenServer;
let client: ApxClient;
let jar: string;
const quick = Object.fromEntries(QUICK_APP.map((kv) => kv.split('=') as [string, string]));

beforeAll(async () => {
  cluster = await startMini();
  const repo = tempDir('apx-maven-');
  writeRepository(repo, ARTIFACTS);
  server = await serveRepository(repo);
  const dir = tempDir('apx-lib-');
  jar = writeJar(dir);
  const state = path.join(dir, 'mini.json');
  fs.writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  const env = { APX_MINICLUSTER_STATE: state, HOME: dir, APX_CONFIG_DIR: path.join(dir, 'cfg'), DEFAULT_ARTIFACT_REPOSITORY: server.url };
  client = await connect({ cluster: 'mini', embedMini: false, user: 'root', env, cwd: dir });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
  await cluster?.stop();
});

describe('spark.jars.packages through the library', () => {
  it('resolves the coordinates with their dependencies and ships the jars, as apx submit --packages does', async () => {
    const handle = client.submit({ resource: jar, mainClass: 'com.acme.Main', conf: { ...quick, 'spark.jars.packages': CONNECTOR } });
    const events: ApxEvent[] = [];
    for await (const e of handle) events.push(e);
    const result = await handle.result;
    expect(result).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    const links = (cluster.rm.apps.get(result.appId as string)?.submission['am-container-spec']['local-resources'].entry ?? []).map((e) => e.key);
    expect(links).toContain('com.acme_acme-connector-2.0.jar');
    // The packages' jars, besides the app's own and the job channel's library apx ships with every app.
    expect(links.filter((k) => k.endsWith('.jar') && k !== '__app__.jar' && k !== 'apx-channel.jar').length).toBe(EXPECTED.length);
    expect(events.find((e) => e.type === 'activity' && (e as { step?: string }).step === 'packages')).toMatchObject({ message: `packages: ${EXPECTED.length} jar(s) resolved (${EXPECTED.length} downloaded)` });
  });
});
