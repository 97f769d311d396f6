/**
 * The ResourceManager REST client (ResourceManagerRest.md): new-application, submit, report, kill,
 * attempts, list, conf. Writes need an authenticated user; anonymous ones are refused with 401.
 */
import { ClusterError } from '../errors.js';
import { NetworkError, parseJson, send, type HttpRequest, type HttpResponse } from '../net/http.js';
import { RemoteError, errorFromResponse } from '../net/remote-exception.js';
import type { AppAttempt, AppListFilter, AppReport, ClusterInfo, NewApplication, SubmissionBody } from './types.js';

export interface RmClientOptions {
  /** RM web base URLs, e.g. http://rm1:8088 (several for HA). */
  resourceManagers: string[];
  user?: string;
  authParams?: Record<string, string>;
  tls?: HttpRequest['tls'];
  timeoutMs?: number;
}

export interface KillAnswer {
  /** 202 while YARN is still killing, 200 once the app is in a final state. */
  status: 200 | 202;
  state: string;
}

export class RmClient {
  private active = 0;

  constructor(private readonly options: RmClientOptions) {
    if (options.resourceManagers.length === 0) throw new ClusterError('no ResourceManager address is configured');
  }

  get baseUrl(): string {
    return this.options.resourceManagers[this.active] as string;
  }

  async clusterInfo(): Promise<ClusterInfo> {
    return (await this.getJson<{ clusterInfo: ClusterInfo }>('/ws/v1/cluster/info', 'read cluster info')).clusterInfo;
  }

  async newApplication(): Promise<NewApplication> {
    const res = await this.request('POST', '/ws/v1/cluster/apps/new-application', 'get a new application id');
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

  /** One kill request. YARN answers 202 + an intermediate state until the app is final, then 200. */
  async requestKill(appId: string): Promise<KillAnswer> {
    const res = await this.request('PUT', `/ws/v1/cluster/apps/${encodeURIComponent(appId)}/state`, `kill ${appId}`, '{"state":"KILLED"}', [200, 202]);
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

  /** The RM's effective configuration as Hadoop XML (`GET /conf`). */
  async conf(): Promise<string> {
    const res = await this.request('GET', '/conf', 'read the cluster configuration');
    return res.body.toString('utf8');
  }

  private async getJson<T>(path: string, what: string): Promise<T> {
    return parseJson<T>(await this.request('GET', path, what), what);
  }

  /**
   * One RM call. Reads rotate to another RM on a connection failure; writes never re-send a body
   * to another RM by themselves (the caller decides whether a submit may be retried).
   */
  private async request(method: HttpRequest['method'], path: string, what: string, body?: string, ok: number[] = [200]): Promise<HttpResponse> {
    const count = this.options.resourceManagers.length;
    const attempts = method === 'GET' ? count : 1;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        const res = await send({
          method,
          url: this.urlFor(path),
          headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
          body,
          tls: this.options.tls,
          timeoutMs: this.options.timeoutMs,
        });
        if (ok.includes(res.status)) return res;
        throw errorFromResponse(res, what);
      } catch (e) {
        if (!(e instanceof NetworkError) || count === 1) throw e;
        lastError = e;
        this.active = (this.active + 1) % count;
      }
    }
    throw lastError;
  }

  private urlFor(path: string): string {
    const url = new URL(path, this.baseUrl);
    if (this.options.user) url.searchParams.set('user.name', this.options.user);
    for (const [k, v] of Object.entries(this.options.authParams ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }
}
