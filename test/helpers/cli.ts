/** Runs the real bin/apx (the built dist/) as a child process, the way users and CI run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { tempDir } from './mini.js';

export const APX = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'bin', 'apx');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** An environment that knows nothing of any real cluster, with `--cluster mini` pointing at `cluster`. */
export function cliEnv(cluster?: MiniCluster, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tempDir('apx-home-');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), APX_CONFIG_DIR: path.join(home, '.config', 'apx'),
    HADOOP_USER_NAME: 'root', APX_MINICLUSTER_STATE: path.join(home, 'minicluster.json'), NO_COLOR: '1', ...extra,
  };
  if (cluster) fs.writeFileSync(env.APX_MINICLUSTER_STATE as string, JSON.stringify({ pid: process.pid, urls: cluster.urls, startedAt: new Date().toISOString() }));
  return env;
}

export function spawnApx(args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): { child: ChildProcess; done: Promise<RunResult>; output: () => string } {
  const child = spawn(process.execPath, [APX, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<RunResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}

export function runApx(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<RunResult> {
  return spawnApx(args, env, cwd).done;
}

/** The NDJSON events a `--json` run printed. */
export function events(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
