/** `apx kill`: kill one or many applications and say what YARN finally reported for each. */
import { ApxError } from '../errors.js';
import { RemoteError } from '../net/remote-exception.js';
import { killAndWait } from '../yarn/kill.js';
import type { RmClient } from '../yarn/rm-client.js';
import { TERMINAL_STATES } from '../yarn/types.js';
import { reportOnceRecovered } from '../yarn/recovery.js';

export type KillOutcome =
  | { appId: string; result: 'killed'; state: string }
  | { appId: string; result: 'requested'; state: string }
  | { appId: string; result: 'already-final'; state: string; finalStatus: string }
  | { appId: string; result: 'not-confirmed'; state: string }
  | { appId: string; result: 'not-found'; message: string }
  | { appId: string; result: 'error'; message: string; exitCode: number };

export async function killApplications(rm: RmClient, appIds: string[], opts: { wait: boolean; timeoutMs?: number }): Promise<KillOutcome[]> {
  const out: KillOutcome[] = [];
  for (const appId of appIds) {
    try {
      const before = await reportOnceRecovered(rm, appId, { budgetMs: opts.timeoutMs ?? 30_000 });
      if (TERMINAL_STATES.has(before.state)) {
        out.push({ appId, result: 'already-final', state: before.state, finalStatus: before.finalStatus });
        continue;
      }
      if (!opts.wait) {
        const answer = await rm.requestKill(appId);
        out.push({ appId, result: 'requested', state: answer.state });
        continue;
      }
      const k = await killAndWait(rm, appId, { timeoutMs: opts.timeoutMs });
      if (!k.confirmed) out.push({ appId, result: 'not-confirmed', state: k.state });
      else if (k.state === 'KILLED') out.push({ appId, result: 'killed', state: k.state });
      else {
        const after = await rm.report(appId);
        out.push({ appId, result: 'already-final', state: after.state, finalStatus: after.finalStatus });
      }
    } catch (e) {
      // One app's trouble must not stop the others being killed; each gets its own line.
      if (e instanceof RemoteError && e.exception === 'NotFoundException') out.push({ appId, result: 'not-found', message: e.message });
      else if (e instanceof ApxError) out.push({ appId, result: 'error', message: e.message, exitCode: e.exitCode });
      else throw e;
    }
  }
  return out;
}
