/**
 * Keeping Spark's picture true: jobs are polled less often than stages, and the Spark UI is gone by
 * the time YARN reports the end (Spark stops its UI before the AM unregisters; the RM proxy then
 * redirects, shared/hadoop-3.3.6/spark-app/proxy-finished-*.http). So jobs are reconciled with the
 * stage list of the same poll, and the last picture is completed from the DAGScheduler's own lines
 * in the driver log (INFO, on by default), which the monitor reads to the end.
 */
import type { SparkJobSummary, SparkStageSummary } from './events.js';

const TERMINAL_STAGE = new Set(['COMPLETE', 'FAILED', 'SKIPPED']);

/** A job's stage and task counts recomputed from the stages of the same poll, when it has them all. */
export function reconcileJobs(jobs: SparkJobSummary[], stages: SparkStageSummary[]): SparkJobSummary[] {
  const latest = new Map<number, SparkStageSummary>();
  for (const s of stages) if ((latest.get(s.stageId)?.attemptId ?? -1) <= s.attemptId) latest.set(s.stageId, s);
  return jobs.map((j) => {
    const own = j.stageIds.map((id) => latest.get(id));
    if (own.some((s) => !s)) return j;
    const list = own as SparkStageSummary[];
    const sum = (f: (s: SparkStageSummary) => number) => list.reduce((a, s) => a + f(s), 0);
    return {
      ...j,
      numActiveStages: list.filter((s) => s.status === 'ACTIVE').length,
      numCompletedStages: list.filter((s) => s.status === 'COMPLETE').length,
      numTasks: sum((s) => s.numTasks), numActiveTasks: sum((s) => s.numActiveTasks), numCompletedTasks: sum((s) => s.numCompleteTasks), numFailedTasks: sum((s) => s.numFailedTasks),
    };
  });
}

/** The jobs list is behind the stage list: a stage of an unknown job, or a running job whose stages all ended. */
export function jobsAreStale(jobs: SparkJobSummary[], stages: SparkStageSummary[]): boolean {
  const known = new Set(jobs.flatMap((j) => j.stageIds));
  if (stages.some((s) => !known.has(s.stageId))) return true;
  const status = new Map(stages.map((s) => [s.stageId, s.status]));
  return jobs.some((j) => j.status === 'RUNNING' && j.stageIds.every((id) => TERMINAL_STAGE.has(status.get(id) ?? '')));
}

// Spark's DAGScheduler log lines (core/src/main/scala/org/apache/spark/scheduler/DAGScheduler.scala).
const GOT_JOB = /DAGScheduler: Got job (\d+) \((.*)\) with (\d+) output partitions/;
const JOB_END = /DAGScheduler: Job (\d+) (finished|failed): (.*), took /;
const SUBMITTING = /DAGScheduler: Submitting (\d+) missing tasks from (?:ShuffleMapStage|ResultStage) (\d+) /;
const STAGE_END = /DAGScheduler: (?:ShuffleMapStage|ResultStage) (\d+) \((.*)\) (finished|failed) in /;

/** What the driver log says about jobs and stages, gathered as the lines stream by. */
export class SparkLogFacts {
  private readonly jobs = new Map<number, { name: string; status?: 'SUCCEEDED' | 'FAILED' }>();
  private readonly stages = new Map<number, { name?: string; numTasks?: number; status?: 'COMPLETE' | 'FAILED' }>();

  add(lines: string[]): void {
    for (const l of lines) {
      let m = GOT_JOB.exec(l);
      if (m) this.jobs.set(Number(m[1]), { name: m[2] as string });
      if ((m = JOB_END.exec(l))) this.jobs.set(Number(m[1]), { name: m[3] as string, status: m[2] === 'finished' ? 'SUCCEEDED' : 'FAILED' });
      if ((m = SUBMITTING.exec(l))) this.stages.set(Number(m[2]), { ...this.stages.get(Number(m[2])), numTasks: Number(m[1]) });
      if ((m = STAGE_END.exec(l))) this.stages.set(Number(m[1]), { ...this.stages.get(Number(m[1])), name: m[2], status: m[3] === 'finished' ? 'COMPLETE' : 'FAILED' });
    }
  }

  get empty(): boolean {
    return this.jobs.size === 0 && this.stages.size === 0;
  }

  /** The last polled picture brought up to what the log says happened after it. */
  complete(jobs: SparkJobSummary[], stages: SparkStageSummary[]): { jobs: SparkJobSummary[]; stages: SparkStageSummary[] } {
    const outStages = stages.map((s) => {
      const fact = this.stages.get(s.stageId);
      if (!fact?.status || TERMINAL_STAGE.has(s.status)) return s;
      return fact.status === 'COMPLETE' ? { ...s, status: 'COMPLETE', numActiveTasks: 0, numCompleteTasks: s.numTasks } : { ...s, status: 'FAILED', numActiveTasks: 0 };
    });
    const seen = new Set(stages.map((s) => s.stageId));
    for (const [stageId, fact] of this.stages) {
      if (seen.has(stageId) || !fact.status) continue;
      const numTasks = fact.numTasks ?? 0;
      outStages.unshift({
        stageId, attemptId: 0, name: fact.name ?? `stage ${stageId}`, status: fact.status, numTasks, numActiveTasks: 0,
        numCompleteTasks: fact.status === 'COMPLETE' ? numTasks : 0, numFailedTasks: 0, inputBytes: 0, shuffleReadBytes: 0, shuffleWriteBytes: 0,
      });
    }
    const outJobs = jobs.map((j) => {
      const fact = this.jobs.get(j.jobId);
      return fact?.status && j.status === 'RUNNING' ? { ...j, status: fact.status } : j;
    });
    const known = new Set(jobs.map((j) => j.jobId));
    for (const [jobId, fact] of this.jobs) {
      if (known.has(jobId)) continue;
      outJobs.unshift({ jobId, name: fact.name, status: fact.status ?? 'RUNNING', numTasks: 0, numActiveTasks: 0, numCompletedTasks: 0, numFailedTasks: 0, numActiveStages: 0, numCompletedStages: 0, stageIds: [] });
    }
    outStages.sort((a, b) => b.stageId - a.stageId);
    outJobs.sort((a, b) => b.jobId - a.jobId);
    return { jobs: reconcileJobs(outJobs, outStages), stages: outStages };
  }
}
