/**
 * Spark's monitoring REST API (docs/monitoring.md) reached through the RM web proxy at the app's
 * tracking URL. The proxy answers 302 before the AM registers and after the app ends, and the UI may
 * simply not be up yet: every such case is "not available now", never an error.
 */
import { send, type HttpRequest, type RequestAuth } from '../net/http.js';
import type { SparkJobSummary, SparkStageSummary } from '../monitor/events.js';

/**
 * Renderers show a reason in parentheses ("not available (…)"), so a reason carries none of its own:
 * "x (y)" becomes "x, y" (a network error ends with "(GET /path)").
 */
function flatten(reason: string): string {
  let out = reason;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/\s*\(([^()]*)\)/g, ', $1');
  }
  return out;
}

export type SparkFetch<T> = { ok: true; value: T } | { ok: false; reason: string };

export class SparkUiClient {
  constructor(private readonly options: { user?: string; headers?: Record<string, string>; auth?: RequestAuth; tls?: HttpRequest['tls']; timeoutMs?: number } = {}) {}

  jobs(trackingUrl: string, appId: string): Promise<SparkFetch<SparkJobSummary[]>> {
    return this.get<SparkJobSummary[]>(trackingUrl, `api/v1/applications/${appId}/jobs`);
  }

  stages(trackingUrl: string, appId: string): Promise<SparkFetch<SparkStageSummary[]>> {
    return this.get<SparkStageSummary[]>(trackingUrl, `api/v1/applications/${appId}/stages`);
  }

  private async get<T>(trackingUrl: string, path: string): Promise<SparkFetch<T>> {
    const url = new URL(path, trackingUrl.endsWith('/') ? trackingUrl : `${trackingUrl}/`);
    if (this.options.user) url.searchParams.set('user.name', this.options.user);
    try {
      const res = await send({ method: 'GET', url: url.toString(), headers: { ...this.options.headers, accept: 'application/json' }, auth: this.options.auth, tls: this.options.tls, timeoutMs: this.options.timeoutMs ?? 5_000 });
      if (res.status === 302 || res.status === 307) return { ok: false, reason: 'the Spark UI is not up: the proxy redirects to the RM app page' };
      if (res.status !== 200) return { ok: false, reason: `the Spark UI answered ${res.status}` };
      return { ok: true, value: JSON.parse(res.body.toString('utf8')) as T };
    } catch (e) {
      return { ok: false, reason: flatten(`the Spark UI is not reachable: ${(e as Error).message}`) };
    }
  }
}
