/**
 * `apx logs` for finished applications whose logs the (mini) cluster aggregated into HDFS, as a real
 * one with yarn.log-aggregation-enable=true does (shared/hadoop-3.3.6/aggregated-logs/): through the
 * JobHistoryServer's REST API, or with no JobHistoryServer straight from the TFile node files over
 * WebHDFS; never through the NodeManager, which has forgotten the containers.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { writeNodeFile } from '../../src/aggregated-logs/tfile-writer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv, runApx } from '../helpers/cli.js';
import { Terminal } from '../helpers/tmux.js';
import { http, startMini, submitTo, tempDir, waitFor, writeJar } from '../helpers/mini.js';

let withJhs: MiniCluster;
let noJhs: MiniCluster;
let jar: string;

beforeAll(async () => {
  [withJhs, noJhs] = await Promise.all([startMini({ logAggregation: { delayMillis: 100 } }), startMini({ logAggregation: { jobHistory: false, delayMillis: 100 } })]);
  jar = writeJar(tempDir());
});
afterAll(async () => {
  await Promise.all([withJhs.stop(), noJhs.stop()]);
});

async function finishedApp(cluster: MiniCluster): Promise<{ appId: string; am: string }> {
  const { result } = await submitTo(cluster, { primary: jar });
  const appId = result.appId as string;
  await waitFor('aggregated logs', () => cluster.logAggregation?.status(appId, true) === 'SUCCEEDED' && cluster.rm.apps.get(appId)?.state === 'FINISHED');
  return { appId, am: cluster.rm.apps.get(appId)?.attempts[0]?.containerId as string };
}

const requests = (cluster: MiniCluster, service: string) => cluster.faults.requests.filter((r) => r.service === service).length;

/** Every framed file of a `yarn logs`-style output: header fields and the bytes between LogContents and End of LogType. */
function framedFiles(out: string): { container: string; node: string; file: string; length: number; contents: string }[] {
  const re = /Container: (\S+) on (\S+)\nLogAggregationType: AGGREGATED\n(=+)\nLogType:(.+)\nLogLastModifiedTime:\w{3} \w{3} \d\d \d\d:\d\d:\d\d \+0000 \d{4}\nLogLength:(\d+)\nLogContents:\n/g;
  const files = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(out))) {
    const start = m.index + m[0].length;
    const trailer = `\nEnd of LogType:${m[4]}\n${'*'.repeat(`End of LogType:${m[4]}`.length + 50)}\n\n`;
    const end = out.indexOf(trailer, start);
    expect(m[3]!.length).toBe(`Container: ${m[1]} on ${m[2]}`.length);
    files.push({ container: m[1]!, node: m[2]!, file: m[4]!, length: Number(m[5]), contents: out.slice(start, end) });
    re.lastIndex = end + trailer.length;
  }
  return files;
}

describe('apx logs of a finished application, log aggregation on', () => {
  it('prints every file of every container through the JobHistoryServer, framed like yarn logs, without asking the NodeManager', async () => {
    const { appId, am } = await finishedApp(withJhs);
    const nmBefore = requests(withJhs, 'nm');
    const jhsBefore = requests(withJhs, 'jhs');
    const r = await runApx(['logs', appId, '--cluster', 'mini'], cliEnv(withJhs));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = framedFiles(r.stdout);
    expect(files.map((f) => f.file)).toEqual(['directory.info', 'launch_container.sh', 'prelaunch.err', 'prelaunch.out', 'stderr', 'stdout']);
    for (const f of files) {
      expect(f).toMatchObject({ container: am, node: 'localhost_45454' });
      expect(Buffer.byteLength(f.contents)).toBe(f.length);
    }
    expect(files.find((f) => f.file === 'stderr')?.contents).toContain('INFO ApplicationMaster: ApplicationAttemptId: appattempt_');
    expect(requests(withJhs, 'jhs')).toBeGreaterThan(jhsBefore);
    expect(requests(withJhs, 'nm')).toBe(nmBefore);
  });

  it('reads the TFile node files over WebHDFS when the cluster has no JobHistoryServer, and prints the same', async () => {
    const { appId, am } = await finishedApp(noJhs);
    const nmBefore = requests(noJhs, 'nm');
    const r = await runApx(['logs', appId, '--cluster', 'mini'], cliEnv(noJhs));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = framedFiles(r.stdout);
    expect(files.map((f) => [f.container, f.file])).toEqual(['directory.info', 'launch_container.sh', 'prelaunch.err', 'prelaunch.out', 'stderr', 'stdout'].map((f) => [am, f]));
    expect(files.find((f) => f.file === 'stderr')?.contents).toContain('INFO ApplicationMaster: ApplicationAttemptId: appattempt_');
    expect(requests(noJhs, 'nm')).toBe(nmBefore);
  });

  it('gives the same bytes from HDFS as from the JobHistoryServer, falling back when the JobHistoryServer is down', async () => {
    const { appId } = await finishedApp(withJhs);
    const env = cliEnv(withJhs);
    const viaJhs = await runApx(['logs', appId, '--cluster', 'mini'], env);
    await withJhs.takeDown('jhs', 2000);
    const viaHdfs = await runApx(['logs', appId, '--cluster', 'mini'], env);
    await waitFor('the JobHistoryServer back', async () => (await http('GET', `${withJhs.urls.jobHistory}/ws/v1/history/info`).catch(() => undefined))?.status === 200, 10_000);
    expect(viaHdfs.code).toBe(0);
    expect(viaHdfs.stderr).toMatch(/connection refused.*reading the aggregated logs from HDFS instead/);
    expect(viaHdfs.stdout).toBe(viaJhs.stdout);
  });

  for (const [name, cluster] of [['JobHistoryServer', () => withJhs], ['WebHDFS', () => noJhs]] as const) {
    it(`--list, --file, --size, --container, --am and --json (${name})`, async () => {
      const c = cluster();
      const { appId, am } = await finishedApp(c);
      const env = cliEnv(c);
      const list = await runApx(['logs', appId, '--cluster', 'mini', '--list'], env);
      expect(list.code).toBe(0);
      const lines = list.stdout.split('\n');
      expect(lines[0]).toBe(`Container: ${am} on localhost_45454`);
      expect(lines[2]).toBe(['LogFile', 'LogLength', 'LastModificationTime', 'LogAggregationType'].map((h) => h.padStart(30)).join('\t'));
      expect(lines.filter((l) => l.endsWith('AGGREGATED')).map((l) => l.trim().split('\t')[0]?.trim())).toEqual(['directory.info', 'launch_container.sh', 'prelaunch.err', 'prelaunch.out', 'stderr', 'stdout']);
      const stderrLength = Number(/^\s+stderr\t\s+(\d+)\t/m.exec(list.stdout)?.[1]);

      const tail = await runApx(['logs', appId, '--cluster', 'mini', '--file', 'stderr', '--size', '-100', '--container', am], env);
      const [t] = framedFiles(tail.stdout);
      expect(framedFiles(tail.stdout)).toHaveLength(1);
      expect(t?.length).toBe(stderrLength);
      expect(Buffer.byteLength(t?.contents ?? '')).toBe(100);
      const head = await runApx(['logs', appId, '--cluster', 'mini', '--file', 'std.*', '--size', '50', '--am', '1'], env);
      expect(framedFiles(head.stdout).map((f) => [f.file, Buffer.byteLength(f.contents)])).toEqual([['stderr', 50], ['stdout', 0]]);

      const json = await runApx(['logs', appId, '--cluster', 'mini', '--json', '--file', 'prelaunch.out'], env);
      expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
        { container: am, node: 'localhost_45454', file: 'prelaunch.out', length: 100, modified: expect.stringMatching(/\+0000/), contents: 'Setting up env variables\nSetting up job resources\nCopying debugging information\nLaunching container\n' },
      ]);

      const none = await runApx(['logs', appId, '--cluster', 'mini', '--file', 'no-such-file'], env);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`no aggregated log of ${appId} matches file no-such-file`);
      const badAm = await runApx(['logs', appId, '--cluster', 'mini', '--am', '3'], env);
      expect(badAm.code).toBe(2);
      expect(badAm.stderr).toContain('has no attempt 3');
    });
  }

  it('gz-compressed node files (compression-type=gz): one zlib stream per block, read over WebHDFS like the JobHistoryServer serves them', async () => {
    const gz = await startMini({ logAggregation: { compression: 'gz', delayMillis: 50 } });
    try {
      const { appId } = await finishedApp(gz);
      const node = gz.store.lookup(`${gz.logAggregation!.appDir(appId, 'root')}/localhost_45454`);
      expect(gz.store.read(node!, 16, 2).toString('hex')).toBe('789c');
      const env = cliEnv(gz);
      const viaJhs = await runApx(['logs', appId, '--cluster', 'mini'], env);
      await gz.takeDown('jhs', 2000);
      const viaHdfs = await runApx(['logs', appId, '--cluster', 'mini'], env);
      expect(viaHdfs.stderr).toContain('reading the aggregated logs from HDFS instead');
      expect(viaHdfs.stdout).toBe(viaJhs.stdout);
      expect(framedFiles(viaHdfs.stdout).find((f) => f.file === 'stderr')?.contents).toContain('INFO ApplicationMaster: ApplicationAttemptId: appattempt_');
    } finally {
      await gz.stop();
    }
  });

  it('finds the aggregated logs when the RM says DISABLED but the NodeManager aggregated them (RM and NM configured differently)', async () => {
    const odd = await startMini({ logAggregation: { rmSaysDisabled: true, jobHistory: false, delayMillis: 50 } });
    try {
      const { result } = await submitTo(odd, { primary: jar });
      const appId = result.appId as string;
      const am = odd.rm.apps.get(appId)?.attempts[0]?.containerId as string;
      await waitFor('the NodeManager to forget the AM', () => odd.logAggregation?.forgotten.has(am));
      const report = await http('GET', `${odd.urls.resourceManager}/ws/v1/cluster/apps/${appId}?user.name=root`);
      expect((report.json as { app: { logAggregationStatus: string } }).app.logAggregationStatus).toBe('DISABLED');
      const r = await runApx(['logs', appId, '--cluster', 'mini', '--file', 'stderr'], cliEnv(odd));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(framedFiles(r.stdout).map((f) => [f.container, f.file])).toEqual([[am, 'stderr']]);
    } finally {
      await odd.stop();
    }
  });

  it('--am 1, --am -1 and --am ALL pick the AM containers of a two-attempt app (yarn logs -am)', async () => {
    const { result } = await submitTo(withJhs, { primary: jar, flags: { conf: ['spark.minicluster.failAttempts=1'] } });
    const appId = result.appId as string;
    await waitFor('aggregated logs', () => withJhs.logAggregation?.status(appId, true) === 'SUCCEEDED');
    const [first, second] = withJhs.rm.apps.get(appId)?.attempts.map((a) => a.containerId) as [string, string];
    expect(first).toMatch(/_01_000001$/);
    expect(second).toMatch(/_02_000001$/);
    const containers = async (am: string) => framedFiles((await runApx(['logs', appId, '--cluster', 'mini', '--file', 'stderr', '--am', am], cliEnv(withJhs))).stdout).map((f) => f.container);
    expect(await containers('1')).toEqual([first]);
    expect(await containers('-1')).toEqual([second]);
    expect((await containers('ALL')).sort()).toEqual([first, second]);
    const attempt1 = await http('GET', `${withJhs.urls.jobHistory}/ws/v1/history/aggregatedlogs?appid=${appId}&appattemptid=appattempt_${appId.slice('application_'.length)}_000001&user.name=root`);
    expect((attempt1.json as { containerLogsInfo: { containerId: string } }).containerLogsInfo.containerId).toBe(first);
  });

  it('stops quietly when the reader has seen enough (| head): no EPIPE trace, exit 0', async () => {
    // More than a pipe holds, so apx is still writing when head has gone.
    noJhs.rm.seedHistory(1, 'root');
    const appId = [...noJhs.rm.apps.keys()].pop() as string;
    const bytes = writeNodeFile('root', [{ id: `container_${appId.slice('application_'.length)}_01_000001`, files: [{ name: 'stdout', bytes: Buffer.alloc(4 << 20, 'a log line\n') }] }]);
    const file = noJhs.store.createFile(`${noJhs.logAggregation!.appDir(appId, 'root')}/localhost_45454`, 'root', false, '640');
    fs.writeFileSync(file.blob as string, bytes);
    noJhs.store.completeFile(file, bytes.length);
    const env = cliEnv(noJhs);
    const r = await new Promise<{ out: string; err: string }>((resolve) => {
      const child = spawn('bash', ['-c', `"${process.execPath}" "${APX}" logs ${appId} --cluster mini | head -2; echo "apx-exit=\${PIPESTATUS[0]}"`], { env });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', () => resolve({ out, err }));
    });
    expect(r.out.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^Container: /), 'LogAggregationType: AGGREGATED']);
    expect(r.out).toContain('apx-exit=0');
    expect(r.err).toBe('');
  });

  it('waits, and says so, while YARN has not finished aggregating (logAggregationStatus NOT_START)', async () => {
    const slow = await startMini({ logAggregation: { delayMillis: 1500 } });
    try {
      const { result } = await submitTo(slow, { primary: jar });
      const appId = result.appId as string;
      expect(slow.logAggregation?.status(appId, true)).toBe('NOT_START');
      const r = await runApx(['logs', appId, '--cluster', 'mini', '--file', 'stderr'], cliEnv(slow));
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`waiting for YARN to aggregate the logs of ${appId} (logAggregationStatus NOT_START)`);
      expect(framedFiles(r.stdout).map((f) => f.file)).toEqual(['stderr']);

      // On a terminal: a spinner on stderr while waiting, then the logs.
      const { result: onTty } = await submitTo(slow, { primary: jar });
      const term = new Terminal(120, 30);
      try {
        term.start(`${process.execPath} ${APX} logs ${onTty.appId} --cluster mini --file prelaunch.out`, cliEnv(slow));
        await waitFor('the spinner', () => /waiting for YARN to aggregate the logs of .* \(logAggregationStatus NOT_START\)/.test(term.screen()) || undefined, 5000);
        await waitFor('the logs', () => term.screen().includes('EXIT=0') || undefined, 10_000);
        expect(term.screen()).toContain('LogType:prelaunch.out');
        expect(term.screen()).not.toMatch(/apx: waiting/);
      } finally {
        term.kill();
      }

      const { result: again } = await submitTo(slow, { primary: jar });
      const short = await runApx(['logs', again.appId as string, '--cluster', 'mini', '--wait', '200ms'], cliEnv(slow));
      expect(short.code).toBe(3);
      expect(short.stderr).toContain('are not aggregated yet (logAggregationStatus NOT_START');
    } finally {
      await slow.stop();
    }
  });
});
