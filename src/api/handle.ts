/**
 * One application run (a submit, or a watch of an existing id) as the caller holds it: the id as
 * soon as it exists, the events `--json` prints (async iterator, `on`/`once`/`off`, a listener),
 * kill(), detach(), and a promise of the outcome. Not thenable on purpose: an async function
 * returning a handle would otherwise wait for the whole application.
 */
import { InterruptedError, ExitCode } from '../errors.js';
import { EventBus, type ApxEvent } from '../monitor/events.js';
import type { SubmitResult } from '../services/exit.js';
import { DETACH_REQUEST, KILL_REQUEST } from '../services/interrupt.js';
import { listenerDispatch } from './listener.js';
import { PushQueue } from './queue.js';
import type { ApplicationListener, ApplicationResult, ApxEventOf, ApxEventType, EndEvent, RunOptions } from './types.js';

/** The work behind a handle: emits on `bus`, stops cleanly when `signal` aborts. */
export type Run = (bus: EventBus, signal: AbortSignal) => Promise<SubmitResult>;

type Handler = (e: ApxEvent) => void;

/** Progress snapshots replace each other in the history; only so many log events are kept. */
const COALESCED = new Set<ApxEventType>(['progress', 'stage']);
const MAX_LOG_EVENTS = 100;
const MAX_HISTORY = 2_000;

export class ApplicationHandle implements AsyncIterable<ApxEvent> {
  /** The YARN application id: known at `submitted` (submit) or at once (watch). */
  appId: string | undefined;
  /** Resolves with the id once the application exists on YARN; rejects if it never will. */
  readonly submitted: Promise<string>;
  /** How the run ended. Rejects only when apx itself failed (configuration, auth, cluster): an ApxError. */
  readonly result: Promise<ApplicationResult>;

  private readonly controller = new AbortController();
  private readonly history: ApxEvent[] = [];
  private readonly handlers = new Set<{ type: ApxEventType | '*'; fn: Handler; once: boolean }>();
  private readonly queues = new Set<PushQueue<ApxEvent>>();
  private end?: EndEvent;
  private settled = false;
  private failure?: { error: unknown };
  private detachWhenSubmitted = false;
  private resolveSubmitted!: (id: string) => void;
  private rejectSubmitted!: (e: unknown) => void;

  constructor(run: Run, private readonly opts: RunOptions & { defaultOnAbort: 'kill' | 'detach'; appId?: string }) {
    this.appId = opts.appId;
    this.submitted = new Promise((resolve, reject) => ((this.resolveSubmitted = resolve), (this.rejectSubmitted = reject)));
    this.submitted.catch(() => {});
    if (this.appId) this.resolveSubmitted(this.appId);
    if (opts.listener) this.subscribe(opts.listener);
    this.result = this.start(run);
    // Callers who only iterate or only listen must not meet an unhandled rejection.
    this.result.catch(() => {});
  }

  private async start(run: Run): Promise<ApplicationResult> {
    const { signal } = this.opts;
    const onAbort = () => {
      if ((this.opts.onAbort ?? this.opts.defaultOnAbort) === 'kill') void this.kill();
      else void this.detach();
    };
    try {
      // Let the caller attach handlers to the returned handle before the first event.
      await Promise.resolve();
      if (signal?.aborted) return { appId: this.appId, outcome: 'cancelled', exitCode: ExitCode.Interrupted };
      signal?.addEventListener('abort', onAbort, { once: true });
      const bus = new EventBus();
      bus.on((e) => this.deliver(e));
      const r = await run(bus, this.controller.signal);
      return { appId: r.appId, outcome: r.outcome ?? 'detached', end: this.end, exitCode: r.exitCode };
    } catch (e) {
      const stopped = this.stoppedResult(e);
      if (stopped) return stopped;
      this.failure = { error: e };
      this.rejectSubmitted(e);
      throw e;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.settled = true;
      this.rejectSubmitted(new InterruptedError('the application was never submitted', 'SIGINT'));
      for (const q of this.queues) q.end(this.failure?.error);
    }
  }

  /** A stop the caller asked for is an outcome, not a failure. */
  private stoppedResult(e: unknown): ApplicationResult | undefined {
    if (!(e instanceof InterruptedError) || !this.controller.signal.aborted) return undefined;
    if (this.appId === undefined) return { outcome: 'cancelled', exitCode: e.exitCode };
    if (this.controller.signal.reason === DETACH_REQUEST) return { appId: this.appId, outcome: 'detached', exitCode: ExitCode.Success };
    return undefined;
  }

  private deliver(e: ApxEvent): void {
    if (e.type === 'submitted') {
      this.appId = e.appId;
      this.resolveSubmitted(e.appId);
      if (this.detachWhenSubmitted) this.controller.abort(DETACH_REQUEST);
    }
    if (e.type === 'end') this.end = e;
    this.remember(e);
    for (const h of [...this.handlers]) {
      if (h.type !== '*' && h.type !== e.type) continue;
      if (h.once) this.handlers.delete(h);
      this.call(h.fn, e);
    }
    for (const q of this.queues) {
      q.push(e);
      if (e.type === 'end') q.end();
    }
  }

  /** A throwing handler is the caller's bug, not a reason to stop following the application. */
  private call(fn: Handler, e: ApxEvent): void {
    try {
      fn(e);
    } catch (err) {
      if (e.type === 'warning') return; // no loop of warnings about warnings
      this.deliver({ type: 'warning', message: `a listener threw on '${e.type}': ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private remember(e: ApxEvent): void {
    const h = this.history;
    if (COALESCED.has(e.type)) {
      const i = h.findLastIndex((x) => x.type === e.type);
      if (i >= 0) h.splice(i, 1);
    } else if (e.type === 'log' && h.filter((x) => x.type === 'log').length >= MAX_LOG_EVENTS) {
      h.splice(h.findIndex((x) => x.type === 'log'), 1);
    }
    h.push(e);
    if (h.length > MAX_HISTORY) h.splice(h.findIndex((x) => x.type !== 'init'), 1);
  }

  /** Every event of this run: first what already happened (coalesced), then live ones, ending after `end`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<ApxEvent> {
    const q: PushQueue<ApxEvent> = new PushQueue(() => this.queues.delete(q));
    for (const e of this.history) q.push(e);
    if (this.end || this.settled) q.end(this.failure?.error);
    else this.queues.add(q);
    return q;
  }

  /** `type` or '*' for all; replays the history first. Never emits an 'error' event: failures are in `result`. */
  on<T extends ApxEventType>(type: T, fn: (e: ApxEventOf<T>) => void): this;
  on(type: '*', fn: (e: ApxEvent) => void): this;
  on(type: ApxEventType | '*', fn: (e: never) => void): this {
    return this.add(type, fn as Handler, false);
  }

  /** The next event of `type` (no replay). */
  once<T extends ApxEventType>(type: T, fn: (e: ApxEventOf<T>) => void): this;
  once(type: '*', fn: (e: ApxEvent) => void): this;
  once(type: ApxEventType | '*', fn: (e: never) => void): this {
    this.handlers.add({ type, fn: fn as Handler, once: true });
    return this;
  }

  off(type: ApxEventType | '*', fn: (e: never) => void): this {
    for (const h of this.handlers) if (h.type === type && h.fn === fn) this.handlers.delete(h);
    return this;
  }

  private add(type: ApxEventType | '*', fn: Handler, once: boolean): this {
    for (const e of this.history) if (type === '*' || e.type === type) this.call(fn, e);
    this.handlers.add({ type, fn, once });
    return this;
  }

  /** The listener gets the history, then live events; the returned function unsubscribes it. */
  subscribe(listener: ApplicationListener): () => void {
    const fn = listenerDispatch(listener);
    this.add('*', fn, false);
    return () => this.off('*', fn);
  }

  /** Kills the application and resolves once YARN confirms; before submission, submits nothing. */
  kill(): Promise<ApplicationResult> {
    if (!this.settled) this.controller.abort(KILL_REQUEST);
    return this.result;
  }

  /** Stops watching and leaves the application running (before submission: once it is submitted). */
  detach(): Promise<ApplicationResult> {
    if (this.settled) return this.result;
    if (this.appId === undefined) this.detachWhenSubmitted = true;
    else this.controller.abort(DETACH_REQUEST);
    return this.result;
  }

  /** Whether the run is over (the result is settled). */
  get done(): boolean {
    return this.settled;
  }
}
