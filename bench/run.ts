/**
 * `npm run bench`: every case against the mini cluster on loopback, several runs each, medians;
 * a table with a pass/fail line per target, and bench/results/<date>-<host>.json.
 * BENCH_QUICK=1 runs small sizes and short windows (a smoke run, not the figures to report).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MiniCluster } from '../src/minicluster/mini-cluster.js';
import { GiB, MiB, QUICK, ROOT, bigFile, machine, tempDir, type CaseResult } from './lib.js';
import { hashing } from './cases/hashing.js';
import { listMany } from './cases/list.js';
import { aggregatedLogsCases } from './cases/logs.js';
import { sparkLibsZip } from './cases/spark-libs.js';
import { warmResubmit } from './cases/resubmit.js';
import { startup } from './cases/startup.js';
import { topMany } from './cases/top.js';
import { upload, uploadMemory } from './cases/upload.js';
import { watchingCase } from './cases/watching.js';
import { packagesResolution } from './cases/packages.js';
import { libraryImport, libraryWatching } from './cases/library.js';
import { channelCase } from './cases/channel.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

function print(results: CaseResult[]): void {
  for (const r of results) {
    process.stdout.write(`\n${r.case}  [${r.pass ? 'PASS' : 'FAIL'}: ${r.target}]\n`);
    for (const f of r.figures) process.stdout.write(`  ${f.name.padEnd(36)} ${f.value.toFixed(f.value >= 100 ? 0 : 2).padStart(10)} ${f.unit}\n`);
    if (r.note) process.stdout.write(`  (${r.note})\n`);
  }
}

async function main(): Promise<void> {
  const results: CaseResult[] = [];
  const cluster = await MiniCluster.start();
  const dir = tempDir();
  const times = QUICK ? 3 : 5;
  try {
    const hang = async (n: number, extraConf: string[] = []) => {
      const { submitHanging } = await import('./submit-hanging.js');
      return submitHanging(cluster, n, extraConf);
    };
    if (wanted('startup')) {
      const [appId] = await hang(1);
      results.push(await startup(cluster, appId as string, QUICK ? 5 : 11));
    }
    const size = QUICK ? 64 * MiB : GiB;
    const file = wanted('upload') || wanted('hashing') ? bigFile(dir, 'big.bin', size) : '';
    if (wanted('upload')) {
      // Five rounds: the machine is often shared, and three medians swung by ±20%.
      results.push(await upload(cluster, file, QUICK ? 2 : 5));
      const files = [file];
      if (!QUICK && process.env.BENCH_4GIB !== '0') files.push(bigFile(dir, 'bigger.bin', 4 * GiB));
      results.push(await uploadMemory(cluster, files));
      for (const f of files.slice(1)) fs.rmSync(f, { force: true });
    }
    if (wanted('hashing')) results.push(await hashing(file, times));
    if (file) fs.rmSync(file, { force: true });
    if (wanted('spark-libs-zip')) results.push(await sparkLibsZip(dir, QUICK ? 8 : 30, QUICK ? 4 * MiB : 10 * MiB, times));
    if (wanted('resubmit')) results.push(await warmResubmit(cluster, times, QUICK ? 25 * MiB : 250 * MiB));
    if (wanted('watching')) results.push(await watchingCase(cluster, hang, Number(process.env.BENCH_WATCH_SECONDS ?? (QUICK ? 5 : 60))));
    if (wanted('packages')) results.push(await packagesResolution(QUICK ? 60 : 300, 20, times));
    if (wanted('logs')) results.push(...(await aggregatedLogsCases(QUICK ? 16 : 100, QUICK ? 128 : 1024, QUICK ? 2 : 3)));
    if (wanted('library')) {
      results.push(await libraryImport(times * 2 + 1));
      results.push(await libraryWatching(cluster, await hang(QUICK ? 20 : 200), Number(process.env.BENCH_WATCH_SECONDS ?? (QUICK ? 5 : 30)), 1000));
    }
    if (wanted('channel')) results.push(await channelCase(cluster, hang, Number(process.env.BENCH_WATCH_SECONDS ?? (QUICK ? 8 : 30))));
    if (wanted('list')) {
      cluster.rm.seedHistory(QUICK ? 1_000 : 10_000);
      results.push(await listMany(cluster, times));
    }
    // Last: the running apps it seeds would weigh on the cases above.
    if (wanted('top')) results.push(await topMany(cluster, QUICK ? 500 : 2_000, QUICK ? 5 : 15));
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  print(results);
  const m = machine();
  const out = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().slice(0, 10)}-${m.host}${QUICK ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine: m, quick: QUICK, results }, null, 2)}\n`);
  const failed = results.filter((r) => !r.pass).length;
  process.stdout.write(`\n${results.length - failed} passed, ${failed} failed (results in ${path.relative(ROOT, out)})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
