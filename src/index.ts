/**
 * The library: `import { connect } from 'apx'`. Re-exports by name (never `export *`), so what is
 * public is decided here and nothing under src/ui, src/commands or src/minicluster is reachable:
 * importing apx loads no React, Ink, chalk or commander (test/package/no-ui-import.test.ts).
 */
export { connect, ApxClient } from './api/client.js';
export type { KillOptions, LogsOptions } from './api/client.js';
export { ApplicationHandle } from './api/handle.js';
export type {
  ApplicationListener, ApplicationResult, ApxEvent, ApxEventOf, ApxEventType, Call, ConnectOptions, EndEvent, Environment,
  InitEvent, Outcome, ProgressEvent, RunOptions, StageEvent, StateEvent, SubmitOptions, SubmitSpec,
} from './api/types.js';
export { ApxError, AuthError, ClusterError, ConfigError, ExitCode, InterruptedError, UsageError, isApxError } from './errors.js';
export type { ExitCodeValue } from './errors.js';
export type { KillOutcome } from './services/kill.js';
export type { AppListFilter, AppReport, FinalStatus, YarnState } from './yarn/types.js';
export type { SparkJobSummary, SparkStageSummary } from './monitor/events.js';
