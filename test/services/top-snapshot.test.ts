/** `apx top`'s model from the recorded real answers: percentages, queues, sorting, filtering, Spark progress. */
import { describe, expect, it } from 'vitest';
import { sparkProgressOf } from '../../src/services/top/poller.js';
import { buildSnapshot, filterRows, nextSort, parseFilter, sortRows, type AppRow } from '../../src/services/top/snapshot.js';
import { leafQueues, type ClusterMetrics, type SchedulerAnswer } from '../../src/yarn/scheduler.js';
import type { AppReport } from '../../src/yarn/types.js';
import { loadRecording } from '../helpers/recording.js';

const metrics = (JSON.parse(loadRecording('rm-cluster-metrics.http').final.body) as { clusterMetrics: ClusterMetrics }).clusterMetrics;
const scheduler = JSON.parse(loadRecording('rm-cluster-scheduler.http').final.body) as SchedulerAnswer;
const running = (JSON.parse(loadRecording('rm-apps-list-running.http').final.body) as { apps: { app: AppReport[] } }).apps.app;

function app(over: Partial<AppReport>): AppReport {
  return { ...(running[0] as AppReport), ...over };
}

/** A Capacity Scheduler with parents, in the REST API's nesting (values chosen, shape as recorded). */
const nested: SchedulerAnswer = {
  scheduler: {
    schedulerInfo: {
      type: 'capacityScheduler', queueName: 'root', queues: {
        queue: [
          { queueName: 'prod', capacity: 70, usedCapacity: 10, maxCapacity: 100, queues: { queue: [
            { queueName: 'etl', capacity: 50, usedCapacity: 200, maxCapacity: 100, absoluteCapacity: 35, absoluteUsedCapacity: 70, absoluteMaxCapacity: 70, resourcesUsed: { memory: 5734, vCores: 3 }, numActiveApplications: 4, numPendingApplications: 1 },
            { queueName: 'bi', capacity: 50, usedCapacity: 0, maxCapacity: 100, absoluteCapacity: 35, absoluteUsedCapacity: 0, absoluteMaxCapacity: 70 },
          ] } },
          { queueName: 'adhoc', capacity: 30, usedCapacity: 0, maxCapacity: 50, absoluteCapacity: 30, absoluteUsedCapacity: 0, absoluteMaxCapacity: 50 },
        ],
      },
    },
  },
};

describe('apx top snapshot', () => {
  it('reads the recorded metrics, scheduler and running apps: cluster totals, the default queue, the app and its % of the queue', () => {
    const s = buildSnapshot(running, metrics, scheduler, new Map(), 1_795_488_115_708);
    expect(s.cluster).toMatchObject({ totalMB: 8192, totalVCores: 4, nodes: 1 });
    expect(s.queues).toEqual([expect.objectContaining({ path: 'root.default', name: 'default', capacityPct: 100, maxCapacityPct: 100, usedPct: 0, usedMB: 0, usedVCores: 0 })]);
    expect(s.apps).toEqual([expect.objectContaining({ id: 'application_1795488074976_0002', user: 'root', queue: 'default', state: 'RUNNING', memoryMB: 512, vcores: 1, containers: 1, queuePct: 6.25, elapsedMs: 3320 })]);
  });

  it("computes an app's % of its queue from the queue's guarantee when the RM gives none", () => {
    const queues = leafQueues(nested);
    expect(queues.map((q) => q.path)).toEqual(['root.prod.etl', 'root.prod.bi', 'root.adhoc']);
    const withoutPct = app({ queue: 'etl', allocatedMB: 1433.6, queueUsagePercentage: undefined });
    const s = buildSnapshot([withoutPct], { ...metrics, totalMB: 8192 }, nested, new Map(), 0);
    // etl is guaranteed 35% of 8192 MB = 2867.2 MB; 1433.6 MB is half of it.
    expect(s.apps[0]?.queuePct).toBeCloseTo(50, 5);
  });

  it('finished apps report -1 resources: shown as 0, never negative', () => {
    const s = buildSnapshot([app({ allocatedMB: -1, allocatedVCores: -1, runningContainers: -1 })], metrics, scheduler, new Map(), 0);
    expect(s.apps[0]).toMatchObject({ memoryMB: 0, vcores: 0, containers: 0 });
  });

  it('other schedulers give no queue lines rather than wrong ones', () => {
    expect(leafQueues({ scheduler: { schedulerInfo: { type: 'fairScheduler' } } })).toEqual([]);
  });

  const rows: AppRow[] = [
    { id: 'application_1_0001', user: 'ana', queue: 'etl', name: 'nightly', state: 'RUNNING', type: 'SPARK', elapsedMs: 9000, containers: 3, memoryMB: 3072, vcores: 3, queuePct: 40, clusterPct: 10 },
    { id: 'application_1_0002', user: 'bob', queue: 'adhoc', name: 'Explore', state: 'ACCEPTED', type: 'SPARK', elapsedMs: 1000, containers: 0, memoryMB: 0, vcores: 0, queuePct: 0, clusterPct: 0 },
    { id: 'application_1_0003', user: 'ana', queue: 'adhoc', name: 'report', state: 'RUNNING', type: 'MAPREDUCE', elapsedMs: 5000, containers: 5, memoryMB: 5120, vcores: 5, queuePct: 80, clusterPct: 20,
      spark: { available: true, at: 0, completedTasks: 1, totalTasks: 4, activeJobs: 1, jobs: 1 } },
  ];
  const ids = (rs: AppRow[]) => rs.map((r) => r.id.slice(-1));

  it('sorts numbers largest first and text A→Z, reversible, ties newest first', () => {
    expect(ids(sortRows(rows, { key: 'memory', reversed: false }))).toEqual(['3', '1', '2']);
    expect(ids(sortRows(rows, { key: 'memory', reversed: true }))).toEqual(['2', '1', '3']);
    expect(ids(sortRows(rows, { key: 'elapsed', reversed: false }))).toEqual(['1', '3', '2']);
    expect(ids(sortRows(rows, { key: 'user', reversed: false }))).toEqual(['3', '1', '2']);
    expect(ids(sortRows(rows, { key: 'progress', reversed: false }))).toEqual(['3', '2', '1']);
    expect(nextSort({ key: 'name', reversed: true })).toEqual({ key: 'memory', reversed: false });
  });

  it('filters by user, queue, state and free text, as typed after /', () => {
    expect(ids(filterRows(rows, parseFilter('user:ana')))).toEqual(['1', '3']);
    expect(ids(filterRows(rows, parseFilter('queue:adhoc state:running')))).toEqual(['3']);
    expect(ids(filterRows(rows, parseFilter('explore')))).toEqual(['2']);
    expect(ids(filterRows(rows, parseFilter('  ')))).toEqual(['1', '2', '3']);
  });

  it('Spark progress counts the tasks of the running jobs, or of all jobs when none runs', () => {
    const job = (jobId: number, status: string, numTasks: number, numCompletedTasks: number) => ({ jobId, name: 'j', status, numTasks, numCompletedTasks, numActiveTasks: 0, numFailedTasks: 0, numActiveStages: 0, numCompletedStages: 0, stageIds: [] });
    expect(sparkProgressOf([job(0, 'SUCCEEDED', 10, 10), job(1, 'RUNNING', 8, 2)], 5)).toEqual({ available: true, at: 5, completedTasks: 2, totalTasks: 8, activeJobs: 1, jobs: 2 });
    expect(sparkProgressOf([job(0, 'SUCCEEDED', 10, 10)], 5)).toMatchObject({ completedTasks: 10, totalTasks: 10, activeJobs: 0 });
  });
});
