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
