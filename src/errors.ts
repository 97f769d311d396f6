/**
 * Every failure a user can meet is an ApxError: a one-line message, a hint that says what to do,
 * and the exit code that tells a script what happened. They are thrown where the problem is known
 * and printed once, at the top (src/cli.ts).
 */

/** The exit codes, documented in README.md and man/apx.1. */
export const ExitCode = {
  /** FINISHED/SUCCEEDED, or submitted with --detach. */
  Success: 0,
  /** The application FAILED (or FINISHED with finalStatus FAILED). */
  AppFailed: 1,
  /** Usage or configuration error: nothing was submitted. */
  Usage: 2,
  /** The cluster could not be reached or refused the request. */
  Cluster: 3,
  /** Authentication or authorization failure. */
  Auth: 4,
  /** The application was KILLED by someone else (not by this apx). */
  KilledElsewhere: 5,
  /** The application's final status is UNDEFINED after a terminal state (lost track of it). */
  Undetermined: 6,
  /** Interrupted by Ctrl-C; the application, if any, was killed. */
  Interrupted: 130,
  /** Terminated by SIGTERM; the application, if any, was killed. */
  Terminated: 143,
  /** A bug in apx (never a user error): reported without a stack trace unless APX_DEBUG=1. */
  Internal: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Marks apx's errors across copies of the package (two installed versions still recognise each other). */
const BRAND = Symbol.for('apx.error');

export class ApxError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** What a platform relays to its front end: never a stack. */
  toJSON(): { name: string; message: string; hint?: string; exitCode: ExitCodeValue } {
    return { name: this.name, message: this.message, hint: this.hint, exitCode: this.exitCode };
  }
}

/** Bad flags or arguments: nothing was sent to the cluster. */
export class UsageError extends ApxError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** Configuration that cannot be used (malformed file, missing address, unknown profile). */
export class ConfigError extends ApxError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** The cluster is unreachable, or answered with an error that is not about who we are. */
export class ClusterError extends ApxError {
  constructor(
    message: string,
    hint?: string,
    readonly status?: number,
    readonly remoteException?: string,
  ) {
    super(message, ExitCode.Cluster, hint);
  }
}

/** The cluster refused us because of who we are (401/403, missing user, bad ticket). */
export class AuthError extends ApxError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Auth, hint);
  }
}

/** The user interrupted (Ctrl-C / SIGTERM) before anything needed killing, or after it was killed. */
export class InterruptedError extends ApxError {
  constructor(message: string, signal: 'SIGINT' | 'SIGTERM') {
    super(message, signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted);
  }
}

export function isApxError(e: unknown): e is ApxError {
  return e instanceof ApxError || (typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true);
}
