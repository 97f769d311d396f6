/**
 * The real node files recorded on Hadoop 3.3.6, placed in the mini cluster's HDFS where YARN puts them
 * (aggregated-logs/README "HDFS layout"), read by `apx logs` over WebHDFS with no JobHistoryServer:
 * its stdout is byte for byte what the real `yarn logs` printed (cli/). The IFile one is refused
 * plainly, saying what to do instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, runApx } from '../helpers/cli.js';
import { startMini } from '../helpers/mini.js';
import { FIXTURES } from '../helpers/recording.js';

const DIR = path.join(FIXTURES, 'aggregated-logs');
const cli = (name: string) => fs.readFileSync(path.join(DIR, 'cli', name), 'utf8');
let cluster: MiniCluster;

beforeAll(async () => {
  cluster = await startMini({ logAggregation: { jobHistory: false } });
});
afterAll(() => cluster.stop());

/** `Thu Nov 26 00:44:41 +0000 2026`, as yarn logs prints LogLastModifiedTime, to epoch ms. */
const javaTime = (t: string) => Date.parse(t.replace(/^\w+ (\w+) (\d+) (\S+) \+0000 (\d+)$/, '$1 $2 $4 $3 UTC'));

/** A finished app (logAggregationStatus SUCCEEDED) whose node file is the recorded one, with the recorded mtime. */
function appWithNodeFile(recorded: string, mtime: string, format = 'tfile', recordedAppId?: string): string {
  cluster.rm.seedHistory(1, 'root');
  let appId = [...cluster.rm.apps.keys()].pop() as string;
  if (recordedAppId) {
    // Under the recorded app's own id, so that its containers' ids belong to it (apx refuses another app's).
    const app = cluster.rm.apps.get(appId) as NonNullable<ReturnType<typeof cluster.rm.apps.get>>;
    cluster.rm.apps.delete(appId);
    app.id = recordedAppId;
    cluster.rm.apps.set(recordedAppId, app);
    appId = recordedAppId;
  }
  const dir = cluster.logAggregation!.appDir(appId, 'root').replace('bucket-logs-tfile', `bucket-logs-${format}`);
  const bytes = fs.readFileSync(path.join(DIR, 'files', recorded));
  const file = cluster.store.createFile(`${dir}/localhost_45454`, 'root', false, '640');
  fs.writeFileSync(file.blob as string, bytes);
  cluster.store.completeFile(file, bytes.length);
  file.modificationTime = javaTime(mtime);
  return appId;
}

describe('apx logs on the recorded node files (WebHDFS, no JobHistoryServer)', () => {
  it('prints the DistributedShell app exactly as yarn logs did: all, -log_files stderr -size -2000, -show_container_log_info', async () => {
    const appId = appWithNodeFile('ds-2containers-tfile-none.localhost_45454', 'Thu Nov 26 00:44:41 +0000 2026', 'tfile', 'application_1795653817107_0002');
    const env = cliEnv(cluster);
    const all = await runApx(['logs', appId, '--cluster', 'mini'], env);
    expect(all.stderr).toBe('');
    expect(all.stdout).toBe(cli('ds-all.txt'));
    expect((await runApx(['logs', appId, '--cluster', 'mini', '--file', 'stderr', '--size', '-2000'], env)).stdout).toBe(cli('ds-size-tail-2000-stderr.txt'));
    expect((await runApx(['logs', appId, '--cluster', 'mini', '--list'], env)).stdout).toBe(cli('ds-show_container_log_info.txt'));
    expect((await runApx(['logs', appId, '--cluster', 'mini', '--container', 'container_e09_1795653817107_0002_01_000002', '--node', 'localhost:45454'], env)).stdout).toBe(cli('ds-containerId.txt'));
    // The RM forgets it again: a later test finds the same recorded app through HDFS alone.
    cluster.rm.apps.delete(appId);
  });

  it('the tail of a 1 MiB log spanning two data blocks and two value chunks (-log_files stdout -size -200)', async () => {
    const expected = cli('big-size-tail-200-stdout.txt');
    const appId = appWithNodeFile('ds-big-2containers-tfile-none.localhost_45454', /LogLastModifiedTime:(.*)/.exec(expected)?.[1] as string);
    const r = await runApx(['logs', appId, '--cluster', 'mini', '--file', 'stdout', '--size', '-200'], cliEnv(cluster));
    expect(r.stdout).toBe(expected);
  });

  it('the Spark app with two attempts, all of it', async () => {
    const appId = appWithNodeFile('spark-failed-tfile-none.localhost_45454', 'Thu Nov 26 00:46:34 +0000 2026');
    const r = await runApx(['logs', appId, '--cluster', 'mini'], cliEnv(cluster));
    expect(r.stdout).toBe(cli('spark-failed-all.txt'));
  });

  it('an app the RM has forgotten: found by globbing the owner, over WebHDFS and through the JobHistoryServer, printed like yarn logs', async () => {
    const withJhs = await startMini({ logAggregation: true });
    try {
      for (const c of [cluster, withJhs]) {
        const dir = '/tmp/logs/root/bucket-logs-tfile/0002/application_1795653817107_0002';
        const bytes = fs.readFileSync(path.join(DIR, 'files', 'ds-2containers-tfile-none.localhost_45454'));
        const file = c.store.createFile(`${dir}/localhost_45454`, 'root', true, '640');
        fs.writeFileSync(file.blob as string, bytes);
        c.store.completeFile(file, bytes.length);
        file.modificationTime = javaTime('Thu Nov 26 00:44:41 +0000 2026');
        expect(c.rm.apps.has('application_1795653817107_0002')).toBe(false);
        const r = await runApx(['logs', 'application_1795653817107_0002', '--cluster', 'mini'], cliEnv(c, { HADOOP_USER_NAME: 'alice' }));
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(cli('ds-all.txt'));
      }
      const none = await runApx(['logs', 'application_1000000000000_0999', '--cluster', 'mini'], cliEnv(cluster));
      expect(none.code).toBe(3);
      expect(none.stderr.split('\n')[0]).toBe(`apx: application application_1000000000000_0999 is not known to the ResourceManager at ${cluster.urls.resourceManager}, and no aggregated logs of it were found either`);
    } finally {
      await withJhs.stop();
    }
  });

  it('refuses the IFile (indexed) format plainly: exit 3, what it is, and what to use instead', async () => {
    const appId = appWithNodeFile('ds-1container-ifile.localhost_45454', 'Thu Nov 26 00:51:28 +0000 2026', 'ifile');
    const r = await runApx(['logs', appId, '--cluster', 'mini'], cliEnv(cluster));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("in YARN's IFile (indexed) format");
    expect(r.stderr).toContain('cannot read without a JVM');
    expect(r.stderr).toContain(`yarn logs -applicationId ${appId}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
