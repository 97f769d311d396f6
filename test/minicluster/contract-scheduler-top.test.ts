/**
 * The mini's `/ws/v1/cluster/scheduler` against rm-cluster-scheduler.http: every key `apx top` reads
 * from a Capacity Scheduler leaf queue is where the recording has it, and the usage is the real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { leafQueues, type SchedulerAnswer } from '../../src/yarn/scheduler.js';
import { loadRecording, missingKeys } from '../helpers/recording.js';
import { http, startMini } from '../helpers/mini.js';

let cluster: MiniCluster;

beforeAll(async () => {
  cluster = await startMini();
});
afterAll(() => cluster.stop());

/** The leaf-queue keys `leafQueues` reads (src/yarn/scheduler.ts), as the recording nests them. */
const READ = ['type', 'queueName', 'capacity', 'usedCapacity', 'maxCapacity', 'absoluteCapacity', 'absoluteUsedCapacity', 'absoluteMaxCapacity', 'numActiveApplications', 'numPendingApplications', 'resourcesUsed']
  .map((k) => `.scheduler.schedulerInfo.queues.queue[].${k}`);

describe('scheduler contract (recorded on Hadoop 3.3.6)', () => {
  it('has the recorded keys apx top reads, with resourcesUsed in the recorded resource shape', async () => {
    const recorded = JSON.parse(loadRecording('rm-cluster-scheduler.http').final.body) as SchedulerAnswer;
    const got = await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/scheduler?user.name=root`);
    expect(got.status).toBe(200);
    const gaps = missingKeys(recorded, got.json);
    expect(READ.filter((k) => gaps.includes(k))).toEqual([]);
    expect(gaps.filter((k) => k.startsWith('.scheduler.schedulerInfo.queues.queue[].resourcesUsed'))).toEqual([]);
    expect(Object.keys(leafQueues(got.json as SchedulerAnswer)[0] ?? {})).toEqual(Object.keys(leafQueues(recorded)[0] ?? {}));
  });

  it('counts the vcores running applications hold, as the memory', async () => {
    cluster.rm.seedRunning(3);
    const got = await http('GET', `${cluster.urls.resourceManager}/ws/v1/cluster/scheduler?user.name=root`);
    const [queue] = leafQueues(got.json as SchedulerAnswer);
    expect(queue).toMatchObject({ path: 'root.default', usedMB: 3 * 512, usedVCores: 3, running: 3 });
  });
});
