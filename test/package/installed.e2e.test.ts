/**
 * apx as a user installs it: `npm pack`, `npm install <tarball>` into a fresh project, then a strict
 * TypeScript program and a JavaScript program against the mini cluster (submit, events in order,
 * kill, status), the CommonJS message, the sealed subpaths, and no UI modules loaded on import.
 * Needs `npm run build` first (npm test does it). The install uses --prefer-offline: from the npm
 * cache when it has the dependencies, else the registry; --omit=optional skips building kerberos.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { startMini, tempDir, writeJar } from '../helpers/mini.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CONSUMER = path.join(ROOT, 'test', 'package', 'consumer');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The public names: adding one is a decision (update this list), removing one breaks users. */
const PUBLIC_NAMES = ['ApplicationHandle', 'ApxClient', 'ApxError', 'AuthError', 'ClusterError', 'ConfigError', 'ExitCode', 'InterruptedError', 'UsageError', 'connect', 'isApxError'];

let cluster: MiniCluster;
let project: string;
let files: string[];
let env: NodeJS.ProcessEnv;
let jar: string;

async function node(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, args, { cwd: project, env: { ...env, ...extraEnv }, timeout: 60_000 });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.d.ts'))) throw new Error('run `npm run build` first: the package is packed from dist/');
  const dir = tempDir('apx-pack-');
  // --ignore-scripts: pack the built dist/ as it is (prepare would rebuild it under running tests).
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT });
  const packed = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0];
  files = (packed?.files ?? []).map((f) => f.path);
  project = path.join(dir, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', path.join(dir, packed?.filename as string), '--prefer-offline', '--omit=optional', '--no-audit', '--no-fund'], { cwd: project, timeout: 120_000 });
  // A Node back end written in TypeScript has @types/node; link the repo's rather than download it.
  fs.mkdirSync(path.join(project, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(project, 'node_modules', '@types', 'node'));
  for (const f of fs.readdirSync(CONSUMER)) fs.copyFileSync(path.join(CONSUMER, f), path.join(project, f));
  jar = writeJar(project);
  cluster = await startMini();
  const state = path.join(project, 'mini.json');
  fs.writeFileSync(state, JSON.stringify({ pid: process.pid, urls: cluster.urls }));
  env = { PATH: process.env.PATH, HOME: project, APX_CONFIG_DIR: path.join(project, '.apx'), APX_MINICLUSTER_STATE: state };
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('the packed and installed package', () => {
  it('ships the entry, its declarations, the CommonJS message and the CLI, and no sources or tests', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/api/handle.d.ts', 'cjs/require.cjs', 'bin/apx', 'package.json']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('compiles a strict TypeScript program (and the README example) against the declarations and runs it on the mini cluster', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const example = /## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from 'apx'");
    fs.writeFileSync(path.join(project, 'readme.ts'), example as string);
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, timeout: 60_000 });
    const { stdout } = await node(['out/consumer.js', jar]);
    const out = JSON.parse(stdout);
    const lifecycle = out.types.filter((t: string) => ['init', 'submitted', 'end'].includes(t));
    expect(lifecycle).toEqual(['init', 'submitted', 'end']);
    expect(out.types.indexOf('state')).toBeGreaterThan(out.types.indexOf('submitted'));
    expect(out.calls).toEqual(['init:true', 'start:RUNNING', 'end:succeeded']);
    expect(out.result).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    expect(out.result.appId).toMatch(/^application_\d+_\d{4}$/);
    expect(out.killed).toBe('killed');
    expect(out.status).toBe('KILLED/KILLED');
    expect(out.bad).toEqual({ apx: true, usage: true, exitCode: 2 });
  }, 90_000);

  it('runs a JavaScript program: events in order, kill by id seen by a watcher, status', async () => {
    const { stdout } = await node(['consumer.mjs', jar]);
    const out = JSON.parse(stdout);
    const firsts = ['init', 'submitted', 'state', 'end'].map((t) => out.types.indexOf(t));
    expect(firsts.every((i: number) => i >= 0)).toBe(true);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
    expect(out.types.at(-1)).toBe('end');
    expect(out.outcome).toBe('succeeded');
    expect(out.kills).toEqual([expect.objectContaining({ result: 'killed', state: 'KILLED' })]);
    expect(out.submitter).toBe('killed-elsewhere');
    expect(out.watched).toBe('killed-elsewhere');
    expect(out.status).toBe('KILLED/KILLED');
  }, 90_000);

  it('exports exactly the public names, and nothing under dist/ by a deep path', async () => {
    const { stdout } = await node(['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('apx')).sort()))"]);
    expect(JSON.parse(stdout)).toEqual(PUBLIC_NAMES);
    const deep = await node(['--input-type=module', '-e', "await import('apx/dist/services/submit.js')"]).catch((e: { stderr: string }) => e);
    expect(String((deep as { stderr: string }).stderr)).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  it('tells a CommonJS caller in one sentence to use import()', async () => {
    const failed = await node(['-e', "require('apx')"]).catch((e: { stderr: string; code: number }) => e);
    expect((failed as { code: number }).code).not.toBe(0);
    expect((failed as { stderr: string }).stderr).toMatch(/apx is an ES module and cannot be require\(\)d.*await import\('apx'\)/);
    const ok = await node(['-e', "import('apx').then((m) => console.log(typeof m.connect))"]);
    expect(ok.stdout.trim()).toBe('function');
  });

  it('loads no React, Ink, chalk, commander, ora, CLI command or mini cluster module on import', async () => {
    const log = path.join(project, 'loaded.txt');
    fs.writeFileSync(path.join(project, 'resolve-hook.mjs'), "import fs from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); fs.appendFileSync(process.env.LOADED_LOG, r.url + '\\n'); return r; }\n");
    fs.writeFileSync(path.join(project, 'record-loads.mjs'), "import { register } from 'node:module';\nregister('./resolve-hook.mjs', import.meta.url);\n");
    await node(['--import', './record-loads.mjs', '--input-type=module', '-e', "await import('apx')"], { LOADED_LOG: log });
    const urls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // The hook works: it saw the entry itself.
    expect(urls.some((u) => u.endsWith('/node_modules/apx/dist/index.js'))).toBe(true);
    const forbidden = /\/node_modules\/(react|react-reconciler|ink[^/]*|chalk|commander|ora|yoga[^/]*)\/|\/apx\/dist\/(ui\/tui|commands|minicluster)\/|\/apx\/dist\/cli\.js/;
    expect(urls.filter((u) => forbidden.test(u))).toEqual([]);
  });

  it('installs the CLI too: node_modules/.bin/apx --version', async () => {
    const { stdout } = await node([path.join(project, 'node_modules', '.bin', 'apx'), '--version']);
    expect(stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('and its start-up fast path, bundled at build time: node_modules/.bin/apx __complete clusters', async () => {
    expect(files).toContain('dist/fast-path.bundle.js');
    const { stdout } = await node([path.join(project, 'node_modules', '.bin', 'apx'), '__complete', 'clusters'], { APX_CONFIG_DIR: tempDir('apx-pack-config-') });
    expect(stdout).toBe('mini\n');
  });
});
