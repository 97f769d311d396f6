/**
 * The line reporter for pipelines and pipes: timestamped lines on stderr, stage progress as
 * occasional lines (on start, on completion, and at most every few seconds in between), driver log
 * lines only when they are errors (or all with --verbose).
 */
import type { ApxEvent, SparkStageSummary } from '../../monitor/events.js';
import { bytes, clock, duration, firstLine } from '../format/units.js';
import { credentialsLine } from '../format/credentials.js';
import { wrapWords } from '../format/wrap.js';
import { channelText, resultText } from '../format/channel.js';

export interface PlainOptions {
  write: (line: string) => void;
  /** Colours for a terminal (chalk under the NO_COLOR / FORCE_COLOR policy of ui/color.ts); plain text when absent. */
  paint?: Paint;
  verbose?: boolean;
  now?: () => Date;
  /** Minimum time between two progress lines for the same stage (and for the same upload). */
  progressEveryMs?: number;
  /** The terminal's width: long diagnostics wrap at word boundaries to it. Lines are never cut. */
  width?: number;
}

/** "hh:mm:ss " before every line: continuation lines are indented past it. */
const STAMP_WIDTH = 9;

const ERROR_LINE = /\b(ERROR|FATAL)\b|Exception|Error:/;

export interface Paint {
  dim: (s: string) => string;
  good: (s: string) => string;
  bad: (s: string) => string;
  warn: (s: string) => string;
}

const NO_PAINT: Paint = { dim: (s) => s, good: (s) => s, bad: (s) => s, warn: (s) => s };

export function createPlainReporter(o: PlainOptions): (e: ApxEvent) => void {
  const now = o.now ?? (() => new Date());
  const every = o.progressEveryMs ?? 5_000;
  const paint = o.paint ?? NO_PAINT;
  const line = (text: string) => o.write(`${paint.dim(clock(now()))} ${text}`);
  /** A long text as several lines, wrapped at spaces to the terminal, continuation lines indented. */
  const wrapped = (text: string, paintAll: (s: string) => string = (x) => x) => {
    const parts = o.width ? wrapWords(text, Math.max(20, o.width - STAMP_WIDTH), '    ') : [text];
    parts.forEach((part, i) => (i === 0 ? line(paintAll(part)) : o.write(`${' '.repeat(STAMP_WIDTH)}${paintAll(part)}`)));
  };
  const uploadSeen = new Map<string, { at: number; sent: number; firstAt: number; firstSent: number }>();
  const uploadLine = (e: Extract<ApxEvent, { type: 'upload-progress' }>) => {
    const t = now().getTime();
    const seen = uploadSeen.get(e.name);
    if (!seen) {
      uploadSeen.set(e.name, { at: t, sent: e.sent, firstAt: t, firstSent: e.sent });
      return;
    }
    // Coalesced: a line every few seconds or every quarter of the file, not one per chunk.
    const quarter = Math.floor((4 * e.sent) / e.size) > Math.floor((4 * seen.sent) / e.size);
    if (e.sent >= e.size || (t - seen.at < every && !quarter)) return;
    const perSecond = t > seen.firstAt ? ((e.sent - seen.firstSent) / (t - seen.firstAt)) * 1000 : 0;
    const left = perSecond > 0 ? `, about ${duration(((e.size - e.sent) / perSecond) * 1000)} left` : '';
    line(`uploading ${e.name}: ${Math.floor((100 * e.sent) / e.size)}% of ${bytes(e.size)}${perSecond > 0 ? `, ${bytes(perSecond)}/s` : ''}${left}`);
    uploadSeen.set(e.name, { ...seen, at: t, sent: e.sent });
  };
  const stageSeen = new Map<string, { status: string; at: number; done: number }>();
  let sparkDown = false;
  /** Progress bars and update series: a line per task/key at most every few seconds, plus the final one. */
  const seriesSeen = new Map<string, number>();
  const jobLine = (e: Extract<ApxEvent, { type: 'message' }>) => {
    if (e.kind === 'progress' || e.kind === 'update') {
      const id = `${e.kind}:${e.task ?? e.key ?? ''}`;
      const t = now().getTime();
      const last = seriesSeen.get(id);
      const complete = e.kind === 'progress' && typeof e.value === 'number' && e.value >= 1;
      if (last !== undefined && t - last < every && !complete) return;
      seriesSeen.set(id, t);
    }
    const text = `job: ${channelText(e)}`;
    line(e.kind === 'error' ? paint.bad(text) : e.kind === 'warn' ? paint.warn(text) : e.kind === 'debug' ? paint.dim(text) : text);
  };

  const stageLine = (s: SparkStageSummary) => {
    const extra = [s.inputBytes ? `input ${bytes(s.inputBytes)}` : '', s.shuffleReadBytes ? `shuffle read ${bytes(s.shuffleReadBytes)}` : '', s.shuffleWriteBytes ? `shuffle write ${bytes(s.shuffleWriteBytes)}` : ''].filter(Boolean).join(', ');
    return `stage ${s.stageId} (${s.name}) ${s.status.toLowerCase()}: ${s.numCompleteTasks}/${s.numTasks} tasks${s.numActiveTasks ? `, ${s.numActiveTasks} running` : ''}${s.numFailedTasks ? `, ${s.numFailedTasks} failed` : ''}${extra ? ` (${extra})` : ''}`;
  };

  return (e) => {
    switch (e.type) {
      case 'activity':
        line(e.message);
        return;
      case 'upload-progress':
        uploadLine(e);
        return;
      case 'upload-plan': {
        const total = e.files.reduce((a, f) => a + f.size, 0);
        line(`dependencies: ${e.files.length} file(s), ${bytes(total)}`);
        return;
      }
      case 'upload-done':
        line(`${e.cached ? 'cached  ' : 'uploaded'} ${e.link} (${bytes(e.size)}, ${e.visibility})`);
        return;
      case 'upload-end':
        line(`uploads done in ${duration(e.millis)}: ${bytes(e.uploadedBytes)} uploaded, ${bytes(e.reusedBytes)} reused from the cache`);
        return;
      case 'credentials':
        line(credentialsLine(e));
        return;
      case 'auto-size':
        wrapped(`auto-size: ${e.summary}`);
        for (const n of e.notes) wrapped(`auto-size: ${n}`, paint.warn);
        return;
      case 'init':
        line(e.watching ? `watching ${e.appId} (${e.name}, queue ${e.queue}, user ${e.user}) on ${e.cluster}` : `submitting ${e.name} to queue ${e.queue} as ${e.user} on ${e.cluster}`);
        return;
      case 'submitted':
        line(`submitted ${e.appId}`);
        return;
      case 'state': {
        const why = e.state === 'ACCEPTED' && e.diagnostics ? `: ${firstLine(e.diagnostics).replace(/^\[[^\]]*\]\s*/, '')}` : '';
        const attempt = e.previous === 'RUNNING' && e.state === 'ACCEPTED' ? ' (the attempt failed; YARN retries)' : e.attempt && e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
        wrapped(`${e.appId} ${e.state}${e.state === 'FINISHED' ? `/${e.finalStatus}` : ''}${attempt}${why}`);
        if (e.state === 'RUNNING' && e.trackingUrl) line(`tracking URL: ${e.trackingUrl}`);
        return;
      }
      case 'stage': {
        if (!e.available) {
          if (!sparkDown) line(`spark progress not available yet: ${e.reason}`);
          sparkDown = true;
          return;
        }
        sparkDown = false;
        const t = now().getTime();
        const latestStage = Math.max(...e.stages.map((s) => s.stageId));
        for (const s of [...e.stages].reverse()) {
          const key = `${s.stageId}.${s.attemptId}`;
          const seen = stageSeen.get(key);
          const changedStatus = !seen || seen.status !== s.status;
          const due = seen && s.status === 'ACTIVE' && s.numCompleteTasks !== seen.done && t - seen.at >= every;
          if (s.status === 'PENDING' || (!changedStatus && !due)) continue;
          // Attaching late: the history of completed stages is skipped, but the latest stage is always told.
          if (!seen && s.status === 'COMPLETE' && stageSeen.size === 0 && e.stages.length > 3 && s.stageId !== latestStage) continue;
          stageSeen.set(key, { status: s.status, at: t, done: s.numCompleteTasks });
          line(stageLine(s));
        }
        return;
      }
      case 'log':
        for (const l of e.lines) if (o.verbose || ERROR_LINE.test(l)) line(`driver: ${ERROR_LINE.test(l) ? paint.bad(l) : l}`);
        return;
      case 'message':
        jobLine(e);
        return;
      case 'killing':
        line(paint.warn(`killing ${e.appId} (${e.reason === 'request' ? 'requested' : `${e.reason} received`})…`));
        return;
      case 'reconnecting':
        line(paint.warn(`reconnecting… (${e.message})`));
        return;
      case 'warning':
        line(paint.warn(`warning: ${e.message}`));
        return;
      case 'end': {
        const verdict = `${e.state}/${e.finalStatus}`;
        const painted = e.outcome === 'succeeded' ? paint.good(verdict) : e.outcome === 'failed' ? paint.bad(verdict) : paint.warn(verdict);
        // Wrapped as plain text (escapes have no width), then the verdict painted where it landed.
        wrapped(`${e.appId} ended ${verdict} after ${duration(e.durationMs)} (${e.memorySeconds} MB-seconds, ${e.vcoreSeconds} vcore-seconds)`, (part) => part.replace(verdict, painted));
        if (e.outcome !== 'succeeded' && e.diagnostics) {
          for (const d of e.diagnostics.split('\n').filter((l) => l.trim()).slice(0, 8)) wrapped(`  ${d.trim()}`);
        }
        if (e.outcome === 'failed' && e.lastLogLines.length && !o.verbose) {
          line('last driver log lines:');
          for (const l of e.lastLogLines.slice(-10)) line(`  ${l}`);
        }
        if (e.result) wrapped(`result: ${resultText(e.result)}`);
        if (e.logsUrl) line(`driver logs: ${e.logsUrl}`);
        return;
      }
      default:
        return;
    }
  };
}
