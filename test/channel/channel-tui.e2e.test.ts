/**
 * The job channel in the live view, in a real terminal (tmux): the job section with its bar and
 * chart, a command sent with a key press (c, y) that stops the training, and Ctrl-C still killing
 * the application while the view reads keys.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv } from '../helpers/cli.js';
import { startMini, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';
import { Terminal } from '../helpers/tmux.js';

let cluster: MiniCluster;
let jar: string;
let term: Terminal | undefined;

beforeAll(async () => {
  cluster = await startMini();
  jar = writeJar(tempDir());
});
afterEach(() => term?.kill());
afterAll(() => cluster.stop());

const training = ['--conf', 'spark.minicluster.startupMillis=100', '--conf', 'spark.minicluster.taskMillis=100', '--conf', 'spark.yarn.report.interval=200ms', '--conf', 'spark.minicluster.channel=true', '--conf', 'spark.minicluster.channel.epochs=100000'];

function screen(): string {
  return (term as Terminal).screen();
}

describe('the job channel in a terminal', () => {
  it('shows the training bar and the loss chart; c then y sends stop, the job acknowledges and ends early with its result', async () => {
    term = new Terminal(110, 40);
    term.start(`${process.execPath} ${APX} submit --cluster mini ${training.join(' ')} ${jar}`, { ...cliEnv(cluster), NO_COLOR: undefined });
    await waitFor('the job section', () => /training +[█░]+ +\d+% epoch \d+\/100000/.test(screen()) || undefined, 20_000);
    await waitFor('the offer', () => screen().includes('c: send the job a command (stop)') || undefined, 10_000);
    expect(screen()).toMatch(/loss +[▁▂▃▄▅▆▇█]+ +0\.\d+/);
    term.keys('c');
    await waitFor('the confirmation', () => screen().includes('send "stop" to the job? y/N') || undefined);
    term.keys('y');
    const end = await waitFor('the exit', () => (screen().includes('EXIT=') ? screen() : undefined), 30_000);
    expect(end).toContain('FINISHED/SUCCEEDED');
    expect(end).toMatch(/result: loss=0\.\d+, epochs=\d+, status=stopped early/);
    expect(end).toContain('EXIT=0');
  });

  it('Ctrl-C still kills the application while the view reads keys', async () => {
    term = new Terminal(110, 40);
    term.start(`${process.execPath} ${APX} submit --cluster mini ${training.join(' ')} ${jar}`, { ...cliEnv(cluster), NO_COLOR: undefined });
    await waitFor('the offer', () => screen().includes('c: send the job a command (stop)') || undefined, 20_000);
    const appId = /application_\d+_\d{4}/.exec(screen())?.[0] as string;
    term.keys('C-c');
    await waitForState(cluster, appId, ['KILLED'], 20_000);
    const end = await waitFor('the exit', () => (screen().includes('EXIT=') ? screen() : undefined), 20_000);
    expect(end).toContain('EXIT=130');
  });
});
