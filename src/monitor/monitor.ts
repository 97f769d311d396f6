/**
 * One poll loop per application at spark.yarn.report.interval: the RM report every interval, and one
 * more request per interval taken in turn from Spark's stages, Spark's jobs and the driver log (so
 * watching costs at most two requests per interval per app). Everything it learns becomes events.
 */
import { ClusterError } from '../errors.js';
import { transient } from '../net/retry.js';
import type { ApxEvent, EventBus, Outcome, SparkJobSummary, SparkStageSummary } from './events.js';
import { jobsAreStale, reconcileJobs, SparkLogFacts } from './spark-progress.js';
import type { RmClient } from '../yarn/rm-client.js';
import { LogFollower, type NmClient } from '../yarn/nm-client.js';
import type { SparkUiClient } from '../yarn/spark-ui-client.js';
import { TERMINAL_STATES, type AppReport, type YarnState } from '../yarn/types.js';
import { isNotFound, mayBeRecovering, RECOVERY_GRACE_MS } from '../yarn/recovery.js';
import { ChannelFollower } from '../channel/follower.js';
import { CHANNEL_FILE, CHANNEL_MARKER, type ChannelRecord } from '../channel/wire.js';
import { redactText } from '../net/redact.js';

export interface MonitorOptions {
  appId: string;
  rm: RmClient;
  nm: NmClient;
  sparkUi: SparkUiClient;
  bus: EventBus;
  intervalMs: number;
  /** How long the RM may stay unreachable before the monitor gives up (exit 3 with the app id). */
  reconnectBudgetMs?: number;
  /** The caller knows the application exists (it submitted it, or read its report): a 404 may be an RM recovering. */
  known?: boolean;
  /** How long after the RM comes back a 404 for this (known) application is not final (default RECOVERY_GRACE_MS). */
  recoveryGraceMs?: number;
  signal?: AbortSignal;
  /** Log failures already reported (shared with a later monitor of the same app, so each is said once). */
  logFailures?: Set<string>;
}

type Secondary = 'stages' | 'jobs' | 'log';
/** Stage bars matter most to the person watching: every other interval; the log every third, jobs every sixth. */
const ROTATION: Secondary[] = ['stages', 'log', 'stages', 'jobs', 'stages', 'log'];

/** Where the AM's logs are: the NodeManager address and container id, from amContainerLogs. */
export function amContainerOf(report: AppReport): { node: string; container: string } | undefined {
  const m = report.amContainerLogs ? /^(https?:\/\/[^/]+)\/node\/containerlogs\/([^/]+)/.exec(report.amContainerLogs) : null;
  return m ? { node: m[1] as string, container: m[2] as string } : undefined;
}

/** The attempt number in a container id: container_[eNN_]<clusterTs>_<app>_<attempt>_<container>. */
export function attemptOf(containerId: string): number | undefined {
  const m = /_(\d+)_\d+$/.exec(containerId);
  return m ? Number(m[1]) : undefined;
}

/** A channel record as a `message` event: the job's clock as `jobTime`, and no secret apx recognises in its text. */
export function messageEvent(appId: string, rec: ChannelRecord): Extract<ApxEvent, { type: 'message' }> {
  const { time, ...rest } = rec;
  // The job chose what to send; apx still never prints a secret it recognises in it.
  return {
    type: 'message', appId, ...rest, jobTime: time,
    ...(rec.message !== undefined ? { message: redactText(rec.message) } : {}), ...(typeof rec.value === 'string' ? { value: redactText(rec.value) } : {}),
  };
}

export function outcomeOf(report: Pick<AppReport, 'state' | 'finalStatus'>, killedByUs: boolean): Outcome {
  if (report.state === 'FINISHED' && report.finalStatus === 'SUCCEEDED') return 'succeeded';
  if (report.state === 'KILLED' || report.finalStatus === 'KILLED') return killedByUs ? 'killed' : 'killed-elsewhere';
  if (report.state === 'FAILED' || report.finalStatus === 'FAILED') return 'failed';
  return 'undetermined';
}

export class AppMonitor {
  private lastState?: YarnState;
  private lastAttempt?: string;
  private turn = 0;
  private follower?: LogFollower;
  private followed?: string;
  private jobs: SparkJobSummary[] = [];
  private stages: SparkStageSummary[] = [];
  /** Stages read while the jobs list was stale: shown with fresh jobs at the next turn, never alone. */
  private stagesAwaitingJobs?: SparkStageSummary[];
  private sparkSeen = false;
  /** What the driver log said about jobs and stages: the end of the picture the Spark UI no longer shows. */
  private readonly logFacts = new SparkLogFacts();
  private sparkDown?: string;
  private readonly recentLog: string[] = [];
  private readonly logFailures: Set<string>;
  private seen: boolean;
  /** Since when no usable report came (RM unreachable, or recovering), while that lasts. */
  private unreachableSince?: number;
  /** An outage was seen and no report has come since; `backAt`: the RM's first answer after it. */
  private outage = false;
  private backAt?: number;
  killedByUs = false;
  /** The job's channel: looked for once per AM container in its log listing, then cued by the library's stderr line. */
  private channel?: ChannelFollower;
  private channelLooked?: string;
  private channelOn = false;
  /** What the channel said across attempts (a new attempt's records start again at seq 1). */
  private readonly result: Record<string, number | string> = {};

  constructor(private readonly o: MonitorOptions) {
    this.logFailures = o.logFailures ?? new Set();
    this.seen = !!o.known;
  }

  /** Polls until the app is in a final state; returns the final report. */
  async run(): Promise<AppReport> {
    for (;;) {
      let report: AppReport;
      try {
        report = await this.o.rm.report(this.o.appId);
        this.seen = true;
        this.unreachableSince = undefined;
        this.outage = false;
        this.backAt = undefined;
      } catch (e) {
        // An RM restart, a failover or a network blip: say so and keep watching, within the budget.
        const why = await this.temporary(e);
        if (why === undefined) throw e;
        this.unreachableSince ??= Date.now();
        const budget = this.o.reconnectBudgetMs ?? 120_000;
        if (Date.now() - this.unreachableSince > budget) {
          throw new ClusterError(
            `lost contact with the ResourceManager for ${Math.round(budget / 1000)} s while watching ${this.o.appId}: ${(e as Error).message}`,
            `The application may still be running: apx status ${this.o.appId}, apx watch ${this.o.appId}, apx kill ${this.o.appId}.`,
          );
        }
        this.o.bus.emit({ type: 'reconnecting', appId: this.o.appId, message: why });
        await this.sleep();
        continue;
      }
      this.emitReport(report);
      if (TERMINAL_STATES.has(report.state)) {
        await this.pollLog(report, true);
        await this.pollChannel(report, true);
        await this.emitFinalSpark(report);
        this.emitEnd(report);
        return report;
      }
      if (report.state === 'RUNNING') {
        // The one look for a channel file takes this interval's turn: one request besides the report.
        if (!(await this.lookForChannel(report))) await this.pollSecondary(report);
        await this.pollChannel(report, false);
      }
      await this.sleep();
      if (this.o.signal?.aborted) return report;
    }
  }

  /**
   * Why a failed report is worth waiting out (the message for "reconnecting…"), or undefined when it
   * is final. A 404 for an application already seen is not final while the RM is recovering
   * (INITIALIZING, or just started), nor within the grace period after an outage this monitor saw.
   */
  private async temporary(e: unknown): Promise<string | undefined> {
    if (transient(e)) {
      this.outage = true;
      this.backAt = undefined;
      return (e as Error).message;
    }
    if (!isNotFound(e) || !this.seen) return undefined;
    const grace = this.o.recoveryGraceMs ?? RECOVERY_GRACE_MS;
    const recovering = `the ResourceManager is recovering after a restart and has not reloaded ${this.o.appId} yet`;
    if (this.outage) {
      this.backAt ??= Date.now();
      if (Date.now() - this.backAt < grace) return recovering;
    }
    return (await mayBeRecovering(this.o.rm, grace)) ? recovering : undefined;
  }

  private emitReport(r: AppReport): void {
    const attempt = amContainerOf(r)?.container;
    const attemptNo = attempt ? attemptOf(attempt) : undefined;
    if (r.state !== this.lastState || attempt !== this.lastAttempt) {
      this.o.bus.emit({
        type: 'state', appId: r.id, state: r.state, finalStatus: r.finalStatus, previous: this.lastState, attempt: attemptNo,
        diagnostics: r.diagnostics ?? '', trackingUrl: r.trackingUrl,
      });
      this.lastState = r.state;
      this.lastAttempt = attempt;
    }
    if (!TERMINAL_STATES.has(r.state)) {
      this.o.bus.emit({ type: 'progress', appId: r.id, allocatedMB: Math.max(0, r.allocatedMB), allocatedVCores: Math.max(0, r.allocatedVCores), runningContainers: Math.max(0, r.runningContainers), elapsedMs: r.elapsedTime });
    }
  }

  private async pollSecondary(r: AppReport): Promise<void> {
    if (this.stagesAwaitingJobs && r.trackingUrl) {
      const stages = this.stagesAwaitingJobs;
      this.stagesAwaitingJobs = undefined;
      const jobs = await this.o.sparkUi.jobs(r.trackingUrl, r.id);
      if (jobs.ok) this.jobs = jobs.value;
      this.emitSpark(r.id, this.jobs, stages);
      return;
    }
    const which = ROTATION[this.turn++ % ROTATION.length] as Secondary;
    if (which === 'log') {
      await this.pollLog(r, false);
      return;
    }
    if (!r.trackingUrl) return;
    if (which === 'jobs') {
      const jobs = await this.o.sparkUi.jobs(r.trackingUrl, r.id);
      if (jobs.ok) this.jobs = jobs.value;
      return;
    }
    const stages = await this.o.sparkUi.stages(r.trackingUrl, r.id);
    if (stages.ok) {
      this.sparkDown = undefined;
      // A new job started (or one ended) since jobs were last read: the jobs take the next turn (one
      // request besides the report per interval is the budget), and these stages wait for them.
      if (jobsAreStale(this.jobs, stages.value)) {
        this.stagesAwaitingJobs = stages.value;
        return;
      }
      this.emitSpark(r.id, this.jobs, stages.value);
    } else if (stages.reason !== this.sparkDown) {
      this.sparkDown = stages.reason;
      this.o.bus.emit({ type: 'stage', appId: r.id, available: false, reason: stages.reason });
    }
  }

  private async pollLog(r: AppReport, flush: boolean): Promise<void> {
    const am = amContainerOf(r);
    if (!am) return;
    if (this.followed !== am.container) {
      this.followed = am.container;
      this.follower = new LogFollower((bytes) => this.o.nm.tail(am.node, am.container, 'stderr', bytes));
    }
    try {
      const lines = (await this.follower?.poll(flush)) ?? [];
      if (lines.length) {
        if (!this.channelOn && lines.some((l) => l.includes(CHANNEL_MARKER))) this.channelOn = true;
        this.recentLog.push(...lines);
        this.logFacts.add(lines);
        this.recentLog.splice(0, Math.max(0, this.recentLog.length - 200));
        this.o.bus.emit({ type: 'log', appId: r.id, container: am.container, lines });
      }
    } catch (e) {
      // The log is a bonus, the state is what counts: keep watching, but say once why there is no log.
      this.warnLogFailure(am.container, e);
    }
  }

  /**
   * The channel costs nothing for a job that does not use it: one look at the AM container's log
   * listing when the container is first seen (a late attach finds a file whose stderr cue scrolled
   * away), then only the library's cue on stderr turns it on; once on, one tail per interval.
   */
  private async pollChannel(r: AppReport, final: boolean): Promise<void> {
    const am = amContainerOf(r);
    if (!am) return;
    if (final) await this.lookForChannel(r);
    if (!this.channelOn || !this.channel) return;
    try {
      for (const rec of await this.channel.poll(final)) this.emitMessage(r.id, rec);
    } catch (e) {
      this.warnLogFailure(am.container, e, "the job's channel");
    }
  }

  /** The one look at a new AM container's log listing for a channel file; true when it was made now. */
  private async lookForChannel(r: AppReport): Promise<boolean> {
    const am = amContainerOf(r);
    if (!am || this.channelLooked === am.container) return false;
    this.channelLooked = am.container;
    this.channel = new ChannelFollower(this.o.nm, am.node, am.container);
    try {
      this.channelOn = ((await this.o.nm.logFiles(am.node, am.container)) ?? []).includes(CHANNEL_FILE);
    } catch (e) {
      this.warnLogFailure(am.container, e, "the job's channel");
    }
    return true;
  }

  private emitMessage(appId: string, rec: ChannelRecord): void {
    const e = messageEvent(appId, rec);
    if (e.kind === 'update' && e.key !== undefined && e.value !== undefined) this.result[e.key] = e.value;
    this.o.bus.emit(e);
  }

  /** One warning per distinct failure (a NodeManager answering 500 every poll is said once, not every interval). */
  private warnLogFailure(container: string, e: unknown, what = 'the driver log'): void {
    const message = `cannot show ${what} of ${container}: ${(e as Error).message}`;
    if (this.logFailures.has(message)) return;
    if (this.logFailures.size >= 20) return;
    this.logFailures.add(message);
    this.o.bus.emit({ type: 'warning', message });
  }

  private emitSpark(appId: string, jobs: SparkJobSummary[], stages: SparkStageSummary[]): void {
    this.sparkSeen = true;
    this.stages = stages;
    this.jobs = reconcileJobs(jobs, stages);
    this.o.bus.emit({ type: 'stage', appId, available: true, jobs: this.jobs, stages });
  }

  /**
   * The last jobs and stages, so the summary at the end is not the one of a few polls ago: from the
   * Spark UI if it still answers through the proxy, else completed from the driver log.
   */
  private async emitFinalSpark(r: AppReport): Promise<void> {
    let jobs = this.jobs;
    let stages = this.stages;
    if (r.trackingUrl) {
      const fresh = await this.o.sparkUi.stages(r.trackingUrl, r.id);
      if (fresh.ok) {
        stages = fresh.value;
        const freshJobs = await this.o.sparkUi.jobs(r.trackingUrl, r.id);
        if (freshJobs.ok) jobs = freshJobs.value;
      }
    }
    if (!this.sparkSeen && this.logFacts.empty && stages === this.stages) return;
    const final = this.logFacts.complete(jobs, stages);
    this.emitSpark(r.id, final.jobs, final.stages);
  }

  private emitEnd(r: AppReport): void {
    this.o.bus.emit({
      type: 'end', appId: r.id, state: r.state, finalStatus: r.finalStatus, outcome: outcomeOf(r, this.killedByUs), diagnostics: r.diagnostics ?? '',
      durationMs: r.elapsedTime, memorySeconds: r.memorySeconds, vcoreSeconds: r.vcoreSeconds, logsUrl: r.amContainerLogs,
      lastLogLines: this.recentLog.slice(-20),
      ...(Object.keys(this.result).length ? { result: { ...this.result } } : {}),
    });
  }

  /** Waits one interval, or less when the signal aborts (Ctrl-C must not wait for the next poll). */
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.o.signal;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.o.intervalMs);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
