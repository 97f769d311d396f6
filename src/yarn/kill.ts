/**
 * Killing an application the way YARN expects: PUT {"state":"KILLED"} answers 202 with an
 * intermediate state (KILLING, FINAL_SAVING, …) until the kill is done, then 200 with the final
 * state; repeat until then, within a bound, and report what YARN finally said.
 */
import { TERMINAL_STATES } from './types.js';
import type { RmClient } from './rm-client.js';

export interface KillResult {
  /** The state YARN reported last (KILLED, or FINISHED/FAILED when the app ended first). */
  state: string;
  /** True when the application was already in a final state before this kill. */
  alreadyFinal: boolean;
  /** False when the bound ran out before YARN confirmed. */
  confirmed: boolean;
}

export async function killAndWait(rm: RmClient, appId: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<KillResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const pollMs = opts.pollMs ?? 200;
  // YARN answers the first kill of a live app with 202; a 200 straight away means it was already ending.
  let alreadyFinal: boolean | undefined;
  let last = '';
  while (Date.now() < deadline) {
    const answer = await rm.requestKill(appId);
    last = answer.state;
    alreadyFinal ??= answer.status === 200;
    if (answer.status === 200 && TERMINAL_STATES.has(answer.state)) {
      return { state: answer.state, alreadyFinal, confirmed: true };
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return { state: last, alreadyFinal: alreadyFinal ?? false, confirmed: false };
}
