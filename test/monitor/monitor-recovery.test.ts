/**
 * The monitor's reading of a 404 (fixtures rm-restart/): for an application it has seen, a 404 while
 * the RM recovers after a restart is not the end; for one it has not, or from an RM long up, it is.
 */
import { describe, expect, it } from 'vitest';
import { AppMonitor, attemptOf } from '../../src/monitor/monitor.js';
import { EventBus, type ApxEvent } from '../../src/monitor/events.js';
import { NetworkError } from '../../src/net/http.js';
import { RemoteError } from '../../src/net/remote-exception.js';
import type { RmClient } from '../../src/yarn/rm-client.js';
import type { NmClient } from '../../src/yarn/nm-client.js';
import type { SparkUiClient } from '../../src/yarn/spark-ui-client.js';
import type { AppReport, ClusterInfo } from '../../src/yarn/types.js';

const APP = 'application_1795653186788_0001';
type Answer = 'accepted' | 'finished' | '404' | 'refused';
type HaState = ClusterInfo['haState'];

function report(state: 'ACCEPTED' | 'FINISHED'): AppReport {
  return { id: APP, name: 'x', user: 'root', queue: 'default', state, finalStatus: state === 'FINISHED' ? 'SUCCEEDED' : 'UNDEFINED', elapsedTime: 1, allocatedMB: 0, allocatedVCores: 0, runningContainers: 0, memorySeconds: 0, vcoreSeconds: 0 } as unknown as AppReport;
}

/** An RM that answers the scripted reports in turn (the last one repeats) and the given cluster state. */
function fakeRm(answers: Answer[], cluster: { haState: HaState; upForMs: number }) {
  const asked = { reports: 0, clusterInfo: 0 };
  const rm = {
    report: async () => {
      const a = answers[Math.min(asked.reports++, answers.length - 1)];
      if (a === '404') throw new RemoteError(`application ${APP} is not known to the ResourceManager at http://rm:8088`, 404, 'NotFoundException');
      if (a === 'refused') throw new NetworkError('cannot reach http://rm:8088: connection refused', 'ECONNREFUSED');
      return report(a === 'accepted' ? 'ACCEPTED' : 'FINISHED');
    },
    recoveryState: async () => {
      asked.clusterInfo++;
      return cluster;
    },
  };
  return { rm: rm as unknown as RmClient, asked };
}

function monitor(rm: RmClient, o: { known?: boolean; recoveryGraceMs?: number } = {}) {
  const bus = new EventBus();
  const events: ApxEvent[] = [];
  bus.on((e) => events.push(e));
  const m = new AppMonitor({ appId: APP, rm, nm: {} as NmClient, sparkUi: {} as SparkUiClient, bus, intervalMs: 5, ...o });
  return { m, events };
}

const LONG_UP = { haState: 'ACTIVE' as const, upForMs: 3_600_000 };

describe('AppMonitor and a recovering ResourceManager', () => {
  it('a seen app answering 404 while the RM says INITIALIZING is waited for, then followed to its end', async () => {
    const { rm } = fakeRm(['accepted', '404', '404', 'finished'], { haState: 'INITIALIZING', upForMs: 300 });
    const { m, events } = monitor(rm);
    await expect(m.run()).resolves.toMatchObject({ state: 'FINISHED' });
    expect(events.filter((e) => e.type === 'reconnecting')).toHaveLength(2);
  });

  it('a known app (just submitted) is waited for even on its first poll, if the RM started moments ago', async () => {
    const { rm } = fakeRm(['404', 'finished'], { haState: 'ACTIVE', upForMs: 2_000 });
    await expect(monitor(rm, { known: true }).m.run()).resolves.toMatchObject({ state: 'FINISHED' });
  });

  it('an app never seen is not known: 404 is final at once, without asking the cluster', async () => {
    const { rm, asked } = fakeRm(['404', 'finished'], { haState: 'INITIALIZING', upForMs: 300 });
    await expect(monitor(rm).m.run()).rejects.toThrow(`application ${APP} is not known to the ResourceManager`);
    expect(asked).toEqual({ reports: 1, clusterInfo: 0 });
  });

  it('a seen app answering 404 from an RM that is ACTIVE and long up is gone: exit 3', async () => {
    const { rm } = fakeRm(['accepted', '404', 'finished'], LONG_UP);
    await expect(monitor(rm).m.run()).rejects.toMatchObject({ exitCode: 3, exception: 'NotFoundException' });
  });

  it('after an outage the monitor saw, a 404 is believed only once the grace period is over', async () => {
    const within = fakeRm(['accepted', 'refused', '404', '404', 'finished'], LONG_UP);
    await expect(monitor(within.rm, { recoveryGraceMs: 60_000 }).m.run()).resolves.toMatchObject({ state: 'FINISHED' });
    const after = fakeRm(['accepted', 'refused', '404'], LONG_UP);
    await expect(monitor(after.rm, { recoveryGraceMs: 30 }).m.run()).rejects.toMatchObject({ exception: 'NotFoundException' });
    expect(after.asked.reports).toBeGreaterThan(2);
  });
});

describe('attemptOf', () => {
  it('reads the attempt from container ids with and without an RM epoch', () => {
    expect(attemptOf('container_1795488074976_0002_01_000001')).toBe(1);
    expect(attemptOf('container_e05_1795653186788_0001_02_000001')).toBe(2);
  });
});
