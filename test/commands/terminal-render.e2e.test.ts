/**
 * What a person sees in a real terminal (tmux): no colour under NO_COLOR, a live view that never
 * outgrows the window (so nothing is cleared and the scrollback survives), a final frame that ends
 * its line so the application id printed after it stands alone.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, cliEnv } from '../helpers/cli.js';
import { startMini, tempDir, waitFor, writeJar } from '../helpers/mini.js';
import { Terminal } from '../helpers/tmux.js';

const EXAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'examples', 'etl.jar');
const QUICK = ['--conf', 'spark.minicluster.startupMillis=100', '--conf', 'spark.minicluster.taskMillis=60', '--conf', 'spark.yarn.report.interval=200ms'];
const SGR = /\u001B\[[0-9;]*m/;

let cluster: MiniCluster;
let term: Terminal | undefined;

beforeAll(async () => {
  cluster = await startMini();
});
afterEach(() => term?.kill());
afterAll(() => cluster.stop());

/** Samples the terminal until the command printed EXIT=; returns every sample and the last screen. */
async function runToExit(t: Terminal, sample: (t: Terminal) => void = () => {}): Promise<string> {
  return waitFor('the exit', () => {
    sample(t);
    const s = t.screen();
    return s.includes('EXIT=') ? s : undefined;
  }, 40_000);
}

function count(text: string, re: RegExp): number {
  return text.split('\n').filter((l) => re.test(l)).length;
}

describe('NO_COLOR', () => {
  it('the live view prints no colour escapes at any moment, and FORCE_COLOR still forces them', async () => {
    term = new Terminal(100, 40);
    term.start(`${process.execPath} ${APX} submit --cluster mini ${QUICK.join(' ')} ${EXAMPLE} 2026-11-01`, cliEnv(cluster, { NO_COLOR: '1' }));
    const painted: string[] = [];
    const end = await runToExit(term, (t) => {
      const s = t.screenWithEscapes();
      if (SGR.test(s)) painted.push(s);
    });
    expect(end).toContain('FINISHED/SUCCEEDED');
    expect(painted).toEqual([]);
    term.kill();
    term = new Terminal(100, 40);
    term.start(`${process.execPath} ${APX} submit --cluster mini ${QUICK.join(' ')} ${EXAMPLE} 2026-11-01`, cliEnv(cluster, { NO_COLOR: '1', FORCE_COLOR: '1' }));
    await runToExit(term);
    expect(term.screenWithEscapes()).toMatch(SGR);
  });

  it('--plain on a terminal prints no colour escapes either', async () => {
    term = new Terminal(100, 40);
    term.start(`${process.execPath} ${APX} submit --cluster mini --plain ${QUICK.join(' ')} --conf spark.minicluster.failAtStage=0 --conf spark.yarn.maxAppAttempts=1 ${EXAMPLE}`, cliEnv(cluster, { NO_COLOR: '1' }));
    const end = await runToExit(term);
    expect(end).toContain('FINISHED/FAILED');
    expect(term.screenWithEscapes()).not.toMatch(SGR);
  });
});

describe('a live view taller than the terminal', () => {
  const cases = [
    { size: [80, 24] as const, jars: 10, label: '80×24 with 10 jars' },
    { size: [100, 14] as const, jars: 0, label: '100×14, the example submit' },
  ];
  it.each(cases)('$label: never clears the screen or the scrollback, and the app id stands on its own line', async ({ size, jars }) => {
    const dir = tempDir();
    const jarList = Array.from({ length: jars }, (_, i) => writeJar(dir, `dependency-${i}.jar`, String(i))).join(',');
    term = new Terminal(size[0], size[1]);
    const submit = `${process.execPath} ${APX} submit --cluster mini ${QUICK.join(' ')}${jars ? ` --jars ${jarList}` : ''} ${EXAMPLE} 2026-11-01`;
    term.start(`seq -f 'before %g' 1 30; ${submit}`, cliEnv(cluster));
    const problems: string[] = [];
    let printed = false;
    const end = await runToExit(term, (t) => {
      const all = t.everything();
      // A clear-screen (Ink's answer to a frame as tall as the window) wipes the scrollback or
      // pushes whole copies of the frame into it.
      if (all.includes('before 1\n')) printed = true;
      else if (printed) problems.push(`scrollback wiped:\n${all}`);
      if (count(all, /^YARN /) > 1) problems.push(`a frame piled up in the scrollback:\n${all}`);
    });
    expect(printed).toBe(true);
    expect(problems.slice(0, 1)).toEqual([]);
    expect(end).toContain('FINISHED/SUCCEEDED');
    // The example runs 2 jobs of 2 stages: the summary at the end says so, not what a poll saw earlier.
    expect(end).toContain('Spark 2 job(s), 4 stage(s) done');
    const lines = end.split('\n');
    const exit = lines.findIndex((l) => l.startsWith('EXIT='));
    expect(lines[exit], end).toBe('EXIT=0');
    expect(lines[exit - 1], end).toMatch(/^application_\d+_\d{4}$/);
  });
});

describe('at 60 columns', () => {
  it('the driver-logs URL is never broken: too long for the frame, it follows it as one line the terminal wraps', async () => {
    term = new Terminal(60, 24);
    term.start(`${process.execPath} ${APX} submit --cluster mini ${QUICK.join(' ')} ${EXAMPLE} 2026-11-01`, cliEnv(cluster, { NO_COLOR: '1' }));
    const end = await runToExit(term);
    expect(end).toContain('FINISHED/SUCCEEDED');
    const url = term.logicalLines().split('\n').find((l) => l.startsWith('driver logs: '));
    expect(url, term.logicalLines()).toMatch(/^driver logs: http:\/\/127\.0\.0\.1:\d+\/node\/containerlogs\/container_\d+_\d{4}_01_000001\/\S+$/);
    const lines = end.split('\n');
    const exit = lines.findIndex((l) => l.startsWith('EXIT='));
    expect(lines[exit - 1], end).toMatch(/^application_\d+_\d{4}$/);
  });
});
