/** `apx minicluster`: prints its URLs, serves other apx processes through `--cluster mini`, cleans up on Ctrl-C. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliEnv, runApx, spawnApx } from '../helpers/cli.js';
import { QUICK_APP, tempDir, waitFor, writeJar } from '../helpers/mini.js';

describe('apx minicluster', () => {
  it('runs until Ctrl-C, is used by other apx processes, then removes its state and data', async () => {
    const env = cliEnv();
    const mini = spawnApx(['minicluster'], env);
    const banner = await waitFor('the URLs', () => (/fs\.defaultFS/.test(mini.output()) ? mini.output() : undefined));
    expect(banner).toMatch(/ResourceManager {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toMatch(/NameNode {9}http:\/\/127\.0\.0\.1:\d+/);
    const state = JSON.parse(fs.readFileSync(env.APX_MINICLUSTER_STATE as string, 'utf8')) as { pid: number; dataDir: string };
    expect(fs.existsSync(state.dataDir)).toBe(true);
    expect(state.pid).toBe(mini.child.pid);
    expect(fs.statSync(env.APX_MINICLUSTER_STATE as string).mode & 0o777).toBe(0o600);

    const second = await runApx(['minicluster'], env);
    expect(second.code).toBe(2);
    expect(second.stderr.split('\n')[0]).toBe(`apx: a mini cluster is already running: pid ${mini.child.pid}, ResourceManager ${(state as unknown as { urls: { resourceManager: string } }).urls.resourceManager}; its state file is ${env.APX_MINICLUSTER_STATE}`);
    expect(JSON.parse(fs.readFileSync(env.APX_MINICLUSTER_STATE as string, 'utf8'))).toEqual(state);

    const submitted = await runApx(['submit', '--cluster', 'mini', '--plain', '--detach', ...QUICK_APP.flatMap((c) => ['--conf', c]), writeJar(tempDir())], env);
    expect(submitted.code).toBe(0);
    expect(submitted.stderr).toContain(`apx: using the mini cluster started by \`apx minicluster\` (pid ${mini.child.pid}, RM http://127.0.0.1:`);
    const appId = submitted.stdout.trim();
    const status = await runApx(['status', '--cluster', 'mini', appId], env);
    expect(status.stdout).toContain(appId);

    mini.child.kill('SIGINT');
    const r = await mini.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('mini cluster stopped');
    expect(fs.existsSync(env.APX_MINICLUSTER_STATE as string)).toBe(false);
    expect(fs.existsSync(state.dataDir)).toBe(false);
    const gone = await runApx(['status', '--cluster', 'mini', appId], env);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('no mini cluster is running');
  });

  it('replaces the state file of a mini cluster that is gone', async () => {
    const env = cliEnv();
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    fs.writeFileSync(env.APX_MINICLUSTER_STATE as string, JSON.stringify({ pid: gone, urls: { resourceManager: 'http://127.0.0.1:9' }, startedAt: '2026-01-01T00:00:00Z' }));
    const mini = spawnApx(['minicluster'], env);
    await waitFor('the URLs', () => (/fs\.defaultFS/.test(mini.output()) ? mini.output() : undefined));
    expect((JSON.parse(fs.readFileSync(env.APX_MINICLUSTER_STATE as string, 'utf8')) as { pid: number }).pid).toBe(mini.child.pid);
    mini.child.kill('SIGINT');
    const stopped = await mini.done;
    expect(stopped.code, `signal ${stopped.signal}: ${stopped.stderr}`).toBe(0);
  });

  it('submit --cluster mini says when it embeds its own cluster because none is running', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...QUICK_APP.flatMap((c) => ['--conf', c]), writeJar(tempDir())], cliEnv());
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('apx: starting an embedded mini cluster in this process; it and its data are gone when this command ends');
  });

  it('refuses a bad port with exit 2', async () => {
    const r = await runApx(['minicluster', '--rm-port', '99999'], cliEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--rm-port '99999' is not a port number");
  });
});
