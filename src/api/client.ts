/**
 * connect() and the client: one resolved cluster, its REST clients built once, and every operation
 * of the CLI as a method. Many handles from one client share its clients and the process's
 * keep-alive sockets (src/net/http.ts). Nothing here writes to stdout/stderr, installs signal
 * handlers or exits the process: that is the CLI's business.
 */
import process from 'node:process';
import type { ClusterTarget } from '../config/cluster.js';
import { InterruptedError, UsageError } from '../errors.js';
import type { AppListFilter, AppReport } from '../yarn/types.js';
import type { ClusterClients } from '../services/clients.js';
import type { KillOutcome } from '../services/kill.js';
import { checkAppId, checkContainerId } from '../services/app-id.js';
import { ApplicationHandle } from './handle.js';
import { PushQueue } from './queue.js';
import type { Call, ConnectOptions, Environment, RunOptions, SubmitOptions, SubmitSpec } from './types.js';

// The services load on first use: importing 'apx' costs a few milliseconds, and a platform that
// only lists or kills never loads the submit path (zip, upload cache, launch context).
export interface LogsOptions extends Call {
  /** stderr (default), stdout, prelaunch.err, … */
  file?: string;
  /** Another container than the ApplicationMaster's. */
  container?: string;
  /** Keep reading while the application runs, like `apx logs -f`. */
  follow?: boolean;
  intervalMs?: number;
}

export interface KillOptions extends Call {
  /** Wait until YARN confirms (default true). */
  wait?: boolean;
  timeoutMs?: number;
}

/** An already-aborted call sends nothing (in-flight REST calls are short and not cancelled). */
function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError('aborted before the request was sent: nothing was asked of the cluster', 'SIGINT');
}

export class ApxClient {
  private clientsPromise?: Promise<ClusterClients>;
  private closed = false;

  constructor(
    /** The resolved cluster (its name, addresses, and where each came from). */
    readonly target: ClusterTarget,
    private readonly env: Environment,
    private readonly cwd: string,
  ) {}

  /** Built once per client and shared by every handle and call. */
  private clients(): Promise<ClusterClients> {
    this.clientsPromise ??= import('../services/clients.js').then((m) => m.clientsFor(this.target));
    return this.clientsPromise;
  }

  /** The cluster's name: the profile, `mini`, or `hadoop-conf`. */
  get cluster(): string {
    return this.target.name;
  }

  /** Submits as `apx submit` does and follows the application (unless `detach`). */
  submit(spec: SubmitSpec, o: SubmitOptions = {}): ApplicationHandle {
    return new ApplicationHandle(async (bus, signal) => {
      this.open();
      const [{ prepareSubmission }, { submitApplication }] = await Promise.all([import('./submit-spec.js'), import('../services/submit.js')]);
      const prepared = await prepareSubmission(spec, this.target, this.env, this.cwd, bus, signal);
      try {
        return await submitApplication({ submission: prepared.submission, plan: prepared.plan, target: this.target, bus, detach: !!o.detach, cwd: this.cwd, signal, reconnectBudgetMs: o.reconnectBudgetMs, packages: prepared.packages });
      } finally {
        prepared.cleanup();
      }
    }, { ...o, defaultOnAbort: 'kill' });
  }

  /** Follows an application already on the cluster, as `apx watch` does (aborting detaches unless onAbort: 'kill'). */
  watch(appId: string, o: RunOptions = {}): ApplicationHandle {
    checkAppId(appId);
    const intervalMs = o.intervalMs ?? 1000;
    if (!(intervalMs >= 100)) throw new UsageError(`intervalMs ${intervalMs} is below 100 ms`);
    return new ApplicationHandle(async (bus, signal) => {
      this.open();
      const { watchApplication } = await import('../services/watch.js');
      return watchApplication({ appId, target: this.target, bus, signal, intervalMs, killOnExit: o.onAbort === 'kill', reconnectBudgetMs: o.reconnectBudgetMs });
    }, { ...o, appId, defaultOnAbort: 'detach' });
  }

  /** Kills applications; each gets its own outcome (one failing does not stop the others). */
  async kill(appIds: string | string[], o: KillOptions = {}): Promise<KillOutcome[]> {
    const ids = typeof appIds === 'string' ? [appIds] : appIds;
    ids.forEach(checkAppId);
    aborted(o.signal);
    this.open();
    const { killApplications } = await import('../services/kill.js');
    return killApplications((await this.clients()).rm, ids, { wait: o.wait ?? true, timeoutMs: o.timeoutMs });
  }

  /** The RM's application report (what `apx status --json` prints). */
  async status(appId: string, o: Call & { recoveryBudgetMs?: number } = {}): Promise<AppReport> {
    checkAppId(appId);
    aborted(o.signal);
    this.open();
    const { reportOnceRecovered } = await import('../yarn/recovery.js');
    return reportOnceRecovered((await this.clients()).rm, appId, { budgetMs: o.recoveryBudgetMs ?? 60_000 });
  }

  /** Applications matching the filter, newest first (`apx list`). */
  async list(filter: AppListFilter = {}, o: Call = {}): Promise<AppReport[]> {
    aborted(o.signal);
    this.open();
    const { listApplications } = await import('../services/list.js');
    return listApplications((await this.clients()).rm, filter);
  }

  /** A container's log as it is read, in chunks of whole lines (`apx logs`, `-f` with follow). */
  logs(appId: string, o: LogsOptions = {}): AsyncIterable<string> {
    checkAppId(appId);
    if (o.container !== undefined) checkContainerId(o.container, appId);
    const stop = new AbortController();
    const queue = new PushQueue<string>(() => stop.abort());
    const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
    void (async () => {
      aborted(o.signal);
      this.open();
      const [{ showLogs }, { aggregatedLogSources }, clients] = await Promise.all([import('../services/logs.js'), import('../services/log-sources.js'), this.clients()]);
      // A running app's log from the NodeManager; a finished one's aggregated logs, as `apx logs` reads them.
      await showLogs(
        { rm: clients.rm, nm: clients.nm, aggregated: () => aggregatedLogSources(this.target, clients.rm, this.env) },
        { appId, files: [o.file ?? 'stderr'], containers: o.container ? [o.container] : undefined, follow: !!o.follow, intervalMs: o.intervalMs ?? 1000, write: (t) => queue.push(t.toString()), signal },
      );
    })().then(() => queue.end(), (e: unknown) => queue.end(e));
    return queue;
  }

  /** Stops what connect() started (an embedded mini cluster). Running handles should be settled first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.target.close();
  }

  private open(): void {
    if (this.closed) throw new UsageError('this apx client is closed', 'Call connect() again.');
  }
}

function overlay(env: Environment, o: ConnectOptions): Environment {
  const join = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v);
  const out = { ...env };
  if (o.resourceManager !== undefined) out.APX_RM_URL = join(o.resourceManager);
  if (o.webhdfs !== undefined) out.APX_WEBHDFS_URL = join(o.webhdfs);
  if (o.user !== undefined) out.HADOOP_USER_NAME = o.user;
  return out;
}

/** Resolves the cluster as the CLI's --cluster does, with the same typed errors (ConfigError, AuthError…). */
export async function connect(o: ConnectOptions = {}): Promise<ApxClient> {
  const env = overlay(o.env ?? process.env, o);
  const warn = o.onWarning ?? ((m: string) => process.emitWarning(m, 'ApxWarning'));
  const { resolveTarget } = await import('../services/target.js');
  const target = await resolveTarget(o.cluster, env, {
    allowEmbeddedMini: o.embedMini ?? true, insecure: o.insecure, prompt: o.password ? () => (o.password as () => Promise<string>)() : null,
    warn: (line) => warn(line.replace(/^apx: WARNING: /, '')),
  });
  return new ApxClient(target, env, o.cwd ?? process.cwd());
}
