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

export async function withRetry<T>(
  fn: () => Promise<T>,
  o: { retryable: (e: unknown) => boolean; policy?: RetryPolicy; signal?: AbortSignal; onRetry?: (e: unknown, attempt: number, waitMs: number) => void },
): Promise<T> {
  const p = o.policy ?? DEFAULT_RETRY;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const wait = backoffMs(attempt, p);
      const outOfTime = Date.now() - started + wait > p.budgetMs;
      if (!o.retryable(e) || attempt + 1 >= p.attempts || outOfTime || o.signal?.aborted) throw e;
      o.onRetry?.(e, attempt + 1, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
