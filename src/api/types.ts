/** The public types of the library (`import type { … } from 'apx'`). */
import type { ExitCodeValue } from '../errors.js';
import type { ApxEvent, Outcome } from '../monitor/events.js';

export type { ApxEvent, Outcome } from '../monitor/events.js';
export type ApxEventType = ApxEvent['type'];
export type ApxEventOf<T extends ApxEventType> = Extract<ApxEvent, { type: T }>;
export type InitEvent = ApxEventOf<'init'>;
export type StateEvent = ApxEventOf<'state'>;
export type ProgressEvent = ApxEventOf<'progress'>;
export type StageEvent = ApxEventOf<'stage'>;
export type EndEvent = ApxEventOf<'end'>;

/** An environment as `process.env` is one (no @types/node needed to name it). */
export type Environment = Record<string, string | undefined>;

export interface ConnectOptions {
  /** A cluster profile (`apx cluster add`), or `mini` for the mini cluster; else APX_CLUSTER, the current profile, or HADOOP_CONF_DIR. */
  cluster?: string;
  /** Explicit ResourceManager address(es), as APX_RM_URL (overrides the profile's). */
  resourceManager?: string | string[];
  /** Explicit WebHDFS address(es), as APX_WEBHDFS_URL. */
  webhdfs?: string | string[];
  /** Who to submit as under simple auth (HADOOP_USER_NAME). */
  user?: string;
  /** The environment read instead of process.env (HADOOP_CONF_DIR, SPARK_HOME, APX_PASSWORD, …). */
  env?: Environment;
  /** Where relative paths in submissions are resolved (default process.cwd()). */
  cwd?: string;
  /** Do not verify TLS certificates (warned through onWarning every time). */
  insecure?: boolean;
  /** Asked for a gateway password when APX_PASSWORD / APX_PASSWORD_FILE give none. */
  password?: () => Promise<string>;
  /**
   * `cluster: 'mini'` with no `apx minicluster` running starts one inside this process (gone at
   * close()). Default true; false makes that an error, as for `apx watch --cluster mini`.
   */
  embedMini?: boolean;
  /** Warnings that do not belong to one application (--insecure); default process.emitWarning. */
  onWarning?: (message: string) => void;
}

/** What `apx submit` takes, typed. Values are checked by the same rules and errors as the CLI's flags. */
export interface SubmitSpec {
  /** The application: a local .jar or .py path, or an hdfs:/…, local:/… URI. */
  resource: string;
  args?: string[];
  /** --class (read from the jar's manifest when left out). */
  mainClass?: string;
  name?: string;
  queue?: string;
  numExecutors?: number | string;
  executorMemory?: string;
  executorCores?: number | string;
  driverMemory?: string;
  driverCores?: number | string;
  /** --conf key=value, in order. */
  conf?: Record<string, string | number | boolean>;
  propertiesFile?: string;
  jars?: string[];
  files?: string[];
  archives?: string[];
  pyFiles?: string[];
  /** The cluster's Spark release (spark.apx.sparkVersion). */
  sparkVersion?: string;
  /** JAVA_HOME on the nodes for the AM and executors. */
  javaHome?: string;
}

export interface Call {
  /** Aborting before the first request sends nothing. */
  signal?: AbortSignal;
}

export interface RunOptions extends Call {
  /** What aborting `signal` does once the application exists: kill it (submit's default) or detach (watch's default). */
  onAbort?: 'kill' | 'detach';
  /** Subscribed before the first event. */
  listener?: ApplicationListener;
  /** Poll interval for watch (default 1000 ms; submit reads spark.yarn.report.interval). */
  intervalMs?: number;
  /** How long the RM may be unreachable while watching before giving up. */
  reconnectBudgetMs?: number;
}

export interface SubmitOptions extends RunOptions {
  /** Return once YARN has accepted the application, as `apx submit --detach`. */
  detach?: boolean;
}

/**
 * How a run ended. `detached`: apx stopped watching and the application runs on. `cancelled`:
 * stopped (kill() or the signal) before anything was submitted.
 */
export interface ApplicationResult {
  appId?: string;
  outcome: Outcome | 'detached' | 'cancelled';
  /** The `end` event, when apx watched the application to its end. */
  end?: EndEvent;
  /** The exit code `apx submit` / `apx watch` would have exited with. */
  exitCode: ExitCodeValue;
}

/**
 * The application listener of the platforms apx comes from. Start fires at the first RUNNING;
 * exactly one of End (succeeded), Failed (failed, undetermined) or Killed (killed, killed-elsewhere)
 * follows. A listener that throws becomes a `warning` event; polling goes on.
 */
export interface ApplicationListener {
  onApplicationInit?(e: InitEvent): void;
  onApplicationStart?(e: StateEvent): void;
  onApplicationProgress?(e: ProgressEvent | StageEvent): void;
  onApplicationEnd?(e: EndEvent): void;
  onApplicationFailed?(e: EndEvent): void;
  onApplicationKilled?(e: EndEvent): void;
}
