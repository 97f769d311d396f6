/**
 * Retries with capped exponential backoff and full jitter, within a time budget: for idempotent
 * reads, and for requests that never reached the server (connection refused). What is retryable is
 * the caller's decision; this only keeps the waiting honest and bounded.
 */
import { ClusterError } from '../errors.js';
import { NetworkError } from './http.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** Give up once this much time has gone, whatever the attempt count. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 200, capMs: 5_000, budgetMs: 30_000 };

/** Codes that mean the request never reached the server: safe to retry even a write. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function neverSent(e: unknown): boolean {
  return e instanceof NetworkError && !!e.code && NOT_SENT.has(e.code);
}

/** A transient failure of a request that may be repeated: any network error, or a 5xx answer. */
export function transient(e: unknown): boolean {
  // An untrusted certificate will not become trusted by asking again.
  if (e instanceof NetworkError) return !e.message.includes('TLS certificate is not trusted');
  return e instanceof ClusterError && e.status !== undefined && e.status >= 500;
}

export function backoffMs(attempt: number, p: RetryPolicy, random = Math.random): number {
  return Math.floor(random() * Math.min(p.capMs, p.baseMs * 2 ** attempt));
}

export interface RetryOptions {
  retryable: (e: unknown) => boolean;
  policy?: RetryPolicy;
  signal?: AbortSignal;
  /** Told before each wait: the failure, the attempt about to come, the wait, and the budget left after it. */
  onRetry?: (e: unknown, attempt: number, waitMs: number, budgetLeftMs: number) => void;
  /**
   * Count the budget from the first failure instead of the first attempt: for long transfers, where
   * the time a healthy attempt took says nothing about how long the outage may be waited out.
   */
  budgetFromFirstFailure?: boolean;
}

export async function withRetry<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const p = o.policy ?? DEFAULT_RETRY;
  let since = o.budgetFromFirstFailure ? undefined : Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      since ??= Date.now();
      const remaining = p.budgetMs - (Date.now() - since);
      // Riding out an outage: the last wait is cut short so the last attempt falls inside the budget.
      const wait = o.budgetFromFirstFailure ? Math.min(backoffMs(attempt, p), remaining) : backoffMs(attempt, p);
      const left = remaining - wait;
      if (!o.retryable(e) || attempt + 1 >= p.attempts || left < 0 || (o.budgetFromFirstFailure && remaining <= 0) || o.signal?.aborted) throw e;
      o.onRetry?.(e, attempt + 1, wait, left);
      await sleep(wait, o.signal);
      if (o.signal?.aborted) throw e;
    }
  }
}

/** A wait that a Ctrl-C ends at once. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
