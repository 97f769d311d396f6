/**
 * Ctrl-C and SIGTERM: the first one asks the running work to stop cleanly (abort uploads and delete
 * temporaries, or kill the submitted application and wait for YARN to confirm); a second Ctrl-C
 * exits at once, after saying which application is left and how to kill it.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * Abort reasons a library caller uses (src/api): `handle.kill()` and `handle.detach()` say what
 * they want whatever the run's default; a signal (Ctrl-C, SIGTERM) leaves it to `onInterrupt`.
 */
export const KILL_REQUEST = 'apx:kill';
export const DETACH_REQUEST = 'apx:detach';

export class Interrupts {
  readonly controller = new AbortController();
  received?: StopSignal;
  private readonly handlers: [StopSignal, () => void][] = [];

  constructor(private readonly onSecond: (signal: StopSignal) => void) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  install(): this {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const handler = () => this.receive(sig);
      process.on(sig, handler);
      this.handlers.push([sig, handler]);
    }
    return this;
  }

  receive(sig: StopSignal): void {
    if (this.received) {
      this.onSecond(sig);
      return;
    }
    this.received = sig;
    this.controller.abort(sig);
  }

  dispose(): void {
    for (const [sig, handler] of this.handlers) process.off(sig, handler);
  }
}
