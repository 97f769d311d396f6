/**
 * `apx top` in a real terminal (tmux, 80×24, NO_COLOR): it fits, `/` filters, `l` shows the logs and
 * comes back, `k` asks and then kills (the app ends KILLED on the mini cluster), `q` quits with 0.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv } from '../helpers/cli.js';
import { startMini, submitTo, tempDir, waitFor, waitForState, writeJar } from '../helpers/mini.js';
import { Terminal } from '../helpers/tmux.js';

let cluster: MiniCluster;
let term: Terminal | undefined;
let app: string;

beforeAll(async () => {
  cluster = await startMini();
  const { result } = await submitTo(cluster, { primary: writeJar(tempDir()), detach: true, flags: { name: 'live-etl', conf: ['spark.minicluster.hang=true', 'spark.minicluster.taskMillis=200'] } });
  app = result.appId as string;
  await waitForState(cluster, app, ['RUNNING']);
  cluster.rm.seedRunning(30, { users: ['ana', 'bob'] });
});
afterEach(() => term?.kill());
afterAll(() => cluster.stop());

const screenOf = (t: Terminal) => () => t.screen();

function until(t: Terminal, what: string, test: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
  return waitFor(what, () => {
    const s = t.screen();
    return test(s) ? s : undefined;
  }, timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}; the screen:\n${t.screen()}`);
  });
}

describe('apx top in a terminal', () => {
  it('fits 80×24, filters, shows logs and comes back, kills after asking, and q quits', async () => {
    term = new Terminal(80, 24);
    const t = term;
    t.start(`${process.execPath} ${APX} top --cluster mini --interval 500ms`, cliEnv(cluster));
    const first = await until(t, 'the view', (s) => s.includes('q quit'));
    const lines = first.split('\n');
    expect(lines[0]).toMatch(/^apx top · mini · \d\d:\d\d:\d\d every 500ms · 31\/31 apps/);
    expect(lines[1]).toMatch(/^cluster {2}mem /);
    expect(lines[2]).toMatch(/^queue default /);
    expect(lines[3]).toMatch(/^ {2}APP +USER +QUEUE +STATE +ELAPSED +CONT +MEM▼/);
    // The real Spark app holds the most memory: first, and selected.
    expect(lines[4]).toMatch(new RegExp(`^> _${app.split('_')[2]} +root +default +RUNNING .* live-`));
    // NO_COLOR (set by cliEnv): no colour and no attribute anywhere; the selection is the '>'.
    expect(t.screen(true)).not.toContain('\u001B[');

    t.keys('/');
    t.keys('-l', 'live');
    t.keys('Enter');
    await until(t, 'the filtered view', (s) => s.includes('1/31 apps · filter live'));

    t.keys('l');
    // The driver's log scrolls past in the terminal, as `apx logs` prints it.
    await until(t, 'the logs', (s) => s.includes('press any key to return to apx top'));
    expect(screenOf(t)()).toMatch(/INFO (DAGScheduler|TaskSetManager|ApplicationMaster)/);
    t.keys('x');
    await until(t, 'the view again, as it was', (s) => s.includes('1/31 apps · filter live') && s.includes('q quit'));

    t.keys('k');
    await until(t, 'the question', (s) => s.includes(`Kill ${app} (live-etl, user root)? y/N`));
    expect(cluster.rm.apps.get(app)?.state).toBe('RUNNING');
    t.keys('y');
    await waitForState(cluster, app, ['KILLED']);
    await until(t, 'the kill confirmed', (s) => s.includes(`${app} KILLED`));
    // Ended apps leave the view at the next refresh.
    await until(t, 'the app gone', (s) => s.includes('0/30 apps') && s.includes('no applications match the filter'));

    t.keys('q');
    const end = await until(t, 'the exit', (s) => s.includes('EXIT='));
    expect(end).toContain('EXIT=0');
  });

  it('in colour without NO_COLOR, and Ctrl-C leaves with 130', async () => {
    term = new Terminal(60, 20);
    const t = term;
    t.start(`${process.execPath} ${APX} top --cluster mini --interval 500ms`, { ...cliEnv(cluster), NO_COLOR: undefined });
    const first = await until(t, 'the view', (s) => s.includes('l logs · q quit'));
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(first.split('\n')[0]).toMatch(/^apx top · mini · /);
    expect(t.screen(true)).toContain('\u001B[');
    t.keys('C-c');
    const end = await until(t, 'the exit', (s) => s.includes('EXIT='));
    expect(end).toContain('EXIT=130');
  });
});
