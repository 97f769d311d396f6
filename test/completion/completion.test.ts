/** Completions and the man page come from the command definitions, are checked in current, and work. */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedFiles } from '../../src/completion/generate.js';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv, runApx } from '../helpers/cli.js';
import { startMini, submitTo, tempDir, waitForState, writeJar } from '../helpers/mini.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
let cluster: MiniCluster;

beforeAll(async () => {
  cluster = await startMini();
});
afterAll(() => cluster.stop());

/**
 * Runs bash with the generated completion loaded, completing `line` (the cursor at its end).
 * Asynchronously: the mini cluster lives in this process and must answer the completion's request.
 */
async function complete(line: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const bin = tempDir('apx-bin-');
  fs.symlinkSync(APX, path.join(bin, 'apx'));
  const words = line.split(' ');
  const script = `source ${path.join(ROOT, 'completions', 'apx.bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=${line.length}
_apx; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { ...env, PATH: `${bin}:${env.PATH}` }, encoding: 'utf8' });
  return stdout.split('\n').filter(Boolean);
}

describe('generated documentation and completions', () => {
  it('the checked-in man page and completion scripts are what the command definitions generate (run npm run docs)', () => {
    for (const [rel, content] of generatedFiles()) expect(fs.readFileSync(path.join(ROOT, rel), 'utf8'), rel).toBe(content);
  });

  it('apx completion prints the same scripts', async () => {
    const r = await runApx(['completion', 'bash'], cliEnv());
    expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'completions', 'apx.bash'), 'utf8'));
  });

  it('the man page renders with groff without warnings and documents every command and exit code', () => {
    const warnings = execFileSync('groff', ['-man', '-ww', '-z', path.join(ROOT, 'man', 'apx.1')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(warnings).toBe('');
    const text = execFileSync('man', ['-l', path.join(ROOT, 'man', 'apx.1')], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100', MANPAGER: 'cat', PAGER: 'cat' } });
    for (const cmd of ['apx submit', 'apx watch', 'apx kill', 'apx status', 'apx list', 'apx logs', 'apx cluster add', 'apx minicluster', 'apx completion']) expect(text).toContain(cmd);
    for (const code of ['130', '143', 'EXIT STATUS', 'ENVIRONMENT', 'EXAMPLES', '--driver-memory']) expect(text).toContain(code);
  });
});

describe('bash completion', () => {
  it('completes commands, subcommands and flags', async () => {
    const env = cliEnv();
    expect(await complete('apx su', env)).toEqual(['submit']);
    expect(await complete('apx cluster ', env)).toEqual(['add', 'list', 'use', 'show', 'remove']);
    expect(await complete('apx submit --driver-m', env)).toEqual(['--driver-memory']);
    expect(await complete('apx list --state RUN', env)).toEqual(['RUNNING']);
    expect(await complete('apx completion ', env)).toEqual(['bash', 'zsh', 'fish']);
  });

  it('completes cluster profile names and the ids of running applications', async () => {
    const env = cliEnv(cluster);
    await runApx(['cluster', 'add', 'prod-east', '--rm', 'http://rm.example.com:8088'], env);
    expect(await complete('apx submit --cluster pro', env)).toEqual(['prod-east']);
    expect(await complete('apx cluster show ', env)).toEqual(['mini', 'prod-east']);
    const { result } = await submitTo(cluster, { primary: writeJar(tempDir()), detach: true, flags: { conf: ['spark.minicluster.hang=true'] } });
    await waitForState(cluster, result.appId as string, ['RUNNING']);
    expect(await complete('apx kill --cluster mini application_', env)).toContain(result.appId);
  });

  it('stays silent when the cluster is unreachable', async () => {
    const env = cliEnv(undefined, { APX_RM_URL: 'http://127.0.0.1:9' });
    expect(await complete('apx kill application_', env)).toEqual([]);
  });
});
