/**
 * A simulated Spark driver: jobs made of stages made of tasks, advancing on a timer, visible through
 * Spark's monitoring REST API field names and through driver log lines in the AM's stderr.
 */
import type { Scenario } from './scenario.js';
import { log4jTime, sparkDate } from './spark-json.js';
import type { ChannelSim } from './channel-sim.js';

export type DriverOutcome = { kind: 'succeeded' } | { kind: 'failed'; message: string };

interface SimStage {
  stageId: number;
  jobId: number;
  name: string;
  kind: 'ShuffleMapStage' | 'ResultStage';
  status: 'PENDING' | 'ACTIVE' | 'COMPLETE' | 'FAILED';
  numTasks: number;
  completed: number;
  active: number;
  failed: number;
  submissionTime?: number;
  completionTime?: number;
  inputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
}

interface SimJob {
  jobId: number;
  name: string;
  stageIds: number[];
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'PENDING';
  submissionTime?: number;
  completionTime?: number;
}

export interface DriverHooks {
  log: (line: string) => void;
  end: (outcome: DriverOutcome) => void;
  /** The job channel, when the app asked for it (spark.minicluster.channel): trains one epoch per tick. */
  channel?: ChannelSim;
}

export class SparkDriverSim {
  readonly startTime = Date.now();
  private readonly jobs: SimJob[] = [];
  private readonly stages: SimStage[] = [];
  private timer?: NodeJS.Timeout;
  private tid = 0;
  uiStarted = false;
  ended = false;

  constructor(
    readonly appId: string,
    readonly appName: string,
    readonly user: string,
    readonly attemptId: number,
    private readonly scenario: Scenario,
    private readonly willFail: boolean,
    readonly preserveStagingFiles: boolean,
    private readonly hooks: DriverHooks,
  ) {
    let stageId = 0;
    for (let j = 0; j < scenario.jobs; j++) {
      const line = 30 + j * 5;
      const stageIds: number[] = [];
      for (let s = 0; s < scenario.stagesPerJob; s++) {
        const last = s === scenario.stagesPerJob - 1;
        this.stages.push({
          stageId, jobId: j, kind: last ? 'ResultStage' : 'ShuffleMapStage', status: 'PENDING',
          name: last ? `count at LabJob.scala:${line + 5}` : `map at LabJob.scala:${line + s}`,
          numTasks: scenario.tasksPerStage, completed: 0, active: 0, failed: 0, inputBytes: 0, shuffleReadBytes: 0, shuffleWriteBytes: 0,
        });
        stageIds.push(stageId++);
      }
      this.jobs.push({ jobId: j, name: `count at LabJob.scala:${line + 5}`, stageIds, status: 'PENDING' });
    }
  }

  start(): void {
    this.info('SparkContext', 'Running Spark version 3.5.1');
    this.info('SparkContext', `Submitted application: ${this.appName}`);
    this.timer = setTimeout(() => {
      this.uiStarted = true;
      this.hooks.channel?.start();
      this.info('Utils', "Successfully started service 'SparkUI' on port 4040.");
      this.info('YarnAllocator', `Will request ${this.scenario.executors} executor container(s), each with ${this.scenario.executorCores} core(s) and 896 MB memory.`);
      this.info('YarnClusterSchedulerBackend', 'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8');
      // The UI is up a moment before the first job, when the jobs list is `[ ]` (recorded).
      this.schedule();
    }, this.scenario.startupMillis);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.ended = true;
  }

  get executorCount(): number {
    return this.uiStarted && !this.ended ? this.scenario.executors : 0;
  }

  private tick(): void {
    if (this.ended) return;
    const now = Date.now();
    const channel = this.hooks.channel;
    channel?.tick();
    const stoppedEarly = channel?.done && channel.stopped;
    const stage = stoppedEarly ? undefined : (this.stages.find((s) => s.status === 'ACTIVE') ?? this.startNextStage(now));
    if (!stage) {
      if (this.scenario.hang || (channel && !channel.done)) {
        this.schedule();
        return;
      }
      this.finish({ kind: 'succeeded' });
      return;
    }
    const slots = this.scenario.executors * this.scenario.executorCores;
    const done = Math.min(stage.active, stage.numTasks - stage.completed);
    for (let i = 0; i < done; i++) {
      const index = stage.completed;
      stage.completed++;
      stage.inputBytes += stage.kind === 'ShuffleMapStage' ? this.scenario.inputBytesPerTask : 0;
      stage.shuffleWriteBytes += stage.kind === 'ShuffleMapStage' ? 65536 : 0;
      stage.shuffleReadBytes += stage.kind === 'ResultStage' ? 65536 : 0;
      if (this.willFail && this.failsAt(stage) && stage.completed > stage.numTasks / 2) {
        this.failStage(stage, index, now);
        return;
      }
      this.info('TaskSetManager', `Finished task ${index}.0 in stage ${stage.stageId}.0 (TID ${this.tid++}) in ${this.scenario.taskMillis} ms on 127.0.0.1 (executor ${(index % this.scenario.executors) + 1}) (${stage.completed}/${stage.numTasks})`);
    }
    if (stage.completed >= stage.numTasks) {
      stage.active = 0;
      stage.status = 'COMPLETE';
      stage.completionTime = now;
      this.info('DAGScheduler', `${stage.kind} ${stage.stageId} (${stage.name}) finished in ${((now - (stage.submissionTime ?? now)) / 1000).toFixed(3)} s`);
      const job = this.jobs[stage.jobId] as SimJob;
      if (job.stageIds.every((id) => this.stages[id]?.status === 'COMPLETE')) {
        job.status = 'SUCCEEDED';
        job.completionTime = now;
        this.info('DAGScheduler', `Job ${job.jobId} finished: ${job.name}, took ${((now - (job.submissionTime ?? now)) / 1000).toFixed(6)} s`);
      }
    } else {
      stage.active = Math.min(slots, stage.numTasks - stage.completed);
    }
    this.schedule();
  }

  private failsAt(stage: SimStage): boolean {
    return this.scenario.failAtStage === undefined ? stage.stageId === this.stages.length - 1 : stage.stageId === this.scenario.failAtStage;
  }

  private startNextStage(now: number): SimStage | undefined {
    const stage = this.stages.find((s) => s.status === 'PENDING');
    if (!stage) return undefined;
    const job = this.jobs[stage.jobId] as SimJob;
    if (job.status === 'PENDING') {
      job.status = 'RUNNING';
      job.submissionTime = now;
      this.info('SparkContext', `Starting job: ${job.name}`);
      this.info('DAGScheduler', `Got job ${job.jobId} (${job.name}) with ${stage.numTasks} output partitions`);
    }
    stage.status = 'ACTIVE';
    stage.submissionTime = now;
    stage.active = Math.min(this.scenario.executors * this.scenario.executorCores, stage.numTasks);
    this.info('DAGScheduler', `Submitting ${stage.numTasks} missing tasks from ${stage.kind} ${stage.stageId} (MapPartitionsRDD[${stage.stageId + 1}] at ${stage.name})`);
    return stage;
  }

  private failStage(stage: SimStage, index: number, now: number): void {
    const job = this.jobs[stage.jobId] as SimJob;
    const cause = 'java.lang.RuntimeException: simulated failure';
    stage.failed = 4;
    stage.active = 0;
    stage.status = 'FAILED';
    stage.completionTime = now;
    job.status = 'FAILED';
    job.completionTime = now;
    this.log('WARN', 'TaskSetManager', `Lost task ${index}.0 in stage ${stage.stageId}.0 (TID ${this.tid++}) (127.0.0.1 executor 1): ${cause}`);
    this.log('ERROR', 'TaskSetManager', `Task ${index} in stage ${stage.stageId}.0 failed 4 times; aborting job`);
    const message = `Job aborted due to stage failure: Task ${index} in stage ${stage.stageId}.0 failed 4 times, most recent failure: Lost task ${index}.3 in stage ${stage.stageId}.0 (TID ${this.tid}) (127.0.0.1 executor 1): ${cause}`;
    this.info('DAGScheduler', `Job ${job.jobId} failed: ${job.name}, took ${((now - (job.submissionTime ?? now)) / 1000).toFixed(6)} s`);
    this.log('ERROR', 'ApplicationMaster', `User class threw exception: org.apache.spark.SparkException: ${message}`);
    this.finish({ kind: 'failed', message: `User class threw exception: org.apache.spark.SparkException: ${message}\n\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)\n\tat com.acme.Main.main(Main.java:42)\n` });
  }

  private finish(outcome: DriverOutcome): void {
    this.ended = true;
    const code = outcome.kind === 'succeeded' ? 0 : 15;
    this.info('ApplicationMaster', `Final app status: ${outcome.kind === 'succeeded' ? 'SUCCEEDED' : 'FAILED'}, exitCode: ${code}`);
    this.info('SparkContext', 'Successfully stopped SparkContext');
    this.hooks.end(outcome);
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), this.scenario.taskMillis);
    this.timer.unref();
  }

  private info(source: string, message: string): void {
    this.log('INFO', source, message);
  }

  private log(level: string, source: string, message: string): void {
    this.hooks.log(`${log4jTime(Date.now())} ${level} ${source}: ${message}`);
  }

  // ---- Spark monitoring REST API (docs/monitoring.md field names) ----

  applicationsJson(): unknown[] {
    return [{
      id: this.appId,
      name: this.appName,
      attempts: [{
        attemptId: String(this.attemptId), startTime: sparkDate(this.startTime), endTime: '1969-12-31T23:59:59.999GMT', lastUpdated: sparkDate(this.startTime),
        duration: -1, sparkUser: this.user, completed: false, appSparkVersion: '3.5.1', startTimeEpoch: this.startTime, endTimeEpoch: -1, lastUpdatedEpoch: this.startTime,
      }],
    }];
  }

  jobsJson(): unknown[] {
    return this.jobs
      .filter((j) => j.status !== 'PENDING')
      .reverse()
      .map((j) => {
        const stages = j.stageIds.map((id) => this.stages[id] as SimStage);
        const sum = (f: (s: SimStage) => number) => stages.reduce((a, s) => a + f(s), 0);
        return {
          jobId: j.jobId, name: j.name, submissionTime: sparkDate(j.submissionTime ?? 0),
          ...(j.completionTime ? { completionTime: sparkDate(j.completionTime) } : {}),
          stageIds: j.stageIds, jobTags: [], status: j.status,
          numTasks: sum((s) => s.numTasks), numActiveTasks: sum((s) => s.active), numCompletedTasks: sum((s) => s.completed),
          numSkippedTasks: 0, numFailedTasks: sum((s) => s.failed), numKilledTasks: 0, numCompletedIndices: sum((s) => s.completed),
          numActiveStages: stages.filter((s) => s.status === 'ACTIVE').length, numCompletedStages: stages.filter((s) => s.status === 'COMPLETE').length,
          numSkippedStages: 0, numFailedStages: stages.filter((s) => s.status === 'FAILED').length, killedTasksSummary: {},
        };
      });
  }

  stagesJson(status?: string): unknown[] {
    return this.stages
      .filter((s) => (status ? s.status === status.toUpperCase() : true))
      .slice()
      .reverse()
      .map((s) => ({
        status: s.status, stageId: s.stageId, attemptId: 0, numTasks: s.numTasks, numActiveTasks: s.active, numCompleteTasks: s.completed,
        numFailedTasks: s.failed, numKilledTasks: 0, numCompletedIndices: s.completed,
        ...(s.submissionTime ? { submissionTime: sparkDate(s.submissionTime), firstTaskLaunchedTime: sparkDate(s.submissionTime) } : {}),
        ...(s.completionTime ? { completionTime: sparkDate(s.completionTime) } : {}),
        executorRunTime: s.completed * this.scenario.taskMillis, inputBytes: s.inputBytes, inputRecords: s.inputBytes / 100, outputBytes: 0, outputRecords: 0,
        shuffleReadBytes: s.shuffleReadBytes, shuffleReadRecords: s.shuffleReadBytes / 100, shuffleWriteBytes: s.shuffleWriteBytes, shuffleWriteRecords: s.shuffleWriteBytes / 100,
        memoryBytesSpilled: 0, diskBytesSpilled: 0, name: s.name,
        details: `org.apache.spark.rdd.RDD.map(RDD.scala:421)\ncom.acme.LabJob$.run(${s.name.split(' at ')[1] ?? ''})`,
        schedulingPool: 'default', rddIds: [s.stageId + 1, s.stageId], accumulatorUpdates: [], killedTasksSummary: {}, resourceProfileId: 0,
      }));
  }

  executorsJson(): unknown[] {
    const list: unknown[] = [{ id: 'driver', hostPort: '127.0.0.1:46093', isActive: true, totalCores: 0, maxTasks: 0, activeTasks: 0, completedTasks: 0, failedTasks: 0, totalTasks: 0, addTime: sparkDate(this.startTime) }];
    for (let e = 1; e <= this.executorCount; e++) {
      const done = this.stages.reduce((a, s) => a + Math.floor(s.completed / this.scenario.executors) + (e <= s.completed % this.scenario.executors ? 1 : 0), 0);
      list.push({ id: String(e), hostPort: `127.0.0.1:${40000 + e}`, isActive: true, totalCores: this.scenario.executorCores, maxTasks: this.scenario.executorCores, activeTasks: 0, completedTasks: done, failedTasks: 0, totalTasks: done, addTime: sparkDate(this.startTime) });
    }
    return list;
  }
}
