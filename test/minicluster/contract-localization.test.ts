/**
 * A failed ARCHIVE localization, against the recording of a real Hadoop 3.3.6 cluster
 * (fixtures/hadoop-3.3.6/localization/): the report's diagnostics must read the same as the real
 * one once ids, times, addresses and the NodeManager's nanoTime are set aside.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { putHdfsFile, streamedStoredZip } from '../helpers/archives.js';
import { loadRecording, missingKeys } from '../helpers/recording.js';
import { http, startMini, waitForState } from '../helpers/mini.js';

let cluster: MiniCluster;
let rm: string;

beforeAll(async () => {
  cluster = await startMini();
  rm = cluster.urls.resourceManager;
});
afterAll(() => cluster.stop());

/** The diagnostics with everything that differs between two runs replaced by a placeholder. */
function shape(diagnostics: string): string {
  return diagnostics
    .replace(/appattempt_\d+_\d+_\d+/g, '<attempt>')
    .replace(/application_\d+_\d+/g, '<app>')
    .replace(/container_(e\d+_)?\d+_\d+_\d+_\d+/g, '<container>')
    .replace(/\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\]/g, '[<time>]')
    .replace(/hdfs:\/\/[^,\s]+/g, '<uri>')
    .replace(/http:\/\/[^/\s]+\//g, '<rm>/')
    .replace(/<uri>, \d+, /g, '<uri>, <timestamp>, ')
    .replace(/\],\d+,DOWNLOADING\}/g, '],<nanotime>,DOWNLOADING}');
}

/** Submits an AM whose only local resource is the ARCHIVE at `p`, with this visibility; answers the app id. */
async function submitArchive(p: string, visibility: 'PUBLIC' | 'PRIVATE', maxAttempts: number): Promise<string> {
  const status = cluster.store.lookup(p) as NonNullable<ReturnType<typeof cluster.store.lookup>>;
  const id = ((await http('POST', `${rm}/ws/v1/cluster/apps/new-application?user.name=root`)).json as Record<string, string>)['application-id'] as string;
  const body = {
    'application-id': id, 'application-name': 'com.acme.Main', 'application-type': 'SPARK', 'max-app-attempts': maxAttempts,
    'am-container-spec': {
      'local-resources': { entry: [{ key: '__spark_libs__', value: { resource: `hdfs://127.0.0.1:9000${p}`, type: 'ARCHIVE', visibility, size: status.length, timestamp: status.modificationTime } }] },
      commands: { command: 'true' },
    },
    resource: { memory: 1024, vCores: 1 },
  };
  expect((await http('POST', `${rm}/ws/v1/cluster/apps?user.name=root`, JSON.stringify(body))).status).toBe(202);
  await waitForState(cluster, id, ['FAILED']);
  return id;
}

describe('localization contract (recorded on Hadoop 3.3.6)', () => {
  it('a PUBLIC __spark_libs__.zip of STORED entries with data descriptors: FAILED after every attempt, with the recorded diagnostics', async () => {
    const rec = loadRecording('localization/rm-app-report-failed-archive-unpack.http');
    const recorded = JSON.parse(rec.final.body) as { app: { diagnostics: string; state: string; finalStatus: string } };
    const libs = '/user/root/.apx/cache/0123abcd/__spark_libs__.zip';
    putHdfsFile(cluster, libs, await streamedStoredZip(new Map([['spark-core_2.12-3.5.1.jar', Buffer.alloc(70_000, 7)]])));
    const id = await submitArchive(libs, 'PUBLIC', 2);
    const got = await http('GET', `${rm}/ws/v1/cluster/apps/${id}?user.name=root`);
    const app = (got.json as typeof recorded).app;
    expect([app.state, app.finalStatus]).toEqual([recorded.app.state, recorded.app.finalStatus]);
    expect(shape(app.diagnostics)).toBe(shape(recorded.app.diagnostics));
    // The recorded RM also counted the failed AM's 205 MB·s as preempted (preemptedResourceSecondsMap
    // entries); the mini keeps preemption at zero, and no client reads it.
    expect(missingKeys(recorded, got.json, ['.app.resourceInfo', '.app.resourceRequests', '.app.preemptedResourceSecondsMap.'])).toEqual([]);
  });

  it('a PRIVATE one (not recorded): -1000, "Download and unpack failed" and the JDK\'s reason, in the private localizer\'s message-then-trace shape', async () => {
    const libs = '/user/root/.sparkStaging/x/__spark_libs__.zip';
    putHdfsFile(cluster, libs, await streamedStoredZip(new Map([['spark-core_2.12-3.5.1.jar', Buffer.alloc(1000, 7)]])));
    const id = await submitArchive(libs, 'PRIVATE', 1);
    const app = cluster.rm.apps.get(id);
    expect(app?.diagnostics).toMatch(/exitCode: -1000\nFailing this attempt\.Diagnostics: \[[^\]]+\]Download and unpack failed\norg\.apache\.hadoop\.yarn\.exceptions\.YarnException: Download and unpack failed\nCaused by: java\.util\.zip\.ZipException: only DEFLATED entries can have EXT descriptor\n/);
  });
});
