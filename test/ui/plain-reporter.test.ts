import { describe, expect, it } from 'vitest';
import type { ApxEvent } from '../../src/monitor/events.js';
import { createJsonReporter } from '../../src/ui/json/reporter.js';
import { createPlainReporter } from '../../src/ui/plain/reporter.js';
import { APP, failed, killed, running, stage } from './fixtures.js';

function lines(events: ApxEvent[], opts: { verbose?: boolean; clock?: number[] } = {}): string[] {
  const out: string[] = [];
  let t = 0;
  const times = opts.clock ?? [];
  const report = createPlainReporter({ write: (l) => out.push(l), verbose: opts.verbose, now: () => new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + (times[t++] ?? 0)) });
  events.forEach(report);
  return out;
}

describe('the plain reporter', () => {
  it('prints timestamped lines for uploads, states and stages, and only error lines of the driver log', () => {
    const out = lines(running);
    expect(out.every((l) => /^\d\d:\d\d:\d\d /.test(l))).toBe(true);
    expect(out.join('\n')).toContain('uploaded __app__.jar (10.0 MiB, PUBLIC)');
    expect(out.join('\n')).toContain(`${APP} RUNNING`);
    expect(out.join('\n')).toContain('stage 1 (map at LabJob.scala:31) active: 3/8 tasks, 2 running');
    expect(out.filter((l) => l.includes('driver:'))).toEqual([expect.stringContaining('ERROR Executor: Exception in task 1.0')]);
    expect(lines(running, { verbose: true }).filter((l) => l.includes('driver:'))).toHaveLength(3);
  });

  it('with --auto-size prints the chosen sizes in one line, and a full queue\'s note', () => {
    const e: ApxEvent = { type: 'auto-size', summary: '2 executor(s) × 4 cores × 3712m (+384m overhead, 4096 MB containers, 2 per node) in queue etl; 16 shuffle partitions', settings: [], notes: ['queue etl has room for 0 executor(s) now, fewer than 2: the application may wait in ACCEPTED; the last 3 application(s) of queue etl waited 2 min 5 s (median), at most 9 min 0 s, from submission to their AM\'s launch.'] };
    const out = lines([e]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d auto-size: 2 executor\(s\) × 4 cores × 3712m \(\+384m overhead, 4096 MB containers, 2 per node\) in queue etl; 16 shuffle partitions$/);
    expect(out[1]).toContain('waited 2 min 5 s (median)');
  });

  it('prints stage progress as occasional lines, not a flood', () => {
    const base: ApxEvent[] = [];
    for (let done = 0; done <= 8; done++) base.push({ type: 'stage', appId: APP, available: true, jobs: [], stages: [stage(0, done === 8 ? 'COMPLETE' : 'ACTIVE', done, 2)] });
    const out = lines(base, { clock: base.map((_, i) => i * 1000) });
    expect(out.length).toBeLessThanOrEqual(4);
    expect(out[out.length - 1]).toContain('stage 0 (map at LabJob.scala:30) complete: 8/8 tasks');
  });

  it('on failure prints the diagnostics and the last driver lines; on kill, the killer', () => {
    const f = lines(failed).join('\n');
    expect(f).toContain(`${APP} ended FINISHED/FAILED after 23.3 s`);
    expect(f).toContain('User class threw exception: java.lang.RuntimeException: simulated failure');
    expect(f).toContain('last driver log lines:');
    const k = lines(killed).join('\n');
    expect(k).toContain(`killing ${APP} (SIGINT received)…`);
    expect(k).toContain(`Application ${APP} was killed by user ana`);
  });
});

describe('the NDJSON reporter', () => {
  it('writes one parseable event per line with a time, leaving out per-chunk upload progress', () => {
    const out: string[] = [];
    const report = createJsonReporter((l) => out.push(l));
    running.forEach(report);
    const parsed = out.map((l) => JSON.parse(l) as { type: string; time: string });
    expect(parsed.map((e) => e.type)).not.toContain('upload-progress');
    expect(parsed.every((e) => !Number.isNaN(Date.parse(e.time)))).toBe(true);
    expect(parsed.map((e) => e.type)).toEqual(running.filter((e) => e.type !== 'upload-progress').map((e) => e.type));
  });
});

describe('the plain reporter, for people reading it', () => {
  function reporter(width?: number) {
    const out: string[] = [];
    const clock = { ms: 0 };
    const report = createPlainReporter({ write: (l) => out.push(l), now: () => new Date(Date.UTC(2026, 10, 24, 3, 0, 0) + clock.ms), width });
    return { out, clock, report };
  }

  it('apx watch says it is watching an existing application, not submitting it', () => {
    const { out, report } = reporter();
    report({ type: 'init', appId: APP, name: 'nightly-etl', queue: 'etl', user: 'ana', cluster: 'prod', watching: true, startedTime: 1 });
    expect(out).toEqual([`03:00:00 watching ${APP} (nightly-etl, queue etl, user ana) on prod`]);
  });

  it('long diagnostics wrap at word boundaries to the terminal, continuation lines indented, nothing cut', () => {
    const diagnostics = `[Tue Nov 24 02:41:52 +0000 2026] Application is added to the scheduler and is not yet activated. Queue's AM resource limit exceeded. Details : AM Partition = <DEFAULT_PARTITION>; AM Resource Request = <memory:1536, vCores:1>; Queue Resource Limit for AM = <memory:2048, vCores:1>; User AM Resource Limit of the queue = <memory:2048, vCores:1>; Queue AM Resource Usage = <memory:1536, vCores:1>;`;
    const { out, report } = reporter(60);
    report({ type: 'state', appId: APP, state: 'ACCEPTED', finalStatus: 'UNDEFINED', diagnostics });
    report({ type: 'end', appId: APP, state: 'FAILED', finalStatus: 'FAILED', outcome: 'failed', diagnostics: `Application ${APP} failed 2 times (global limit =2; local limit is =2) due to AM Container for appattempt_1795488074976_0020_000002 exited with  exitCode: 13`, durationMs: 1000, memorySeconds: 1, vcoreSeconds: 1, lastLogLines: [] });
    for (const l of out) expect(l.length, l).toBeLessThanOrEqual(60);
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    const text = out.join(' ');
    expect(words(text).join(' ')).toContain(words(diagnostics.replace(/^\[[^\]]*\]\s*/, '')).join(' '));
    expect(words(text).join(' ')).toContain('appattempt_1795488074976_0020_000002 exited with exitCode: 13');
    expect(out[1]).toMatch(/^ {9} +\S/);
  });

  it('a large upload reports its progress, rate and time left every few seconds or quarter, not per chunk', () => {
    const { out, clock, report } = reporter();
    const size = 400 * 1024 * 1024;
    report({ type: 'upload-plan', files: [{ name: 'big.jar', link: 'big.jar', size, cached: false }] });
    for (let s = 1; s <= 40; s++) {
      clock.ms = s * 250;
      report({ type: 'upload-progress', name: 'big.jar', sent: s * 10 * 1024 * 1024, size });
    }
    const progress = out.filter((l) => l.includes('uploading big.jar'));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeLessThanOrEqual(6);
    expect(progress[0]).toMatch(/uploading big\.jar: 25% of 400 MiB, 40\.0 MiB\/s, about 7\.\d s left/);
  });

  it('says what apx is doing before the first upload', () => {
    const { out, report } = reporter();
    report({ type: 'activity', step: 'hashing', message: 'hashing 3 file(s) (1.2 GiB) and looking them up in the upload cache…', files: 3, bytes: 1_300_000_000 });
    expect(out).toEqual(['03:00:00 hashing 3 file(s) (1.2 GiB) and looking them up in the upload cache…']);
  });
});
