/**
 * The library (issue 15): what `import('apx')` costs, and one process watching 200 applications
 * through it, against the same per-app watching budget as `apx watch` (bench/cases/watching.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { ROOT, median, run, tempDir, type CaseResult } from '../lib.js';

const CLOCK_TICKS = 100;

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Milliseconds `await import('apx')` takes in a fresh process (the entry as built, as a user gets it). */
export async function libraryImport(times: number): Promise<CaseResult> {
  const entry = path.join(ROOT, 'dist', 'index.js');
  const code = `const t = performance.now(); await import(${JSON.stringify(entry)}); process.stdout.write(String(performance.now() - t));`;
  const xs: number[] = [];
  for (let i = 0; i < times; i++) {
    const r = await run(process.execPath, ['--input-type=module', '-e', code]);
    if (r.code !== 0) throw new Error(`import apx failed: ${r.stderr}`);
    xs.push(Number(r.stdout));
  }
  const ms = median(xs);
  return { case: 'library import', figures: [{ name: "await import('apx')", value: ms, unit: 'ms' }], target: '≤ 50 ms', pass: ms <= 50 };
}

export async function libraryWatching(cluster: MiniCluster, appIds: string[], seconds: number, intervalMs: number): Promise<CaseResult> {
  const home = tempDir('apx-bench-lib-');
  const state = path.join(home, 'mini.json');
  fs.writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  const env = { ...process.env, HOME: home, APX_MINICLUSTER_STATE: state, HADOOP_USER_NAME: 'bench', APX_CONFIG_DIR: path.join(home, 'cfg') };
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'library-watcher.mjs'), String(intervalMs), ...appIds], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes('ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`library watcher did not start: ${err.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Let the first polls settle, then measure a steady window.
  await new Promise((r) => setTimeout(r, 2_000));
  const cpuBefore = cpuSeconds(child.pid as number);
  const requestsBefore = cluster.faults.requests.length;
  const startedAt = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (Date.now() - startedAt) / 1000;
  const cpu = cpuSeconds(child.pid as number) - cpuBefore;
  const window = cluster.faults.requests.slice(requestsBefore).filter((r) => r.at >= startedAt);
  const requests = window.length;
  const kinds = new Map<string, number>();
  for (const r of window) {
    const kind = `${r.service} ${r.method} ${r.path.replace(/application_\d+_\d+|container_[\w]+|\d+/g, '*')}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const note = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, c]) => `${k}: ${c}`).join('; ');
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
  const detached = JSON.parse(out.split('\n').find((l) => l.startsWith('{')) ?? '{"detached":0}') as { detached: number };
  const n = appIds.length;
  const perApp = requests / ((elapsed * 1000) / intervalMs) / n;
  const cpuPerApp = (cpu / elapsed / n) * 100;
  return {
    case: `library: one process watching ${n} apps (${seconds} s, interval ${intervalMs / 1000} s)`,
    figures: [
      { name: 'CPU of the process', value: (cpu / elapsed) * 100, unit: '% of a core' },
      { name: 'CPU per app', value: cpuPerApp, unit: '% of a core' },
      { name: 'requests / interval / app', value: perApp, unit: '' },
      { name: 'handles detached at the end', value: detached.detached, unit: `of ${n}` },
    ],
    target: '≤ 2 requests / interval / app; CPU ≤ 2 % per app (the apx watch budget)',
    pass: perApp <= 2 && cpuPerApp <= 2 && detached.detached === n,
    note,
  };
}
