/**
 * Upload: a first-time dependency (its hash unknown) into apx's cache, against curl's two-step
 * WebHDFS PUT of the same file (target ≥ 0.95× curl's throughput); apx's former way (hash, then
 * upload: two reads) as a figure beside it; and apx's peak RSS (≤ 150 MB, flat in file size).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { GiB, MiB, ROOT, median, run, throughputResult, type CaseResult } from '../lib.js';

async function curlUpload(cluster: MiniCluster, file: string, dest: string): Promise<number> {
  const started = process.hrtime.bigint();
  const nn = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{redirect_url}', '-X', 'PUT', `${cluster.urls.nameNode}/webhdfs/v1${dest}?op=CREATE&overwrite=true&user.name=bench`]);
  const r = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-T', file, nn.stdout]);
  if (r.stdout !== '201') throw new Error(`curl upload answered ${r.stdout}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function apxUpload(cluster: MiniCluster, file: string, dest: string, mode: 'first' | 'hash-then-upload' = 'first'): Promise<{ millis: number; maxRssKiB: number }> {
  const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'upload-client.ts'), cluster.urls.nameNode, file, dest, mode]);
  if (r.code !== 0) throw new Error(`apx upload failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { millis: number; maxRssKiB: number };
}

export async function upload(cluster: MiniCluster, file: string, times: number): Promise<CaseResult> {
  const size = fs.statSync(file).size;
  const apx: number[] = [];
  const before: number[] = [];
  const curl: number[] = [];
  for (let i = 0; i < times; i++) {
    // Alternate, so no side always meets a warm or a cold page cache.
    apx.push((await apxUpload(cluster, file, '/bench/apx')).millis);
    curl.push(await curlUpload(cluster, file, '/bench/curl.bin'));
    before.push((await apxUpload(cluster, file, '/bench/before', 'hash-then-upload')).millis);
  }
  const result = throughputResult(`first upload ${(size / GiB).toFixed(size >= GiB ? 0 : 2)} GiB, hash unknown`, size, { label: 'apx', millis: apx }, { label: 'curl two-step PUT', millis: curl }, 0.95);
  const rate = size / MiB / (median(before) / 1000);
  result.figures.push({ name: 'before: hash, then upload', value: rate, unit: 'MiB/s' }, { name: 'before / curl', value: rate / (result.figures[1] as { value: number }).value, unit: '×' });
  return result;
}

export async function uploadMemory(cluster: MiniCluster, files: string[]): Promise<CaseResult> {
  const figures = [];
  let worst = 0;
  for (const file of files) {
    const r = await apxUpload(cluster, file, '/bench/mem.bin');
    const mb = (r.maxRssKiB * 1024) / 1e6;
    worst = Math.max(worst, mb);
    figures.push({ name: `peak RSS, ${(fs.statSync(file).size / GiB).toFixed(2)} GiB`, value: mb, unit: 'MB' });
  }
  return { case: 'upload memory', figures, target: '≤ 150 MB, flat in file size', pass: worst <= 150 };
}
