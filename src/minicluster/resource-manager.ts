/**
 * The mini ResourceManager's model of applications: YARN's state machine
 * (NEW → NEW_SAVING → SUBMITTED → ACCEPTED → RUNNING → FINISHED/FAILED/KILLED), attempts and their
 * AM containers, kill with an intermediate KILLING answer, and reports shaped like the recordings.
 */
import type { LogAggregator } from './log-aggregation.js';
import { TERMINAL_STATES, type SubmissionBody } from '../yarn/types.js';
import { launchAm, type LaunchOutcome } from './am-launch.js';
import { runUserProcess, type UserProcess } from './user-process.js';

/** Runs the job's real main class or .py instead of the simulated driver (user-process.ts). */
export const USER_PROCESS_KEY = 'spark.minicluster.runUserClass';
import type { NodeJdk } from './node-manager-launch.js';
import type { ContainerRegistry } from './containers.js';
import type { HdfsStore } from './hdfs-store.js';
import { scenarioFrom } from './scenario.js';
import { SparkDriverSim, type DriverOutcome } from './spark-driver.js';
import { ChannelSim, CHANNEL_KEYS } from './channel-sim.js';
import { log4jTime } from './spark-json.js';
import type { MiniKerberos } from './kerberos.js';
import { localizationFailure } from './rm-security.js';

export type AppState = 'NEW' | 'NEW_SAVING' | 'SUBMITTED' | 'ACCEPTED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface MiniAttempt {
  id: number;
  startTime: number;
  finishedTime: number;
  containerId: string;
  /** Reloaded by an RM restart (RMAppAttemptImpl.recover). */
  recovered?: boolean;
}

/** What RMAppAttemptImpl.recover puts in an attempt's diagnostics (rm-restart/rm-app-report-after-recovery.http). */
export const RECOVERED_DIAGNOSTICS = 'Attempt recovered after RM restart';

export interface MiniApp {
  id: string;
  user: string;
  name: string;
  queue: string;
  type: string;
  tags: string[];
  priority: number;
  state: AppState;
  finalStatus: 'UNDEFINED' | 'SUCCEEDED' | 'FAILED' | 'KILLED';
  diagnostics: string;
  startedTime: number;
  launchTime: number;
  finishedTime: number;
  maxAttempts: number;
  submission: SubmissionBody;
  attempts: MiniAttempt[];
  registered: boolean;
  killing: boolean;
  driver?: SparkDriverSim;
  /** The job's real main class or .py, run as a process (spark.minicluster.runUserClass). */
  userProcess?: UserProcess;
  amMemoryMB: number;
  amVCores: number;
  memorySeconds: number;
  vcoreSeconds: number;
  lastUsageUpdate: number;
  timers: NodeJS.Timeout[];
  /** The usage stored when the RM restarted: the recorded report shows it as preempted too. */
  recoveredUsage?: { memorySeconds: number; vcoreSeconds: number };
}

export interface RmTiming {
  /** Between NEW, NEW_SAVING, SUBMITTED and ACCEPTED. */
  stepMillis: number;
  /** ACCEPTED until the AM container is allocated and launched. */
  amAllocateMillis: number;
  /** Launched until the AM registers (RUNNING). */
  amRegisterMillis: number;
  /** A kill request until the app is KILLED. */
  killMillis: number;
}

/** Paced like a small real cluster, so a person watching sees each step. Tests pass faster timings. */
export const DEFAULT_TIMING: RmTiming = { stepMillis: 100, amAllocateMillis: 1200, amRegisterMillis: 1000, killMillis: 300 };

export interface RmContext {
  clusterTimestamp: number;
  /** The RM's cluster timestamp now: new application ids carry it (it changes when a restarted RM becomes active). */
  currentClusterTimestamp: () => number;
  store: HdfsStore;
  containers: ContainerRegistry;
  timing: RmTiming;
  globalMaxAttempts: number;
  minAllocationMB: number;
  maxMemoryMB: number;
  maxVCores: number;
  advertisedRm: () => string;
  advertisedNm: () => string;
  nodeId: string;
  /** Security on: the NodeManager localizes with the application's HDFS token. */
  kerberos?: MiniKerberos;
  /** The JDKs on the node, the NodeManager's own JAVA_HOME first (default: the recorded lab's Java 17). */
  nodeJdks?: NodeJdk[];
  /** Log aggregation on: told when an app starts and ends. */
  logAggregation?: LogAggregator;
  /** host:port of the active NameNode's HTTP server (for the node's hdfs-site.xml a user process reads). */
  namenodeHttp?: () => string;
}


/** appattempt_<the app's own cluster timestamp>_<app>_<attempt>. */
export function appAttemptId(appId: string, attempt: number): string {
  return `appattempt_${appId.slice('application_'.length)}_${pad(attempt, 6)}`;
}

function roundUp(mb: number, unit: number): number {
  return Math.ceil(mb / unit) * unit;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export class ResourceManagerModel {
  readonly apps = new Map<string, MiniApp>();
  private nextAppNumber = 1;
  /** The cluster timestamp of the ids being counted by nextAppNumber. */
  private idTimestamp: number;
  /** Ids handed out by new-application and not yet submitted. */
  private readonly reserved = new Set<string>();
  /**
   * The RM's epoch: 0 at first start, one more at each restart with recovery (RMStateStore's
   * getAndIncrementEpoch). Containers allocated under epoch N > 0 are named `container_eNN_…`
   * (ContainerId.toString), as in rm-restart/rm-app-report-after-recovery.http.
   */
  private epoch = 0;

  constructor(private readonly ctx: RmContext) {
    this.idTimestamp = ctx.clusterTimestamp;
  }

  newApplicationId(): string {
    const ts = this.ctx.currentClusterTimestamp();
    // A restarted RM counts application ids from 1 again under its new timestamp (ClientRMService is new).
    if (ts !== this.idTimestamp) {
      this.idTimestamp = ts;
      this.nextAppNumber = 1;
    }
    const id = `application_${ts}_${pad(this.nextAppNumber++, 4)}`;
    this.reserved.add(id);
    return id;
  }

  isTerminal(app: MiniApp): boolean {
    return TERMINAL_STATES.has(app.state);
  }

  /**
   * Accepts a submission. A resubmitted id answers the same and creates nothing (recorded). A
   * `rejection` (a token that cannot be renewed) fails the application once saved, as YARN does.
   */
  submit(body: SubmissionBody, user: string, rejection?: string): void {
    const id = body['application-id'];
    if (this.apps.has(id)) return;
    this.reserved.delete(id);
    const [, ts, num] = id.split('_');
    if (Number(ts) === this.idTimestamp && Number(num) >= this.nextAppNumber) this.nextAppNumber = Number(num) + 1;
    const tags = body['application-tags']?.tag ?? [];
    const app: MiniApp = {
      id, user, name: body['application-name'] ?? 'N/A', queue: body.queue || 'default', type: body['application-type'] || 'YARN',
      tags: Array.isArray(tags) ? tags.map((t) => String(t).toLowerCase()) : [String(tags).toLowerCase()],
      priority: body.priority ?? -1, state: 'NEW', finalStatus: 'UNDEFINED', diagnostics: '', startedTime: Date.now(), launchTime: 0, finishedTime: 0,
      maxAttempts: Math.min(body['max-app-attempts'] && body['max-app-attempts'] > 0 ? body['max-app-attempts'] : this.ctx.globalMaxAttempts, this.ctx.globalMaxAttempts),
      submission: body, attempts: [], registered: false, killing: false,
      amMemoryMB: roundUp(body.resource?.memory ?? 1024, this.ctx.minAllocationMB), amVCores: body.resource?.vCores ?? 1,
      memorySeconds: 0, vcoreSeconds: 0, lastUsageUpdate: Date.now(), timers: [],
    };
    this.apps.set(id, app);
    const step = this.ctx.timing.stepMillis;
    this.later(app, step, () => (app.state = 'NEW_SAVING'));
    if (rejection) {
      this.later(app, 2 * step, () => this.end(app, 'FAILED', 'FAILED', rejection));
      return;
    }
    this.later(app, 2 * step, () => (app.state = 'SUBMITTED'));
    this.later(app, 3 * step, () => this.accept(app));
  }

  /** One kill request: 202 + intermediate state until the app is final, then 200 + final state. */
  kill(app: MiniApp, by: string): { status: 200 | 202; state: string } {
    if (this.isTerminal(app)) return { status: 200, state: app.state };
    if (!app.killing) {
      app.killing = true;
      this.later(app, this.ctx.timing.killMillis, () => this.end(app, 'KILLED', 'KILLED', `Application ${app.id} was killed by user ${by}`));
    }
    return { status: 202, state: 'KILLING' };
  }

  /**
   * Adds `count` applications that already ran (FINISHED/SUCCEEDED, no timers, no launch): a cluster
   * with history, for `apx list` tests and benchmarks.
   */
  seedHistory(count: number, user = 'etl'): void {
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const id = this.newApplicationId();
      this.reserved.delete(id);
      const started = now - (count - i) * 1000;
      const submission = { 'application-id': id, 'application-name': `history-${i}`, 'application-type': 'SPARK', 'unmanaged-AM': false, resource: { memory: 1408, vCores: 1 }, 'am-container-spec': { 'local-resources': { entry: [] }, environment: { entry: [] }, commands: { command: '' } } } as SubmissionBody;
      this.apps.set(id, {
        id, user, name: `history-${i}`, queue: i % 3 ? 'default' : 'etl', type: 'SPARK', tags: [], priority: -1, state: 'FINISHED', finalStatus: 'SUCCEEDED',
        diagnostics: '', startedTime: started, launchTime: started + 500, finishedTime: started + 900, maxAttempts: 2, submission,
        attempts: [{ id: 1, startTime: started + 400, finishedTime: started + 900, containerId: `container_${id.slice('application_'.length)}_01_000001` }],
        registered: true, killing: false, amMemoryMB: 1536, amVCores: 1, memorySeconds: 1400, vcoreSeconds: 1, lastUsageUpdate: now, timers: [],
      });
    }
  }

  /**
   * Recovery after an RM restart (work-preserving): every application is back as it was, running
   * ones keep running; an attempt's diagnostics start with "Attempt recovered after RM restart".
   */
  recoverAfterRestart(): void {
    this.epoch++;
    for (const app of this.apps.values()) {
      const attempt = app.attempts[app.attempts.length - 1];
      if (!attempt) continue;
      this.accountUsage(app);
      attempt.recovered = true;
      app.recoveredUsage = { memorySeconds: app.memorySeconds, vcoreSeconds: app.vcoreSeconds };
      // An application's own diagnostics (a kill, a failure) win over its attempt's.
      if (!this.isTerminal(app) || !app.diagnostics) app.diagnostics = `${RECOVERED_DIAGNOSTICS}${app.diagnostics}`;
    }
  }

  private containerId(app: MiniApp, attempt: number): string {
    const epoch = this.epoch > 0 ? `e${pad(this.epoch, 2)}_` : '';
    return `container_${epoch}${app.id.slice('application_'.length)}_${pad(attempt, 2)}_000001`;
  }

  /**
   * Adds `count` applications that are RUNNING now (an AM attempt, no driver, no timers; the web
   * proxy answers 302 for them as for an app whose UI is not up): a busy cluster for `apx top`
   * tests and benchmarks. A kill ends them like any other.
   */
  seedRunning(count: number, o: { users?: string[]; queue?: string; type?: string } = {}): string[] {
    const now = Date.now();
    const users = o.users ?? ['etl', 'ana', 'bob'];
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.newApplicationId();
      this.reserved.delete(id);
      const started = now - (count - i) * 1000;
      const name = `busy-${i}`;
      const submission = { 'application-id': id, 'application-name': name, 'application-type': o.type ?? 'SPARK', 'unmanaged-AM': false, resource: { memory: 512, vCores: 1 }, 'am-container-spec': { 'local-resources': { entry: [] }, environment: { entry: [] }, commands: { command: '' } } } as SubmissionBody;
      this.apps.set(id, {
        id, user: users[i % users.length] as string, name, queue: o.queue ?? 'default', type: o.type ?? 'SPARK', tags: [], priority: 0, state: 'RUNNING', finalStatus: 'UNDEFINED',
        diagnostics: '', startedTime: started, launchTime: started + 200, finishedTime: 0, maxAttempts: 1, submission,
        attempts: [{ id: 1, startTime: started + 100, finishedTime: 0, containerId: `container_${this.ctx.clusterTimestamp}_${id.split('_')[2]}_01_000001` }],
        registered: true, killing: false, amMemoryMB: 512, amVCores: 1, memorySeconds: 0, vcoreSeconds: 0, lastUsageUpdate: now, timers: [],
      });
      ids.push(id);
    }
    return ids;
  }

  stopAll(): void {
    for (const app of this.apps.values()) {
      this.clearTimers(app);
      app.userProcess?.kill();
    }
  }

  private accept(app: MiniApp): void {
    if (this.isTerminal(app) || app.killing) return;
    app.state = 'ACCEPTED';
    app.diagnostics = this.waitingDiagnostics();
    this.later(app, this.ctx.timing.amAllocateMillis, () => void this.startAttempt(app));
  }

  private waitingDiagnostics(): string {
    const when = new Date().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (\S+) GMT$/, '$1 $3 $2 $5 +0000 $4');
    return `[${when}] Application is Activated, waiting for resources to be assigned for AM.  Details : AM Partition = <DEFAULT_PARTITION> ; Partition Resource = <memory:${this.ctx.maxMemoryMB}, vCores:${this.ctx.maxVCores}> ; Queue's Absolute capacity = 100.0 % ; Queue's Absolute used capacity = 0.0 % ; Queue's Absolute max capacity = 100.0 % ; `;
  }

  private async startAttempt(app: MiniApp): Promise<void> {
    if (this.isTerminal(app) || app.killing) return;
    const n = app.attempts.length + 1;
    const containerId = this.containerId(app, n);
    const attempt: MiniAttempt = { id: n, startTime: Date.now(), finishedTime: 0, containerId };
    app.attempts.push(attempt);
    if (!app.launchTime) app.launchTime = Date.now();
    if (n === 1) this.ctx.logAggregation?.appStarted(app.id, app.user);
    app.diagnostics = 'AM container is launched, waiting for AM container to Register with RM';
    this.ctx.containers.start(containerId, app.id, app.user, app.amMemoryMB, app.amVCores);
    const kerberos = this.ctx.kerberos;
    const outcome = await launchAm(this.ctx.store, app.submission, containerId, kerberos ? () => localizationFailure(kerberos, app.submission, app.user) : undefined, this.ctx.nodeJdks);
    if (this.isTerminal(app) || app.killing) return;
    for (const line of outcome.stderr) this.ctx.containers.append(containerId, 'stderr', line);
    if (!outcome.ok) {
      this.later(app, this.ctx.timing.amRegisterMillis / 2, () => this.attemptFailed(app, attempt, outcome.exitCode, outcome.diagnostics));
      return;
    }
    const scenario = scenarioFrom(outcome.sparkConf);
    if (scenario.amExitCode !== undefined) {
      const lines = [`ERROR ApplicationMaster: Uncaught exception: java.lang.IllegalStateException: User did not initialize spark context!`, `INFO ApplicationMaster: Final app status: FAILED, exitCode: ${scenario.amExitCode}`];
      for (const line of lines) this.ctx.containers.append(containerId, 'stderr', line);
      this.later(app, this.ctx.timing.amRegisterMillis, () => this.attemptFailed(app, attempt, scenario.amExitCode as number, `${new Date().toISOString()} Exception from container-launch.\nExit code: ${scenario.amExitCode}\n\nLast 4096 bytes of stderr :\n${lines.join('\n')}\n`));
      return;
    }
    const willFail = n <= scenario.failAttempts || scenario.failAtStage !== undefined;
    this.later(app, this.ctx.timing.amRegisterMillis, () => {
      if (this.isTerminal(app) || app.killing) return;
      app.state = 'RUNNING';
      app.registered = true;
      app.diagnostics = attempt.recovered ? RECOVERED_DIAGNOSTICS : '';
      if (outcome.sparkConf.get(USER_PROCESS_KEY) === 'true') {
        this.startUserProcess(app, attempt, outcome);
        return;
      }
      const driver = new SparkDriverSim(app.id, sparkName(outcome.sparkConf, app.name), app.user, n, scenario, willFail, outcome.sparkConf.get('spark.yarn.preserve.staging.files') === 'true', {
        log: (line) => this.ctx.containers.append(containerId, 'stderr', line),
        end: (result) => this.driverEnded(app, attempt, result),
        channel: this.channelFor(app, containerId, outcome.sparkConf),
      });
      app.driver = driver;
      this.ctx.containers.append(containerId, 'stderr', `${log4jTime(Date.now())} INFO ApplicationMaster: ApplicationAttemptId: ${appAttemptId(app.id, n)}`);
      driver.start();
    });
  }

  private startUserProcess(app: MiniApp, attempt: MiniAttempt, outcome: Extract<LaunchOutcome, { ok: true }>): void {
    const containerId = attempt.containerId;
    app.userProcess = runUserProcess({
      store: this.ctx.store, submission: app.submission, args: outcome.args, sparkConf: outcome.sparkConf, confFiles: outcome.confFiles, containerId, user: app.user,
      namenodeHttp: this.ctx.namenodeHttp?.() ?? '127.0.0.1:9870',
      setFile: (file, content) => this.ctx.containers.setFile(containerId, file, content),
      append: (file, line) => this.ctx.containers.append(containerId, file, line),
      // Spark's AM: the user class returning ends SUCCEEDED; a non-zero exit is "User application exited with status N".
      exited: (code) => this.driverEnded(app, attempt, code === 0 ? { kind: 'succeeded' } : { kind: 'failed', message: `User application exited with status ${code}` }),
    });
  }

  private driverEnded(app: MiniApp, attempt: MiniAttempt, result: DriverOutcome): void {
    if (this.isTerminal(app) || app.killing) return;
    const last = attempt.id >= app.maxAttempts;
    if (result.kind === 'succeeded' || last) this.cleanupStagingDir(app, attempt);
    if (result.kind === 'succeeded') {
      this.end(app, 'FINISHED', 'SUCCEEDED', '');
    } else if (last) {
      // Spark's AM unregisters with FAILED only on the last attempt: FINISHED/FAILED.
      this.end(app, 'FINISHED', 'FAILED', result.message);
    } else {
      // Earlier attempts exit 15 without unregistering, so YARN starts the next one (recorded).
      this.attemptFailed(app, attempt, 15, `[${new Date().toISOString()}]Exception from container-launch.\nExit code: 15\n\nLast 4096 bytes of stderr :\nERROR ApplicationMaster: ${result.message}`);
    }
  }

  private channelFor(app: MiniApp, containerId: string, conf: Map<string, string>): ChannelSim | undefined {
    if (conf.get(CHANNEL_KEYS.channel) !== 'true') return undefined;
    const epochs = Math.max(1, Number.parseInt(conf.get(CHANNEL_KEYS.epochs) ?? '20', 10) || 20);
    return new ChannelSim(epochs, { append: (file, line) => this.ctx.containers.append(containerId, file, line), store: this.ctx.store, stagingDir: stagingPathOf(app) });
  }

  /** Spark's AM deletes the staging dir when it unregisters (success, or its last attempt). */
  private cleanupStagingDir(app: MiniApp, attempt: MiniAttempt): void {
    const env = new Map((app.submission['am-container-spec'].environment?.entry ?? []).map((e) => [e.key, e.value]));
    const staging = env.get('SPARK_YARN_STAGING_DIR');
    const path = stagingPathOf(app);
    if (!path || app.driver?.preserveStagingFiles) return;
    this.ctx.store.delete(path, true);
    this.ctx.containers.append(attempt.containerId, 'stderr', `${log4jTime(Date.now())} INFO ApplicationMaster: Deleting staging directory ${staging}`);
  }

  private attemptFailed(app: MiniApp, attempt: MiniAttempt, exitCode: number, detail: string): void {
    if (this.isTerminal(app) || app.killing) return;
    attempt.finishedTime = Date.now();
    this.ctx.containers.complete(attempt.containerId, exitCode);
    app.driver?.stop();
    app.driver = undefined;
    app.userProcess?.kill();
    app.userProcess = undefined;
    app.registered = false;
    const summary = `AM Container for ${appAttemptId(app.id, attempt.id)} exited with  exitCode: ${exitCode}\nFailing this attempt.Diagnostics: ${detail}\nFor more detailed output, check the application tracking page: ${this.ctx.advertisedRm()}/cluster/app/${app.id} Then click on links to logs of each attempt.\n`;
    if (attempt.id < app.maxAttempts) {
      app.state = 'ACCEPTED';
      app.diagnostics = `${summary}. Failing the attempt.`;
      this.later(app, this.ctx.timing.amAllocateMillis, () => void this.startAttempt(app));
      return;
    }
    // RMAppImpl.getAppAttemptFailedDiagnostics names the limits only when they differ (both recorded:
    // rm-app-report-failed-resource-changed.http, localization/rm-app-report-failed-archive-unpack.http).
    const limits = this.ctx.globalMaxAttempts === app.maxAttempts ? '' : ` (global limit =${this.ctx.globalMaxAttempts}; local limit is =${app.maxAttempts})`;
    this.end(app, 'FAILED', 'FAILED', `Application ${app.id} failed ${attempt.id} times${limits} due to ${summary}. Failing the application.`);
  }

  private end(app: MiniApp, state: AppState, finalStatus: MiniApp['finalStatus'], diagnostics: string): void {
    this.accountUsage(app);
    this.clearTimers(app);
    app.driver?.stop();
    app.userProcess?.kill();
    app.state = state;
    app.finalStatus = finalStatus;
    const current = app.attempts[app.attempts.length - 1];
    app.diagnostics = !diagnostics && current?.recovered ? RECOVERED_DIAGNOSTICS : diagnostics;
    app.finishedTime = Date.now();
    app.killing = false;
    if (current && !current.finishedTime) current.finishedTime = app.finishedTime;
    for (const c of this.ctx.containers.ofApp(app.id)) this.ctx.containers.complete(c.id, state === 'KILLED' ? -105 : 0);
    this.ctx.logAggregation?.appEnded(app.id, app.user);
  }

  /** Memory- and vcore-seconds accumulate while the app holds containers. */
  accountUsage(app: MiniApp): void {
    const now = Date.now();
    if (!this.isTerminal(app)) {
      const { mb, vcores } = this.allocated(app);
      const secs = (now - app.lastUsageUpdate) / 1000;
      app.memorySeconds += Math.round(mb * secs);
      app.vcoreSeconds += Math.round(vcores * secs);
    }
    app.lastUsageUpdate = now;
  }

  allocated(app: MiniApp): { mb: number; vcores: number; containers: number } {
    if (this.isTerminal(app) || app.attempts.length === 0 || app.attempts[app.attempts.length - 1]?.finishedTime) return { mb: 0, vcores: 0, containers: 0 };
    const executors = app.driver?.executorCount ?? 0;
    return { mb: app.amMemoryMB + executors * 1024, vcores: app.amVCores + executors, containers: 1 + executors };
  }

  private later(app: MiniApp, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      app.timers = app.timers.filter((x) => x !== t);
      fn();
    }, ms);
    t.unref();
    app.timers.push(t);
  }

  private clearTimers(app: MiniApp): void {
    for (const t of app.timers) clearTimeout(t);
    app.timers = [];
  }
}

/** The HDFS path of the app's staging dir, from the AM environment Spark's client sets (SPARK_YARN_STAGING_DIR). */
function stagingPathOf(app: MiniApp): string | undefined {
  const staging = (app.submission['am-container-spec'].environment?.entry ?? []).find((e) => e.key === 'SPARK_YARN_STAGING_DIR')?.value;
  return staging ? /^hdfs:\/\/[^/]*(\/.*)$/.exec(staging)?.[1] : undefined;
}

function sparkName(conf: Map<string, string>, fallback: string): string {
  return conf.get('spark.app.name') ?? fallback;
}
