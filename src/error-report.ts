/** The one way an error reaches the user (a line and a hint on stderr) and, with --json, a machine (an `error` event). */
import { ExitCode, isApxError } from './errors.js';
import { redactText } from './net/redact.js';

/** Prints an error once, as one line plus a hint, never with a stack trace (APX_DEBUG=1 shows it). */
export function reportError(e: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (isApxError(e)) {
    write(`apx: ${redactText(e.message)}\n`);
    if (e.hint) write(`  ${redactText(e.hint)}\n`);
    return e.exitCode;
  }
  write(`apx: internal error: ${redactText(e instanceof Error ? e.message : String(e))}\n  Please report this; APX_DEBUG=1 shows the stack trace.\n`);
  if (process.env.APX_DEBUG && e instanceof Error) write(`${e.stack}\n`);
  return ExitCode.Internal;
}

/** With --json, an error is also an `error` event on stdout, so a machine reading only stdout learns why. */
export function writeErrorEvent(message: string, exitCode: number, hint?: string): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), type: 'error', message: redactText(message), ...(hint ? { hint: redactText(hint) } : {}), exitCode })}\n`);
}

/** reportError, plus the `error` event when the command was asked for JSON. */
export function reportFailure(e: unknown, json: boolean): number {
  const code = reportError(e);
  if (json) writeErrorEvent(isApxError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`, code, isApxError(e) ? e.hint : undefined);
  return code;
}
