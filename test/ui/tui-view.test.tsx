/** The live view's frames for each phase, rendered with ink-testing-library. */
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ApxEvent } from '../../src/monitor/events.js';
import { View } from '../../src/ui/tui/App.js';
import { initialViewState, reduce } from '../../src/ui/tui/view-state.js';
import { APP, accepted, failed, killed, killing, running, succeeded, uploading } from './fixtures.js';

function frame(events: ApxEvent[], width = 80, height = 60): string {
  const view = events.reduce((s, e, i) => reduce(s, e, 1_000 + i * 1000), initialViewState());
  const { lastFrame, unmount } = render(<View view={view} width={width} height={height} />);
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

describe('the live view', () => {
  it('uploading: a bar per dependency, cached ones marked', () => {
    const f = frame(uploading);
    expect(f).toMatch(/__spark_libs__\s+cached\s+200 MiB/);
    expect(f).toMatch(/__app__\.jar\s+█+░+\s+10\.0 MiB/);
  });

  it('on a Kerberos cluster the header names the delegation tokens shipped, never a token', () => {
    const credentials: ApxEvent = { type: 'credentials', renewer: 'rm/rm1.example.com@EXAMPLE.COM', tokens: [{ kind: 'HDFS_DELEGATION_TOKEN', service: 'ha-hdfs:prod' }, { kind: 'RM_DELEGATION_TOKEN', service: '10.0.0.1:8032' }] };
    const f = frame([credentials, ...accepted], 160);
    expect(f).toContain('delegation tokens: HDFS_DELEGATION_TOKEN for ha-hdfs:prod, RM_DELEGATION_TOKEN for 10.0.0.1:8032 (renewer rm/rm1.example.com@EXAMPLE.COM)');
  });

  it('with --auto-size the header shows the chosen executor sizes in one line', () => {
    const autoSize: ApxEvent = { type: 'auto-size', summary: '6 executor(s) × 4 cores × 14895m (+1489m overhead, 16384 MB containers, 4 per node) in queue etl; 48 shuffle partitions', settings: [], notes: [] };
    const f = frame([autoSize, ...accepted], 160);
    expect(f).toContain('auto-size: 6 executor(s) × 4 cores × 14895m (+1489m overhead, 16384 MB containers, 4 per node) in queue etl; 48 shuffle partitions');
    expect(f).toContain('queue etl · user ana · cluster prod');
  });

  it('accepted: the header, the steps with times, and why it waits', () => {
    const f = frame(accepted);
    expect(f).toContain(`nightly-etl ${APP}`);
    expect(f).toContain('queue etl · user ana · cluster prod');
    expect(f).toContain('10.0 MiB uploaded, 200 MiB reused');
    expect(f).toMatch(/YARN ACCEPTED \+0 ms/);
    expect(f).toContain('waiting: Application is Activated, waiting for resources to be assigned for AM.');
  });

  it('running: resources, the job bar, active stage bars with task counts, sizes and time, the log tail with errors', () => {
    const f = frame(running, 120);
    expect(f).toMatch(/ACCEPTED \+0 ms → RUNNING \+1\.0 s/);
    expect(f).toContain('4 container(s) · 4608 MB · 4 vcores');
    expect(f).toContain('1 job(s), 1 stage(s) done');
    expect(f).toMatch(/job 0 █+░+ 11\/16 count at LabJob\.scala:35/);
    expect(f).toMatch(/stage 1 █+▒+░+ 3\/8 2 running map at LabJob\.scala:31 1[12]\.\d s in 12\.0 MiB/);
    expect(f).not.toMatch(/stage 0 █/);
    expect(f).toContain('ERROR Executor: Exception in task 1.0');
    expect(f).toContain(`http://localhost:8088/proxy/${APP}/`);
  });

  it('says why there is no driver log when the NodeManager fails to serve it', () => {
    const warning: ApxEvent = { type: 'warning', message: 'cannot show the driver log of container_1: the NodeManager at nm1.example.com:8042 answered 500: java.lang.NoClassDefFoundError: Could not initialize class org.apache.hadoop.io.SecureIOUtils' };
    const f = frame([...running, warning], 120).replace(/\n/g, ' ').replace(/ +/g, ' ');
    expect(f).toContain('warning: cannot show the driver log of container_1: the NodeManager at nm1.example.com:8042 answered 500: java.lang.NoClassDefFoundError: Could not initialize class org.apache.hadoop.io.SecureIOUtils');
  });

  it('failed: the final status, YARN\'s diagnostics and the last driver lines', () => {
    const f = frame(failed);
    expect(f).toContain('FINISHED/FAILED after 23.3 s');
    expect(f).toContain('49653 MB-seconds · 40 vcore-seconds');
    expect(f).toContain('User class threw exception: java.lang.RuntimeException: simulated failure');
    expect(f).toContain('driver logs: http://localhost:8042/node/containerlogs/container_1/ana');
    expect(f).not.toContain('Driver log\n');
  });

  it('killing, then killed', () => {
    expect(frame(killing)).toContain('killing application… waiting for YARN to confirm');
    const f = frame(killed);
    expect(f).not.toContain('killing application');
    expect(f).toContain('KILLED/KILLED after 9.2 s');
    expect(f).toContain(`Application ${APP} was killed by user ana`);
  });

  it('a failed attempt that sends the app back to ACCEPTED is shown as a retry', () => {
    const retry: ApxEvent[] = [...running, { type: 'state', appId: APP, state: 'ACCEPTED', finalStatus: 'UNDEFINED', previous: 'RUNNING', attempt: 2, diagnostics: 'AM container is launched' }];
    const f = frame(retry);
    expect(f).toMatch(/RUNNING \+1\.0 s → ACCEPTED#2/);
    expect(f).toContain('attempt 2: the previous attempt failed and YARN is retrying');
  });

  it('renders 80 and 40 columns without wrapping any row', () => {
    for (const width of [80, 40]) {
      const f = frame(running, width);
      for (const line of f.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(width);
    }
  });

  it('says when the Spark UI is not reachable, and carries on', () => {
    const f = frame([...accepted, { type: 'stage', appId: APP, available: false, reason: 'the Spark UI is not up' }]);
    expect(f).toContain('Spark progress: not available (the Spark UI is not up)');
  });

  describe('never taller than the terminal (Ink clears the screen and the scrollback when it is)', () => {
    const jars = Array.from({ length: 30 }, (_, i) => ({ name: `dependency-${i}.jar`, link: `dependency-${i}.jar`, size: 2_000_000, cached: i < 3 }));
    const manyUploads: ApxEvent[] = [
      { type: 'upload-plan', files: jars },
      ...jars.slice(0, 6).map((j): ApxEvent => ({ type: 'upload-done', name: j.name, link: j.link, size: j.size, cached: j.cached, path: `/c/${j.name}`, visibility: 'PUBLIC' })),
      { type: 'upload-progress', name: 'dependency-7.jar', sent: 1_000_000, size: 2_000_000 },
    ];
    const lines = (f: string) => f.split('\n').length;

    it('80×24 while 30 jars upload: finished ones fold into one line, the rest end in "… and N more"', () => {
      const f = frame(manyUploads, 80, 24);
      expect(lines(f), f).toBeLessThanOrEqual(23);
      expect(f).toContain('✓ 6 of 30 ready (3 cached)');
      expect(f).toMatch(/… and \d+ more/);
      expect(f).toContain('dependency-6.jar');
    });

    it('100×14 running, then ended: the log tail gives way, the final frame keeps its verdict and the logs URL', () => {
      const run = frame(running, 100, 14);
      expect(lines(run), run).toBeLessThanOrEqual(13);
      expect(run).toMatch(/stage 1 █+/);
      const end = frame(succeeded, 100, 14);
      expect(lines(end), end).toBeLessThanOrEqual(13);
      expect(end).toContain('FINISHED/SUCCEEDED after 23.3 s');
      expect(end).toContain('driver logs: http://localhost:8042/node/containerlogs/container_1795488074976_0020_01_000001/ana');
    });
    it('80×14 with three long warnings: the warnings count in the height, the latest one stays', () => {
      const warn = (n: number): ApxEvent => ({ type: 'warning', message: `cannot show the driver log of container_${n}: the NodeManager at node${n}:8042 answered 500: java.lang.NoClassDefFoundError: Could not initialize class org.apache.hadoop.io.SecureIOUtils` });
      const f = frame([...running, warn(1), warn(2), warn(3)], 80, 14);
      expect(lines(f), f).toBeLessThanOrEqual(13);
      expect(f).toContain('container_3');
    });
  });

  describe('at 60 columns nothing that matters is cut', () => {
    it('the final state, the id and the URLs stay whole (a driver-logs URL too long for the frame is left to the line after it)', () => {
      const f = frame(succeeded, 60, 40);
      for (const line of f.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(60);
      expect(f).toMatch(/→ FINISHED \+\d/);
      expect(f).not.toContain('…\n');
      expect(f).toContain('FINISHED/SUCCEEDED after 23.3 s');
      expect(f).toContain(APP);
      const joined = f.split('\n').map((l) => l.trimEnd()).join('');
      expect(joined).toContain(`http://localhost:8088/proxy/${APP}/`);
      // Never a piece of it: mountTui writes it whole after the frame (see the tmux test).
      expect(f).not.toContain('containerlogs');
      expect(frame(succeeded, 100, 40)).toContain('driver logs: http://localhost:8042/node/containerlogs/container_1795488074976_0020_01_000001/ana');
    });
  });

  it('an upload in progress shows its rate and the time left', () => {
    const view = [
      { type: 'upload-plan', files: [{ name: 'big.jar', link: 'big.jar', size: 100 * 1024 * 1024, cached: false }] },
      { type: 'upload-progress', name: 'big.jar', sent: 10 * 1024 * 1024, size: 100 * 1024 * 1024 },
      { type: 'upload-progress', name: 'big.jar', sent: 30 * 1024 * 1024, size: 100 * 1024 * 1024 },
    ].reduce((s, e, i) => reduce(s, e as ApxEvent, [0, 1_000, 3_000][i]), initialViewState());
    const { lastFrame, unmount } = render(<View view={view} width={100} height={40} />);
    const f = lastFrame() ?? '';
    unmount();
    expect(f).toContain('10.0 MiB/s · 7.0 s left');
  });

  it('before anything is uploaded, says what apx is doing', () => {
    const f = frame([{ type: 'activity', step: 'hashing', message: 'hashing 3 file(s) (1.2 GiB)…', files: 3, bytes: 1_300_000_000 }]);
    expect(f).toContain('apx submit');
    expect(f).toContain('hashing 3 file(s) (1.2 GiB)…');
  });

  it('watching an app that started long ago: its steps are timed from its start, not from attaching', () => {
    const startedTime = 1_000 - 185_000;
    const f = frame([
      { type: 'init', appId: APP, name: 'nightly-etl', queue: 'etl', user: 'ana', cluster: 'prod', watching: true, startedTime },
      { type: 'state', appId: APP, state: 'RUNNING', finalStatus: 'UNDEFINED', attempt: 1, diagnostics: '' },
    ]);
    expect(f).toMatch(/YARN RUNNING \+3 min 6 s/);
  });
});

