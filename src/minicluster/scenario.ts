/**
 * How a simulated Spark application behaves, chosen by spark conf keys of its submission
 * (documented in README.md, "The mini cluster"): `--conf spark.minicluster.jobs=3` and so on.
 */
export interface Scenario {
  jobs: number;
  stagesPerJob: number;
  tasksPerStage: number;
  taskMillis: number;
  startupMillis: number;
  executors: number;
  executorCores: number;
  /** Stage id whose task fails and aborts the job (the app then FAILS). */
  failAtStage?: number;
  /** The first N attempts fail (the user class throws), later ones run normally. */
  failAttempts: number;
  /** Keep running after the last job until killed. */
  hang: boolean;
  /** The AM process exits with this code before registering (13: user class not found). */
  amExitCode?: number;
  /** Input bytes read per task, for the stage table. */
  inputBytesPerTask: number;
}

export const SCENARIO_KEYS = {
  jobs: 'spark.minicluster.jobs',
  stagesPerJob: 'spark.minicluster.stagesPerJob',
  tasksPerStage: 'spark.minicluster.tasksPerStage',
  taskMillis: 'spark.minicluster.taskMillis',
  startupMillis: 'spark.minicluster.startupMillis',
  failAtStage: 'spark.minicluster.failAtStage',
  failAttempts: 'spark.minicluster.failAttempts',
  hang: 'spark.minicluster.hang',
  amExitCode: 'spark.minicluster.amExitCode',
} as const;

function int(conf: Map<string, string>, key: string, fallback: number): number {
  const v = conf.get(key);
  if (v === undefined) return fallback;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function scenarioFrom(conf: Map<string, string>): Scenario {
  const failAt = conf.get(SCENARIO_KEYS.failAtStage);
  const amExit = conf.get(SCENARIO_KEYS.amExitCode);
  return {
    jobs: Math.max(1, int(conf, SCENARIO_KEYS.jobs, 2)),
    stagesPerJob: Math.max(1, int(conf, SCENARIO_KEYS.stagesPerJob, 2)),
    tasksPerStage: Math.max(1, int(conf, SCENARIO_KEYS.tasksPerStage, 8)),
    taskMillis: Math.max(10, int(conf, SCENARIO_KEYS.taskMillis, 400)),
    startupMillis: int(conf, SCENARIO_KEYS.startupMillis, 1500),
    executors: Math.max(1, int(conf, 'spark.executor.instances', 2)),
    executorCores: Math.max(1, int(conf, 'spark.executor.cores', 1)),
    failAtStage: failAt === undefined ? undefined : Number.parseInt(failAt, 10),
    failAttempts: int(conf, SCENARIO_KEYS.failAttempts, 0),
    hang: conf.get(SCENARIO_KEYS.hang) === 'true',
    amExitCode: amExit === undefined ? undefined : Number.parseInt(amExit, 10),
    inputBytesPerTask: 4 * 1024 * 1024,
  };
}
