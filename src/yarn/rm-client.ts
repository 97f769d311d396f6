/**
 * The ResourceManager REST client (ResourceManagerRest.md): new-application, submit, report, kill,
 * attempts, list, conf. Writes need an authenticated user; anonymous ones are refused with 401.
 *
 * High availability: a standby RM answers 307 to the active one (or "This is standby RM" text), and
 * `GET /ws/v1/cluster/info` tells each RM's haState. The client remembers the active RM, re-sends a
 * redirected request itself (with its body: a POST/PUT is never followed blindly), and rotates on
 * connection failures. Idempotent reads are retried with backoff; writes only when they never left.
 */
import { ClusterError } from '../errors.js';
import { NetworkError, parseJson, send, type HttpRequest, type HttpResponse, type RequestAuth } from '../net/http.js';
import { RemoteError, errorFromResponse } from '../net/remote-exception.js';
import { DEFAULT_RETRY, neverSent, transient, withRetry, type RetryPolicy } from '../net/retry.js';
import type { ClusterMetrics, NodesAnswer, SchedulerAnswer } from './scheduler.js';
import type { AppAttempt, AppListFilter, AppReport, ClusterInfo, NewApplication, RmDelegationToken, SubmissionBody } from './types.js';

export interface RmClientOptions {
  /** RM web base URLs, e.g. http://rm1:8088 (several for HA). */
  resourceManagers: string[];
  user?: string;
  authParams?: Record<string, string>;
  /** Extra headers on every request (a gateway's basic auth). */
  headers?: Record<string, string>;
  /** Kerberos (SPNEGO). */
  auth?: RequestAuth;
  tls?: HttpRequest['tls'];
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Where the REST API is under the base URL: `/ws` on an RM, `` behind a Knox gateway (…/resourcemanager). */
  apiRoot?: string;
}

export interface KillAnswer {
  /** 202 while YARN is still killing, 200 once the app is in a final state. */
  status: 200 | 202;
  state: string;
}

const STANDBY_TEXT = 'This is standby RM';
/** A standby may point at the active one; hops beyond this mean the cluster is mid-failover. */
const MAX_REDIRECTS = 3;

export interface AttemptContainer {
  containerId: string;
  nodeHttpAddress: string;
  nodeId: string;
  containerState: string;
}

export class RmClient {
  private active = 0;
  private readonly urls: string[];

  constructor(private readonly options: RmClientOptions) {
    if (options.resourceManagers.length === 0) throw new ClusterError('no ResourceManager address is configured');
    this.urls = options.resourceManagers.map((u) => u.replace(/\/+$/, ''));
  }

  get baseUrl(): string {
    return this.urls[this.active] as string;
  }

  /** The same client with another retry policy (the monitor wants to say "reconnecting…" early). */
  withRetryPolicy(retry: RetryPolicy): RmClient {
    const copy = new RmClient({ ...this.options, retry });
    copy.active = this.active;
    return copy;
  }

  async clusterInfo(): Promise<ClusterInfo> {
    return (await this.getJson<{ clusterInfo: ClusterInfo }>('/ws/v1/cluster/info', 'read cluster info')).clusterInfo;
  }

  /**
   * The RM's haState and how long it has been up by its own clock (the answer's Date header against
   * its startedOn, so the two machines' clocks need not agree): tells a recovering RM's 404 from a real one.
   */
  async recoveryState(): Promise<{ haState: ClusterInfo['haState']; upForMs?: number }> {
    const res = await this.request('GET', '/ws/v1/cluster/info', 'read cluster info');
    const info = parseJson<{ clusterInfo: ClusterInfo }>(res, 'cluster info').clusterInfo;
    const now = res.headers.date ? Date.parse(res.headers.date) : NaN;
    return { haState: info.haState, upForMs: Number.isFinite(now) && info.startedOn > 0 ? Math.max(0, now - info.startedOn) : undefined };
  }

  /** The cluster's used and total resources and app counts (`GET /ws/v1/cluster/metrics`). */
  async metrics(): Promise<ClusterMetrics> {
    return (await this.getJson<{ clusterMetrics: ClusterMetrics }>('/ws/v1/cluster/metrics', 'read cluster metrics')).clusterMetrics;
  }

  /** The scheduler's queues with their capacities and usage (`GET /ws/v1/cluster/scheduler`; capacity or fair scheduler shapes). */
  async scheduler(): Promise<SchedulerAnswer> {
    return this.getJson<SchedulerAnswer>('/ws/v1/cluster/scheduler', 'read the scheduler');
  }

  /** Asks every RM for its haState and remembers the active one (HA start-up, or after a failover). */
  async findActive(): Promise<string> {
    for (let i = 0; i < this.urls.length; i++) {
      try {
        const res = await send({ method: 'GET', url: this.urlFor('/ws/v1/cluster/info', this.urls[i] as string), headers: this.headers(), auth: this.options.auth, tls: this.options.tls, timeoutMs: 5_000 });
        if (res.status === 200 && parseJson<{ clusterInfo: ClusterInfo }>(res, 'cluster info').clusterInfo.haState === 'ACTIVE') {
          this.active = i;
          return this.baseUrl;
        }
      } catch {
        // That RM is down; try the next.
      }
    }
    return this.baseUrl;
  }

  /** Retried like a read: a lost answer only wastes an application id. */
  async newApplication(): Promise<NewApplication> {
    const res = await this.request('POST', '/ws/v1/cluster/apps/new-application', 'get a new application id', undefined, [200], true);
    return parseJson<NewApplication>(res, 'new-application');
  }

  /** POST /apps answers 202 with no body; YARN accepts any well-formed id, even an unknown one. */
  async submit(body: SubmissionBody): Promise<void> {
    await this.request('POST', '/ws/v1/cluster/apps', 'submit application', JSON.stringify(body), [202]);
  }

  async report(appId: string): Promise<AppReport> {
    try {
      return (await this.getJson<{ app: AppReport }>(`/ws/v1/cluster/apps/${encodeURIComponent(appId)}`, `read application ${appId}`)).app;
    } catch (e) {
      if (e instanceof RemoteError && e.exception === 'NotFoundException') {
        throw new RemoteError(`application ${appId} is not known to the ResourceManager at ${this.baseUrl}`, 404, 'NotFoundException', 'Check the id (apx list shows recent applications) and the cluster (--cluster).');
      }
      throw e;
    }
  }

  async attempts(appId: string): Promise<AppAttempt[]> {
    const body = await this.getJson<{ appAttempts: { appAttempt?: AppAttempt[] } }>(
      `/ws/v1/cluster/apps/${encodeURIComponent(appId)}/appattempts`,
      `read attempts of ${appId}`,
    );
    return body.appAttempts.appAttempt ?? [];
  }

  /**
   * The containers of a running attempt (`{}` once it finished: the RM forgets them, recorded in
   * aggregated-logs/ds-rm-appattempt-containers-*), with their node.
   */
  async attemptContainers(appId: string, appAttemptId: string): Promise<AttemptContainer[]> {
    const body = await this.getJson<{ container?: AttemptContainer | AttemptContainer[] }>(
      `/ws/v1/cluster/apps/${encodeURIComponent(appId)}/appattempts/${encodeURIComponent(appAttemptId)}/containers`,
      `read the containers of ${appAttemptId}`,
    );
    return body.container === undefined ? [] : Array.isArray(body.container) ? body.container : [body.container];
  }

  /** One kill request (idempotent, so retried). YARN answers 202 + an intermediate state until final, then 200. */
  async requestKill(appId: string): Promise<KillAnswer> {
    const res = await this.request('PUT', `/ws/v1/cluster/apps/${encodeURIComponent(appId)}/state`, `kill ${appId}`, '{"state":"KILLED"}', [200, 202], true);
    const { state } = parseJson<{ state: string }>(res, 'kill');
    return { status: res.status as 200 | 202, state };
  }

  async list(filter: AppListFilter = {}): Promise<AppReport[]> {
    const q = new URLSearchParams();
    if (filter.states?.length) q.set('states', filter.states.join(','));
    if (filter.user) q.set('user', filter.user);
    if (filter.queue) q.set('queue', filter.queue);
    if (filter.applicationTypes?.length) q.set('applicationTypes', filter.applicationTypes.join(','));
    if (filter.applicationTags?.length) q.set('applicationTags', filter.applicationTags.join(','));
    if (filter.limit !== undefined) q.set('limit', String(filter.limit));
    if (filter.startedTimeBegin !== undefined) q.set('startedTimeBegin', String(filter.startedTimeBegin));
    if (filter.startedTimeEnd !== undefined) q.set('startedTimeEnd', String(filter.startedTimeEnd));
    const qs = q.toString();
    const body = await this.getJson<{ apps: { app?: AppReport[] } | null }>(`/ws/v1/cluster/apps${qs ? `?${qs}` : ''}`, 'list applications');
    return body.apps?.app ?? [];
  }

  /**
   * POST /delegation-token (Kerberos-authenticated only): an RM delegation token renewable by
   * `renewer`. Retried like a read: a token whose answer was lost simply expires unused.
   */
  async createDelegationToken(renewer: string): Promise<RmDelegationToken> {
    const res = await this.request('POST', '/ws/v1/cluster/delegation-token', 'get an RM delegation token', JSON.stringify({ renewer }), [200], true);
    return parseJson<RmDelegationToken>(res, 'delegation-token');
  }

  /** The cluster's nodes with their total and available resources. */
  async nodes(): Promise<NodesAnswer> {
    return this.getJson<NodesAnswer>('/ws/v1/cluster/nodes', 'read the nodes');
  }

  /** The RM's effective configuration as Hadoop XML (`GET /conf`). */
  async conf(): Promise<string> {
    const res = await this.request('GET', '/conf', 'read the cluster configuration');
    return res.body.toString('utf8');
  }

  private async getJson<T>(path: string, what: string): Promise<T> {
    return parseJson<T>(await this.request('GET', path, what), what);
  }

  /** Reads and idempotent writes retry any transient failure; other writes only one that was never sent. */
  private request(method: HttpRequest['method'], path: string, what: string, body?: string, ok: number[] = [200], idempotent = method === 'GET'): Promise<HttpResponse> {
    return withRetry(() => this.once(method, path, what, body, ok), {
      retryable: (e) => (idempotent ? transient(e) : neverSent(e)),
      policy: this.options.retry ?? DEFAULT_RETRY,
    });
  }

  /** One logical request: follows a standby's redirect by re-sending, rotates past RMs that are down. */
  private async once(method: HttpRequest['method'], path: string, what: string, body: string | undefined, ok: number[]): Promise<HttpResponse> {
    let base = this.baseUrl;
    let lastError: unknown;
    for (let hop = 0, tried = 0; hop <= MAX_REDIRECTS && tried < this.urls.length; ) {
      let res: HttpResponse;
      try {
        res = await send({
          method, url: this.urlFor(path, base), body, auth: this.options.auth, tls: this.options.tls, timeoutMs: this.options.timeoutMs,
          headers: { ...this.headers(), accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        });
      } catch (e) {
        // Only a connection that was never made is safe to try elsewhere for a write.
        if (!(e instanceof NetworkError) || this.urls.length === 1 || (method !== 'GET' && !neverSent(e))) throw e;
        lastError = e;
        this.active = (this.active + 1) % this.urls.length;
        base = this.baseUrl;
        tried++;
        continue;
      }
      if (ok.includes(res.status)) return res;
      if ((res.status === 307 || res.status === 302) && res.headers.location && /\/ws\/v1\/|\/conf/.test(res.headers.location)) {
        base = this.remember(new URL(res.headers.location).origin);
        hop++;
        continue;
      }
      if (res.body.toString('utf8').includes(STANDBY_TEXT) && this.urls.length > 1) {
        this.active = (this.active + 1) % this.urls.length;
        base = this.baseUrl;
        tried++;
        continue;
      }
      throw errorFromResponse(res, what);
    }
    throw lastError ?? new ClusterError(`${what}: no active ResourceManager among ${this.urls.join(', ')}`, 'The cluster may be failing over; try again in a moment.');
  }

  /** Keeps the active RM; an origin not configured (a redirect elsewhere) is used but not kept. */
  private remember(origin: string): string {
    const i = this.urls.findIndex((u) => new URL(u).origin === origin);
    if (i >= 0) this.active = i;
    return origin;
  }

  private headers(): Record<string, string> {
    return { ...this.options.headers };
  }

  private urlFor(path: string, base = this.baseUrl): string {
    // Appended, not resolved: a gateway base URL (…/gateway/prod/resourcemanager) keeps its path.
    const mapped = this.options.apiRoot !== undefined && path.startsWith('/ws/') ? `${this.options.apiRoot}${path.slice(3)}` : path;
    const url = new URL(`${base}${mapped}`);
    if (this.options.user) url.searchParams.set('user.name', this.options.user);
    for (const [k, v] of Object.entries(this.options.authParams ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }
}
