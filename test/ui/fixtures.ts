/** Event sequences for each phase of a submission, shaped as the monitor emits them. */
import type { ApxEvent, SparkStageSummary } from '../../src/monitor/events.js';

export const APP = 'application_1795488074976_0020';

export function stage(stageId: number, status: string, done: number, active = 0, failed = 0): SparkStageSummary {
  return { stageId, attemptId: 0, name: `map at LabJob.scala:${30 + stageId}`, status, numTasks: 8, numActiveTasks: active, numCompleteTasks: done, numFailedTasks: failed, inputBytes: done * 4 * 1024 * 1024, shuffleReadBytes: 0, shuffleWriteBytes: done * 65536, submissionTime: new Date(Date.now() - 12_000).toISOString().replace('Z', 'GMT') };
}

export const uploading: ApxEvent[] = [
  { type: 'upload-plan', files: [{ name: 'libs.zip', link: '__spark_libs__', size: 200 * 1024 * 1024, cached: true }, { name: 'etl.jar', link: '__app__.jar', size: 10 * 1024 * 1024, cached: false }] },
  { type: 'upload-done', name: 'libs.zip', link: '__spark_libs__', size: 200 * 1024 * 1024, cached: true, path: '/apps/spark/libs.zip', visibility: 'PUBLIC' },
  { type: 'upload-progress', name: '__app__.jar', sent: 5 * 1024 * 1024, size: 10 * 1024 * 1024 },
];

export const accepted: ApxEvent[] = [
  ...uploading,
  { type: 'upload-done', name: 'etl.jar', link: '__app__.jar', size: 10 * 1024 * 1024, cached: false, path: '/user/ana/.apx/cache/x/etl.jar', visibility: 'PUBLIC' },
  { type: 'upload-end', uploadedBytes: 10 * 1024 * 1024, reusedBytes: 200 * 1024 * 1024, files: 2, millis: 1200 },
  { type: 'init', appId: APP, name: 'nightly-etl', queue: 'etl', user: 'ana', cluster: 'prod' },
  { type: 'submitted', appId: APP },
  { type: 'state', appId: APP, state: 'ACCEPTED', finalStatus: 'UNDEFINED', diagnostics: "[Tue Nov 24 02:41:52 +0000 2026] Application is Activated, waiting for resources to be assigned for AM.  Details : AM Partition = <DEFAULT_PARTITION> ; Queue's Absolute capacity = 100.0 %" },
];

export const running: ApxEvent[] = [
  ...accepted,
  { type: 'state', appId: APP, state: 'RUNNING', finalStatus: 'UNDEFINED', previous: 'ACCEPTED', attempt: 1, diagnostics: '', trackingUrl: `http://localhost:8088/proxy/${APP}/` },
  { type: 'progress', appId: APP, allocatedMB: 4608, allocatedVCores: 4, runningContainers: 4, elapsedMs: 8000 },
  {
    type: 'stage', appId: APP, available: true,
    jobs: [{ jobId: 0, name: 'count at LabJob.scala:35', status: 'RUNNING', numTasks: 16, numActiveTasks: 2, numCompletedTasks: 8, numFailedTasks: 0, numActiveStages: 1, numCompletedStages: 1, stageIds: [0, 1] }],
    stages: [stage(1, 'ACTIVE', 3, 2), stage(0, 'COMPLETE', 8)],
  },
  { type: 'log', appId: APP, container: 'container_1', lines: ['26/11/24 03:06:37 INFO DAGScheduler: Submitting 8 missing tasks', '26/11/24 03:06:38 WARN TaskSetManager: Lost task 1.0 in stage 1.0 (TID 9)', '26/11/24 03:06:38 ERROR Executor: Exception in task 1.0'] },
];

export const failed: ApxEvent[] = [
  ...running,
  { type: 'state', appId: APP, state: 'FINISHED', finalStatus: 'FAILED', previous: 'RUNNING', attempt: 2, diagnostics: 'User class threw exception: java.lang.RuntimeException: simulated failure\n\tat com.acme.Main.main(Main.java:42)' },
  {
    type: 'end', appId: APP, state: 'FINISHED', finalStatus: 'FAILED', outcome: 'failed', diagnostics: 'User class threw exception: java.lang.RuntimeException: simulated failure\n\tat com.acme.Main.main(Main.java:42)',
    durationMs: 23279, memorySeconds: 49653, vcoreSeconds: 40, logsUrl: 'http://localhost:8042/node/containerlogs/container_1/ana', lastLogLines: ['ERROR ApplicationMaster: User class threw exception: java.lang.RuntimeException: simulated failure'],
  },
];

export const killing: ApxEvent[] = [...running, { type: 'killing', appId: APP, reason: 'SIGINT' }];

export const killed: ApxEvent[] = [
  ...killing,
  { type: 'state', appId: APP, state: 'KILLED', finalStatus: 'KILLED', previous: 'RUNNING', attempt: 1, diagnostics: `Application ${APP} was killed by user ana` },
  { type: 'end', appId: APP, state: 'KILLED', finalStatus: 'KILLED', outcome: 'killed', diagnostics: `Application ${APP} was killed by user ana`, durationMs: 9221, memorySeconds: 17140, vcoreSeconds: 12, lastLogLines: [] },
];

export const succeeded: ApxEvent[] = [
  ...running,
  { type: 'state', appId: APP, state: 'FINISHED', finalStatus: 'SUCCEEDED', previous: 'RUNNING', attempt: 1, diagnostics: '' },
  {
    type: 'end', appId: APP, state: 'FINISHED', finalStatus: 'SUCCEEDED', outcome: 'succeeded', diagnostics: '', durationMs: 23279, memorySeconds: 49653, vcoreSeconds: 40,
    logsUrl: `http://localhost:8042/node/containerlogs/container_1795488074976_0020_01_000001/ana`, lastLogLines: [],
  },
];
