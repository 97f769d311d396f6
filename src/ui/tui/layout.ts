/**
 * How much of each part of the live view fits the terminal. Ink redraws by erasing the lines it
 * drew; a frame as tall as the window cannot be erased that way, so Ink clears the whole screen
 * (and the scrollback) on every frame. The frame is therefore kept at most rows-1 lines: the log
 * tail shortens first, then finished uploads fold into one line, then long lists end in "… and N more".
 */
import { firstLine } from '../format/units.js';
import { splitUrl, wrapWords } from '../format/wrap.js';
import { resultText } from '../format/channel.js';
import type { UploadRow, ViewState } from './view-state.js';

export const LOG_TAIL_ROWS = 6;
export const END_LOG_ROWS = 8;

export interface FramePlan {
  width: number;
  /** Upload rows drawn one by one (the others are folded or counted in `moreUploads`). */
  uploads: UploadRow[];
  /** Finished uploads folded into one summary line. */
  folded?: { count: number; cached: number; bytes: number };
  moreUploads: number;
  /** Every upload is finished: the whole section is one line. */
  uploadsOneLine: boolean;
  /** No blank line between the sections. */
  compact: boolean;
  logRows: number;
  /** The latest warnings (why there is no driver log, what was retried), pre-wrapped. */
  warnings: string[];
  /** Active stages drawn; the rest are counted in one "… and N more" line. */
  stageRows: number;
  endLogRows: number;
  /** Long lines pre-wrapped, so their height is known. */
  trackingUrl: string[];
  /** The name and the id do not fit one line: the id gets its own (an id is never cut). */
  idOwnLine: boolean;
  diagnostics: string[];
  logsUrl: string[];
  /** Rows of the job's channel section drawn (task bars, then charts); the rest counted in one line. */
  channelRows: number;
  /** The result line at the end (the job's update keys), pre-wrapped. */
  result: string[];
}

export const finished = (u: UploadRow): boolean => u.done || u.cached;

function uploadsHeight(v: ViewState, p: FramePlan): number {
  if (v.uploads.length === 0) return 0;
  if (p.uploadsOneLine) return margin(p) + 1;
  return margin(p) + 1 + p.uploads.length + (p.folded ? 1 : 0) + (p.moreUploads ? 1 : 0) + (v.uploadSummary ? 1 : 0);
}

const margin = (p: FramePlan) => (p.compact ? 0 : 1);

function headerHeight(v: ViewState, p: FramePlan): number {
  if (!v.appId && !v.name) return v.activity ? 2 : 1;
  return 2 + (p.idOwnLine ? 1 : 0) + (v.credentials ? 1 : 0) + (v.autoSize ? 1 : 0) + p.trackingUrl.length;
}

function lifecycleHeight(v: ViewState, p: FramePlan): number {
  if (v.steps.length === 0) return 0;
  const current = v.steps[v.steps.length - 1]?.state;
  return margin(p) + 1 + (current === 'ACCEPTED' && v.waitingReason ? 1 : 0) + (v.retried ? 1 : 0) + (v.resources && current === 'RUNNING' ? 1 : 0) + (v.reconnecting ? 1 : 0) + (v.killing ? 1 : 0);
}

export function runningJobs(v: ViewState) {
  return v.jobs.filter((j) => j.status === 'RUNNING');
}

export function activeStages(v: ViewState) {
  return v.stages.filter((s) => s.status === 'ACTIVE');
}

function sparkHeight(v: ViewState, p: FramePlan): number {
  if (v.sparkAvailable === undefined) return 0;
  if (v.end || !v.sparkAvailable) return 1;
  const active = activeStages(v).length;
  const failed = v.stages.filter((s) => s.status === 'FAILED').length;
  return margin(p) + 1 + runningJobs(v).length + Math.min(active, p.stageRows) + (active > p.stageRows ? 1 : 0) + failed;
}

export function channelItems(v: ViewState): number {
  return v.jobTasks.length + v.series.length;
}

/** The line that offers the job's commands (a key press, or how to send one), while the app runs. */
export function offersCommands(v: ViewState): boolean {
  return v.commands.length > 0 && !v.end;
}

function channelHeight(v: ViewState, p: FramePlan): number {
  const items = channelItems(v);
  if (items === 0 && !offersCommands(v)) return 0;
  const shown = Math.min(items, p.channelRows);
  return margin(p) + 1 + shown + (items > shown ? 1 : 0) + (offersCommands(v) ? 1 : 0);
}

function logHeight(v: ViewState, p: FramePlan): number {
  return v.end || v.log.length === 0 || p.logRows === 0 ? 0 : margin(p) + 1 + Math.min(p.logRows, v.log.length);
}

function warningsHeight(p: FramePlan): number {
  return p.warnings.length === 0 ? 0 : margin(p) + p.warnings.length;
}

function endHeight(v: ViewState, p: FramePlan): number {
  const e = v.end;
  if (!e) return 0;
  const logLines = e.outcome === 'failed' ? Math.min(p.endLogRows, e.lastLogLines.length) : 0;
  return margin(p) + 2 + p.diagnostics.length + logLines + p.result.length + p.logsUrl.length;
}

export function frameHeight(v: ViewState, p: FramePlan): number {
  return headerHeight(v, p) + uploadsHeight(v, p) + lifecycleHeight(v, p) + sparkHeight(v, p) + channelHeight(v, p) + warningsHeight(p) + logHeight(v, p) + endHeight(v, p);
}

/**
 * The line that names the driver logs at the end. A URL is never cut or broken over lines (a
 * broken one cannot be clicked or pasted): when it does not fit the frame, it is written after the
 * frame as one line the terminal wraps by itself (see afterFrame).
 */
export function driverLogsLine(url: string): string {
  return `driver logs: ${url}`;
}

/** Ink draws at the terminal's width: a narrower box than that is fine, a wider one wraps. */
export function frameWidth(columns: number | undefined): number {
  return Math.max(20, Math.min(columns ?? 80, 160));
}

export function fitsFrame(line: string, width: number): boolean {
  return [...line].length <= width;
}

function warningLines(warnings: string[], width: number): string[] {
  return warnings.flatMap((w) => wrapWords(`warning: ${w}`, width, '  ').slice(0, 3));
}

export function planFrame(v: ViewState, width: number, rows: number): FramePlan {
  const e = v.end;
  const plan: FramePlan = {
    width, uploads: v.uploads, moreUploads: 0, uploadsOneLine: false, compact: false, logRows: LOG_TAIL_ROWS, stageRows: activeStages(v).length, endLogRows: END_LOG_ROWS,
    trackingUrl: v.trackingUrl ? splitUrl(v.trackingUrl, width) : [],
    idOwnLine: !!v.appId && `${v.name ?? 'application'} ${v.appId}`.length > width,
    diagnostics: e && e.outcome !== 'succeeded' && e.diagnostics ? wrapWords(firstLine(e.diagnostics), width, '  ').slice(0, 4) : [],
    logsUrl: e?.logsUrl && fitsFrame(driverLogsLine(e.logsUrl), width) ? [driverLogsLine(e.logsUrl)] : [],
    warnings: warningLines(v.warnings.slice(-3), width),
    channelRows: channelItems(v),
    result: e?.result && Object.keys(e.result).length ? wrapWords(`result: ${resultText(e.result)}`, width, '  ').slice(0, 3) : [],
  };
  const max = Math.max(1, rows - 1);
  const over = () => frameHeight(v, plan) > max;
  // In order: what matters least while watching gives way first.
  while (over() && plan.logRows > 0) plan.logRows--;
  if (over() && v.warnings.length > 1) plan.warnings = warningLines(v.warnings.slice(-1), width);
  if (over() && plan.warnings.length > 1) plan.warnings = plan.warnings.slice(0, 1);
  if (over() && v.uploads.some(finished)) {
    const done = v.uploads.filter(finished);
    plan.folded = { count: done.length, cached: done.filter((u) => u.cached).length, bytes: done.reduce((a, u) => a + u.size, 0) };
    plan.uploads = v.uploads.filter((u) => !finished(u));
  }
  const unfinished = plan.uploads;
  let shown = unfinished.length;
  while (over() && shown > 0) {
    shown--;
    plan.uploads = unfinished.slice(0, shown);
    plan.moreUploads = unfinished.length - shown;
  }
  if (over() && v.uploadSummary && v.uploads.every(finished)) plan.uploadsOneLine = true;
  if (over()) plan.compact = true;
  if (over() && v.end) plan.trackingUrl = [];
  while (over() && plan.stageRows > 0) plan.stageRows--;
  while (over() && plan.channelRows > 1) plan.channelRows--;
  while (over() && plan.endLogRows > 0) plan.endLogRows--;
  while (over() && plan.diagnostics.length > 1) plan.diagnostics = plan.diagnostics.slice(0, -1);
  while (over() && plan.result.length > 1) plan.result = plan.result.slice(0, -1);
  while (over() && plan.channelRows > 0) plan.channelRows--;
  return plan;
}
