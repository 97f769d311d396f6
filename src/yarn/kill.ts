/**
 * Killing an application the way YARN expects: PUT {"state":"KILLED"} answers 202 with an
 * intermediate state (KILLING, FINAL_SAVING, …) until the kill is done, then 200 with the final
 * state; repeat until then, within a bound, and report what YARN finally said.
 */
import { TERMINAL_STATES } from './types.js';
import type { KillAnswer, RmClient } from './rm-client.js';
import { isNotFound, mayBeRecovering } from './recovery.js';
import { transient } from '../net/retry.js';

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
    const answer = await killRequest(rm, appId);
    if (!answer) {
      await new Promise((r) => setTimeout(r, pollMs));
      continue;
    }
    last = answer.state;
    alreadyFinal ??= answer.status === 200;
    if (answer.status === 200 && TERMINAL_STATES.has(answer.state)) {
      return { state: answer.state, alreadyFinal, confirmed: true };
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return { state: last || 'unknown (the ResourceManager did not answer)', alreadyFinal: alreadyFinal ?? false, confirmed: false };
}

/**
 * One kill request, or undefined when the RM cannot answer yet: down (after the client's own
 * retries), or just restarted and answering 404 for the application it has not reloaded yet (the
 * caller has seen the app, so a 404 then is recovery, not absence).
 */
async function killRequest(rm: RmClient, appId: string): Promise<KillAnswer | undefined> {
  try {
    return await rm.requestKill(appId);
  } catch (e) {
    if (transient(e)) return undefined;
    if (isNotFound(e) && (await mayBeRecovering(rm))) return undefined;
    throw e;
  }
}
