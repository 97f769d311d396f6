/** Jobs kept consistent with the stages of the same poll, and the end completed from the driver log. */
import { describe, expect, it } from 'vitest';
import type { SparkJobSummary } from '../../src/monitor/events.js';
import { jobsAreStale, reconcileJobs, SparkLogFacts } from '../../src/monitor/spark-progress.js';
import { stage } from '../ui/fixtures.js';

const job0: SparkJobSummary = { jobId: 0, name: 'count at LabJob.scala:35', status: 'RUNNING', numTasks: 16, numActiveTasks: 2, numCompletedTasks: 3, numFailedTasks: 0, numActiveStages: 1, numCompletedStages: 0, stageIds: [0, 1] };

describe('Spark progress', () => {
  it('a job polled earlier gets its stage and task counts from the stage list of this poll', () => {
    const [j] = reconcileJobs([job0], [stage(1, 'ACTIVE', 5, 2), stage(0, 'COMPLETE', 8)]);
    expect(j).toMatchObject({ numCompletedStages: 1, numActiveStages: 1, numCompletedTasks: 13, numTasks: 16 });
  });

  it('the jobs list is stale when a stage belongs to no known job, or a running job has only ended stages', () => {
    expect(jobsAreStale([job0], [stage(1, 'ACTIVE', 5), stage(0, 'COMPLETE', 8)])).toBe(false);
    expect(jobsAreStale([job0], [stage(2, 'ACTIVE', 1), stage(1, 'COMPLETE', 8), stage(0, 'COMPLETE', 8)])).toBe(true);
    expect(jobsAreStale([job0], [stage(1, 'COMPLETE', 8), stage(0, 'COMPLETE', 8)])).toBe(true);
  });

  it('the DAGScheduler lines of the driver log complete the last picture', () => {
    const facts = new SparkLogFacts();
    facts.add([
      '26/11/24 03:06:40 INFO DAGScheduler: ResultStage 1 (count at LabJob.scala:35) finished in 1.204 s',
      '26/11/24 03:06:40 INFO DAGScheduler: Job 0 finished: count at LabJob.scala:35, took 3.120 s',
      '26/11/24 03:06:40 INFO DAGScheduler: Got job 1 (count at LabJob.scala:40) with 8 output partitions',
      '26/11/24 03:06:40 INFO DAGScheduler: Submitting 8 missing tasks from ResultStage 2 (MapPartitionsRDD[3] at count at LabJob.scala:40) (first 15 tasks are for partitions Vector(0, 1))',
      '26/11/24 03:06:41 INFO DAGScheduler: ResultStage 2 (count at LabJob.scala:40) finished in 0.800 s',
      '26/11/24 03:06:41 INFO DAGScheduler: Job 1 finished: count at LabJob.scala:40, took 0.9 s',
    ]);
    const end = facts.complete([job0], [stage(1, 'ACTIVE', 5, 2), stage(0, 'COMPLETE', 8)]);
    expect(end.stages.map((s) => `${s.stageId}:${s.status}:${s.numCompleteTasks}/${s.numTasks}`)).toEqual(['2:COMPLETE:8/8', '1:COMPLETE:8/8', '0:COMPLETE:8/8']);
    expect(end.jobs.map((j) => `${j.jobId}:${j.status}`)).toEqual(['1:SUCCEEDED', '0:SUCCEEDED']);
    expect(end.jobs.find((j) => j.jobId === 0)?.numCompletedStages).toBe(2);
  });
});
