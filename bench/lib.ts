/** Shared pieces of the benchmarks: medians, child processes, the machine they ran on. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const APX = path.join(ROOT, 'bin', 'apx');
export const QUICK = process.env.BENCH_QUICK === '1';

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export interface CaseResult {
  case: string;
  figures: Figure[];
  target: string;
  pass: boolean;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  millis: number;
  /** The child's user + system CPU time, where the platform tells it (see childrenCpuMillis). */
  cpuMillis?: number;
}

/**
 * User + system CPU of this process's waited-for children so far (Linux: cutime + cstime of
 * /proc/self/stat, in clock ticks of 10 ms), undefined elsewhere. Wall time on a shared, loaded
 * machine mostly measures the neighbours; CPU time is what start-up itself costs. One sample is
 * only good to a tick: compare sums or means over many runs.
 */
export function childrenCpuMillis(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const started = process.hrtime.bigint();
  const cpuBefore = childrenCpuMillis();
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const millis = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = childrenCpuMillis();
      resolve({ code, stdout, stderr, millis, cpuMillis: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore });
    }),
  );
}

export async function timed(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

export function tempDir(prefix = 'apx-bench-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A file of `bytes` pseudo-random bytes (incompressible, like real jars), written in chunks. */
export function bigFile(dir: string, name: string, bytes: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  let x = 2463534242;
  for (let i = 0; i < chunk.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    chunk.writeUInt32LE(x >>> 0, i);
  }
  for (let written = 0; written < bytes; written += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  fs.closeSync(fd);
  return file;
}

export function machine() {
  return { host: os.hostname(), cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** A throughput case: ours against a reference tool on the same bytes, as MiB/s and their ratio. */
export function throughputResult(name: string, bytes: number, ours: { label: string; millis: number[] }, theirs: { label: string; millis: number[] }, minRatio: number): CaseResult {
  const rate = (millis: number[]) => bytes / MiB / (median(millis) / 1000);
  const a = rate(ours.millis);
  const b = rate(theirs.millis);
  return {
    case: name,
    figures: [
      { name: ours.label, value: a, unit: 'MiB/s' },
      { name: theirs.label, value: b, unit: 'MiB/s' },
      { name: `${ours.label.split(' ')[0]} / ${theirs.label.split(' ')[0]}`, value: a / b, unit: '×' },
    ],
    target: `≥ ${minRatio}× ${theirs.label.split(' ')[0]}`,
    pass: a / b >= minRatio,
  };
}
