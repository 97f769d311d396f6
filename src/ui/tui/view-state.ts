/**
 * The live view's state, folded from the event stream by a pure reducer (so it is tested without a
 * terminal, and the components only draw it).
 */
import type { ApxEvent, SparkJobSummary, SparkStageSummary } from '../../monitor/events.js';
import { credentialsLine } from '../format/credentials.js';

export interface UploadRow {
  link: string;
  size: number;
  sent: number;
  cached: boolean;
  done: boolean;
  visibility?: string;
  startedAt: number;
  /** The first progress report (time and bytes) and the latest one: the rate and time left. */
  firstProgress?: { at: number; sent: number };
  updatedAt?: number;
}

export interface StateStep {
  state: string;
  at: number;
  attempt?: number;
}

export interface ViewState {
  /** What apx is doing before there is anything else to show (reading configuration, hashing…). */
  activity?: string;
  appId?: string;
  /** When YARN started the application (from the report): steps are timed from here. */
  appStartedAt?: number;
  name?: string;
  queue?: string;
  user?: string;
  cluster?: string;
  trackingUrl?: string;
  uploads: UploadRow[];
  uploadSummary?: { uploadedBytes: number; reusedBytes: number; millis: number };
  steps: StateStep[];
  waitingReason?: string;
  attempt?: number;
  retried: boolean;
  resources?: { mb: number; vcores: number; containers: number };
  sparkAvailable?: boolean;
  sparkReason?: string;
  jobs: SparkJobSummary[];
  stages: SparkStageSummary[];
  log: string[];
  killing?: string;
  reconnecting?: string;
  warnings: string[];
  /** What was shipped for a Kerberos cluster (kinds and services). */
  credentials?: string;
  /** --auto-size's chosen executor sizes, in one line. */
  autoSize?: string;
  end?: Extract<ApxEvent, { type: 'end' }>;
  /** The job's own tasks from its channel (progress bars), in the order they first appeared. */
  jobTasks: JobTask[];
  /** Every update key: numeric ones keep their recent series for the chart. */
  series: UpdateSeries[];
  /** The commands the job registered handlers for (offered on a key press). */
  commands: string[];
}

export interface JobTask {
  task: string;
  fraction?: number;
  text?: string;
  /** The latest display line for this task. */
  display?: string;
}

export interface UpdateSeries {
  key: string;
  /** The recent numeric values, oldest first (at most SERIES_KEPT). */
  values: number[];
  last: number | string;
}

export const SERIES_KEPT = 120;

export const LOG_LINES_KEPT = 200;

export function initialViewState(): ViewState {
  return { uploads: [], steps: [], retried: false, jobs: [], stages: [], log: [], warnings: [], jobTasks: [], series: [], commands: [] };
}

/** Bytes per second and milliseconds left for an upload in progress, once there is enough to measure. */
export function uploadRate(u: UploadRow): { perSecond: number; etaMs: number } | undefined {
  if (!u.firstProgress || u.updatedAt === undefined || u.done || u.cached) return undefined;
  const ms = u.updatedAt - u.firstProgress.at;
  const sent = u.sent - u.firstProgress.sent;
  if (ms < 500 || sent <= 0) return undefined;
  const perSecond = (sent / ms) * 1000;
  return { perSecond, etaMs: ((u.size - u.sent) / perSecond) * 1000 };
}

/** A job's progress from the freshest stage data (jobs are polled less often than stages). */
export function jobProgress(job: SparkJobSummary, stages: SparkStageSummary[]): { done: number; total: number } {
  const own = stages.filter((st) => job.stageIds.includes(st.stageId));
  if (own.length !== job.stageIds.length) return { done: job.numCompletedTasks, total: job.numTasks };
  return { done: own.reduce((a, st) => a + st.numCompleteTasks, 0), total: own.reduce((a, st) => a + st.numTasks, 0) };
}

export function reduce(s: ViewState, e: ApxEvent, now = Date.now()): ViewState {
  switch (e.type) {
    case 'activity':
      return { ...s, activity: e.message };
    case 'upload-plan':
      return { ...s, activity: undefined, uploads: e.files.map((f) => ({ link: f.link, size: f.size, sent: 0, cached: f.cached, done: false, startedAt: now })) };
    case 'upload-progress':
      return { ...s, uploads: s.uploads.map((u) => (u.link === e.name ? { ...u, sent: e.sent, firstProgress: u.firstProgress ?? { at: now, sent: e.sent }, updatedAt: now } : u)) };
    case 'upload-done':
      return { ...s, uploads: s.uploads.map((u) => (u.link === e.link ? { ...u, sent: e.size, size: e.size, cached: e.cached, done: true, visibility: e.visibility } : u)) };
    case 'upload-end':
      return { ...s, uploadSummary: { uploadedBytes: e.uploadedBytes, reusedBytes: e.reusedBytes, millis: e.millis } };
    case 'credentials':
      return { ...s, credentials: credentialsLine(e) };
    case 'auto-size':
      return { ...s, autoSize: `auto-size: ${e.summary}` };
    case 'init':
      return { ...s, activity: undefined, appId: e.appId, name: e.name, queue: e.queue, user: e.user, cluster: e.cluster, appStartedAt: e.startedTime ?? s.appStartedAt };
    case 'submitted':
      return { ...s, appId: e.appId };
    case 'state': {
      const retried = s.retried || (e.previous === 'RUNNING' && e.state === 'ACCEPTED');
      const last = s.steps[s.steps.length - 1];
      // The same state again is a new step only when a new attempt started (a retry to show).
      const sameStep = last && last.state === e.state && (last.attempt === undefined || last.attempt === e.attempt);
      const steps = sameStep ? [...s.steps.slice(0, -1), { ...last, attempt: e.attempt ?? last.attempt }] : [...s.steps, { state: e.state, at: now, attempt: e.attempt }];
      const waitingReason = e.state === 'ACCEPTED' ? e.diagnostics.replace(/^\[[^\]]*\]\s*/, '').split('\n')[0] : undefined;
      return { ...s, appId: e.appId, steps, retried, attempt: e.attempt ?? s.attempt, waitingReason, trackingUrl: e.trackingUrl ?? s.trackingUrl, reconnecting: undefined };
    }
    case 'progress':
      return { ...s, resources: { mb: e.allocatedMB, vcores: e.allocatedVCores, containers: e.runningContainers }, reconnecting: undefined };
    case 'stage':
      return e.available ? { ...s, sparkAvailable: true, sparkReason: undefined, jobs: e.jobs, stages: e.stages } : { ...s, sparkAvailable: false, sparkReason: e.reason };
    case 'log': {
      const log = [...s.log, ...e.lines];
      return { ...s, log: log.slice(-LOG_LINES_KEPT) };
    }
    case 'killing':
      return { ...s, killing: e.appId };
    case 'reconnecting':
      return { ...s, reconnecting: e.message };
    case 'warning':
      return { ...s, warnings: [...s.warnings, e.message] };
    case 'end':
      return { ...s, end: e, killing: undefined };
    case 'message':
      return reduceMessage(s, e);
    default:
      return s;
  }
}

function withTask(tasks: JobTask[], task: string, change: Partial<JobTask>): JobTask[] {
  return tasks.some((t) => t.task === task) ? tasks.map((t) => (t.task === task ? { ...t, ...change } : t)) : [...tasks, { task, ...change }];
}

/** The job's channel: log records join the driver log (tagged by level), progress/display fill task rows, updates the charts. */
function reduceMessage(s: ViewState, e: Extract<ApxEvent, { type: 'message' }>): ViewState {
  switch (e.kind) {
    case 'info': case 'warn': case 'debug': case 'error': case 'coalesced': {
      const level = e.kind === 'coalesced' ? 'WARN' : e.kind.toUpperCase();
      const line = `job ${level} ${(e.message ?? (e.value !== undefined ? `${e.value} records coalesced` : '')).split('\n')[0]}`;
      return { ...s, log: [...s.log, line].slice(-LOG_LINES_KEPT) };
    }
    case 'commands':
      return { ...s, commands: e.names ?? [] };
    case 'progress':
      return { ...s, jobTasks: withTask(s.jobTasks, e.task ?? 'job', { fraction: typeof e.value === 'number' ? e.value : undefined, text: e.message }) };
    case 'display':
      return { ...s, jobTasks: withTask(s.jobTasks, e.task ?? 'job', { display: e.message }) };
    case 'update': {
      if (e.key === undefined || e.value === undefined) return s;
      const value = e.value;
      const old = s.series.find((x) => x.key === e.key);
      const values = typeof value === 'number' ? [...(old?.values ?? []), value].slice(-SERIES_KEPT) : (old?.values ?? []);
      const next = { key: e.key, values, last: value };
      return { ...s, series: old ? s.series.map((x) => (x.key === e.key ? next : x)) : [...s.series, next] };
    }
    default:
      return s;
  }
}
