/**
 * `apx logs` of a finished application whose logs were aggregated (issue 14): through the
 * JobHistoryServer's REST API against `curl` of the same files from the same endpoint (≥ 0.9×), and
 * through apx's TFile reader over WebHDFS with no JobHistoryServer (≥ 100 MiB/s); peak RSS of apx
 * for 1 GiB of logs on both paths (≤ 150 MB). Output goes to /dev/null, as `> file` would.
 * Throughput is the streaming rate: each side's time on the big app minus its time on the same
 * containers with a few bytes each (node's start-up, the RM report and /conf, the listing; curl's
 * own start), so a fixed cost of ~0.15 s does not pass for slow streaming. Whole-command rates are
 * shown too. Every client writes to /dev/null (the same open file as stdout) and makes the same
 * JobHistoryServer requests (the listing, then each file). Client CPU time (user + system) per
 * 100 MiB is shown for apx and node http.get: the wall-clock rates move with the machine's load.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { localSource } from '../../src/aggregated-logs/local-source.js';
import { printNodeFile } from '../../src/aggregated-logs/print.js';
import { nodeFileParts } from '../../src/aggregated-logs/tfile-writer.js';
import { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, MiB, ROOT, median, throughputResult, type CaseResult } from '../lib.js';

const RSS_HOOK = path.join(ROOT, 'bench', 'rss-on-exit.mjs');

/** Log-like text: timestamped lines, varied enough not to be a run of one byte. */
function logText(bytes: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let size = 0; size < bytes; n++) {
    const line = `26/11/26 00:45:${String(n % 60).padStart(2, '0')} INFO Executor: Finished task ${n}.0 in stage ${n % 97}.0 (TID ${n}). ${n * 7919} bytes result sent to driver\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** A finished app (logAggregationStatus SUCCEEDED) with `containers` × `perContainer` bytes of stdout in its node file. */
function seedApp(cluster: MiniCluster, text: Buffer, containers: number): { appId: string; ids: string[]; bytes: number } {
  cluster.rm.seedHistory(1, 'bench');
  const appId = [...cluster.rm.apps.keys()].pop() as string;
  const ids = Array.from({ length: containers }, (_, i) => `container_${appId.slice('application_'.length)}_01_${String(i + 1).padStart(6, '0')}`);
  const parts = nodeFileParts('bench', ids.map((id) => ({ id, files: [{ name: 'stdout', bytes: text }] })));
  const file = cluster.store.createFile(`${cluster.logAggregation!.appDir(appId, 'bench')}/localhost_45454`, 'bench', true, '640');
  const fd = fs.openSync(file.blob as string, 'w');
  let length = 0;
  for (const p of parts) length += fs.writeSync(fd, p);
  fs.closeSync(fd);
  cluster.store.completeFile(file, length);
  return { appId, ids, bytes: text.length * containers };
}

function timedChild(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ millis: number; rssKiB?: number; cpuMs?: number; code: number | null; stderr: string }> {
  const started = process.hrtime.bigint();
  const out = fs.openSync('/dev/null', 'w');
  const child = spawn(cmd, args, { env, stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      fs.closeSync(out);
      const rss = /apx-bench-maxrss-kib=(\d+)/.exec(stderr)?.[1];
      const cpu = /apx-bench-cpu-us=(\d+)/.exec(stderr)?.[1];
      resolve({ code, millis: Number(process.hrtime.bigint() - started) / 1e6, rssKiB: rss ? Number(rss) : undefined, cpuMs: cpu ? Number(cpu) / 1000 : undefined, stderr });
    }),
  );
}

function apxEnv(cluster: MiniCluster): NodeJS.ProcessEnv {
  return { ...process.env, APX_RM_URL: cluster.urls.resourceManager, APX_WEBHDFS_URL: cluster.urls.nameNode, HADOOP_USER_NAME: 'bench', APX_CONFIG_DIR: '/nonexistent' };
}

async function apxLogs(cluster: MiniCluster, appId: string): Promise<{ millis: number; rssKiB: number; cpuMs: number }> {
  const r = await timedChild(process.execPath, ['--import', RSS_HOOK, APX, 'logs', appId], apxEnv(cluster));
  if (r.code !== 0) throw new Error(`apx logs failed: ${r.stderr}`);
  return { millis: r.millis, rssKiB: r.rssKiB ?? 0, cpuMs: r.cpuMs ?? 0 };
}

export async function aggregatedLogsCases(sizeMiB: number, memoryMiB: number, times: number): Promise<CaseResult[]> {
  const [rest, hdfs] = await Promise.all([MiniCluster.start({ logAggregation: true }), MiniCluster.start({ logAggregation: { jobHistory: false } })]);
  try {
    const text = logText(Math.min(sizeMiB, 64) * MiB);
    const containers = Math.max(1, Math.round(sizeMiB / Math.min(sizeMiB, 64)));
    const a = seedApp(rest, text, containers);
    const b = seedApp(hdfs, text, containers);
    const tinyText = Buffer.from('x\n');
    const aTiny = seedApp(rest, tinyText, containers);
    const bTiny = seedApp(hdfs, tinyText, containers);
    // The requests apx makes to the JobHistoryServer: the listing of the app's containers, then each
    // file. The listing is not free on a big app (the server walks the node file to list it), so curl
    // and node http.get make it too: otherwise apx's streaming time would carry a cost theirs does not.
    const urls = (appId: string, ids: string[]) => [
      `${rest.urls.jobHistory}/ws/v1/history/aggregatedlogs?appid=${appId}&user.name=bench`,
      ...ids.map((id) => `${rest.urls.jobHistory}/ws/v1/history/containerlogs/${id}/stdout?user.name=bench`),
    ];
    const curlRun = async (app: { appId: string; ids: string[] }) => {
      const c = await timedChild('curl', ['-s', '--fail', ...urls(app.appId, app.ids)], process.env);
      if (c.code !== 0) throw new Error(`curl failed: ${c.stderr}`);
      return c.millis;
    };
    const apx: number[] = [];
    const curl: number[] = [];
    const nodeGet: number[] = [];
    const nodeGetFixed: number[] = [];
    const nodeCpu: number[] = [];
    const nodeCpuFixed: number[] = [];
    const nodeRun = async (app: { appId: string; ids: string[] }, cpu: number[]) => {
      const r = await timedChild(process.execPath, ['--import', RSS_HOOK, path.join(ROOT, 'bench', 'node-get.mjs'), ...urls(app.appId, app.ids)], process.env);
      cpu.push(r.cpuMs ?? 0);
      return r.millis;
    };
    const apxCpu: number[] = [];
    const apxCpuFixed: number[] = [];
    const apxFixed: number[] = [];
    const curlFixed: number[] = [];
    const tfile: number[] = [];
    const tfileFixed: number[] = [];
    const reader: number[] = [];
    for (let i = 0; i < times; i++) {
      const big = await apxLogs(rest, a.appId);
      const tiny = await apxLogs(rest, aTiny.appId);
      apx.push(big.millis);
      apxFixed.push(tiny.millis);
      apxCpu.push(big.cpuMs);
      apxCpuFixed.push(tiny.cpuMs);
      curl.push(await curlRun(a));
      curlFixed.push(await curlRun(aTiny));
      nodeGet.push(await nodeRun(a, nodeCpu));
      nodeGetFixed.push(await nodeRun(aTiny, nodeCpuFixed));
      tfile.push((await apxLogs(hdfs, b.appId)).millis);
      tfileFixed.push((await apxLogs(hdfs, bTiny.appId)).millis);
      // The reader alone, in this process, on the node file's local bytes (no HTTP, no child start-up).
      const node = hdfs.store.lookup(`${hdfs.logAggregation!.appDir(b.appId, 'bench')}/localhost_45454`);
      const t = process.hrtime.bigint();
      await printNodeFile({ source: localSource(node?.blob as string), node: 'localhost_45454', modified: '' }, {}, () => {});
      reader.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const sizeLabel = `${sizeMiB} MiB in ${containers} containers`;
    const rate = (ms: number[], fixed: number[] = [0]) => b.bytes / MiB / ((median(ms) - median(fixed)) / 1000);
    const streaming = (ms: number[], fixed: number[]) => [Math.max(1, median(ms) - median(fixed))];
    const restCase = throughputResult(`logs of a finished app, JobHistoryServer REST (${sizeLabel})`, a.bytes, { label: 'apx logs (streaming)', millis: streaming(apx, apxFixed) }, { label: 'curl (streaming)', millis: streaming(curl, curlFixed) }, 0.9);
    restCase.figures.push(
      { name: 'apx logs, whole command', value: rate(apx), unit: 'MiB/s' },
      { name: 'curl, whole command', value: rate(curl), unit: 'MiB/s' },
      // The plainest Node.js client on the same URLs: what Node's HTTP stack itself reaches here.
      { name: 'node http.get (streaming), reference', value: rate(nodeGet, nodeGetFixed), unit: 'MiB/s' },
      // CPU time (user + system) spent streaming, big app minus tiny one: what the machine's load does not
      // change. Wall-clock rates on a loaded machine punish the client that needs more CPU per byte.
      { name: 'apx CPU time streaming, per 100 MiB', value: ((median(apxCpu) - median(apxCpuFixed)) * 100 * MiB) / a.bytes, unit: 'ms' },
      { name: 'node http.get CPU time streaming, per 100 MiB', value: ((median(nodeCpu) - median(nodeCpuFixed)) * 100 * MiB) / a.bytes, unit: 'ms' },
      { name: 'apx fixed cost (tiny logs)', value: median(apxFixed), unit: 'ms' },
      { name: 'curl fixed cost (tiny logs)', value: median(curlFixed), unit: 'ms' },
    );
    const tfileCase: CaseResult = {
      case: `logs of a finished app, TFile over WebHDFS, no JobHistoryServer (${sizeLabel})`,
      figures: [
        { name: 'apx logs (streaming)', value: rate(tfile, tfileFixed), unit: 'MiB/s' },
        { name: 'apx logs, whole command', value: rate(tfile), unit: 'MiB/s' },
        { name: 'TFile reader alone (local file)', value: rate(reader), unit: 'MiB/s' },
      ],
      target: '≥ 100 MiB/s through the TFile reader',
      pass: rate(tfile) >= 100,
    };
    // Memory: 1 GiB of logs on both paths.
    const bigText = logText(64 * MiB);
    const n = Math.round(memoryMiB / 64);
    const bigA = seedApp(rest, bigText, n);
    const bigB = seedApp(hdfs, bigText, n);
    const viaRest = await apxLogs(rest, bigA.appId);
    const viaHdfs = await apxLogs(hdfs, bigB.appId);
    const mb = (kib: number) => (kib * 1024) / 1e6;
    const memCase: CaseResult = {
      case: `logs memory (${memoryMiB} MiB of logs)`,
      figures: [
        { name: 'peak RSS, JobHistoryServer REST', value: mb(viaRest.rssKiB), unit: 'MB' },
        { name: 'peak RSS, TFile over WebHDFS', value: mb(viaHdfs.rssKiB), unit: 'MB' },
        { name: 'TFile over WebHDFS, whole command', value: bigB.bytes / MiB / (viaHdfs.millis / 1000), unit: 'MiB/s' },
      ],
      target: '≤ 150 MB',
      pass: Math.max(mb(viaRest.rssKiB), mb(viaHdfs.rssKiB)) <= 150,
    };
    return [restCase, tfileCase, memCase];
  } finally {
    await Promise.all([rest.stop(), hdfs.stop()]);
  }
}
