/** The live view's frames for each phase, rendered with ink-testing-library. */
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ApxEvent } from '../../src/monitor/events.js';
import { View } from '../../src/ui/tui/App.js';
import { initialViewState, reduce } from '../../src/ui/tui/view-state.js';
import { APP, accepted, failed, killed, killing, running, uploading } from './fixtures.js';

function frame(events: ApxEvent[], width = 80): string {
  const view = events.reduce((s, e, i) => reduce(s, e, 1_000 + i * 1000), initialViewState());
  const { lastFrame, unmount } = render(<View view={view} width={width} />);
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
});
