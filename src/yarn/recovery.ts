/**
 * A ResourceManager that has just restarted (work-preserving recovery) answers for a moment before it
 * has reloaded its applications: `haState: INITIALIZING` on /ws/v1/cluster/info, and 404
 * NotFoundException for applications it knows (recorded on Hadoop 3.3.6,
 * test/fixtures/hadoop-3.3.6/rm-restart/). These helpers tell that 404 from an application that
 * does not exist, so apx neither gives up on a healthy application nor waits on a typo.
 */
import { RemoteError } from '../net/remote-exception.js';
import { transient } from '../net/retry.js';
import type { RmClient } from './rm-client.js';
import type { AppReport } from './types.js';

/**
 * How long after a ResourceManager (re)starts a 404 for an application apx has already seen is not
 * believed. The recorded single-node recovery took half a second; a large state store (thousands of
 * applications in ZooKeeper) takes seconds to tens of seconds, and the report and cluster-info
 * requests can straddle the moment recovery ends. A minute covers that, and costs an application
 * that really is gone (evicted from the RM's memory) no more than a minute before exit 3.
 */
export const RECOVERY_GRACE_MS = 60_000;

export function isNotFound(e: unknown): e is RemoteError {
  return e instanceof RemoteError && e.exception === 'NotFoundException';
}

/**
 * Whether a 404 for an application this client has seen may be the RM still recovering: it says
 * INITIALIZING, or it started less than `graceMs` ago. A failure to ask counts as recovering when
 * it is transient (the RM went down again); anything else is rethrown.
 */
export async function mayBeRecovering(rm: RmClient, graceMs = RECOVERY_GRACE_MS): Promise<boolean> {
  try {
    const s = await rm.recoveryState();
    return s.haState === 'INITIALIZING' || (s.upForMs !== undefined && s.upForMs < graceMs);
  } catch (e) {
    if (transient(e)) return true;
    throw e;
  }
}

/**
 * The application's report, waiting (up to `budgetMs`) while the RM says INITIALIZING before a 404
 * is believed. For an id apx has not seen: outside recovery a 404 is final at once.
 */
export async function reportOnceRecovered(rm: RmClient, appId: string, o: { budgetMs?: number; pollMs?: number } = {}): Promise<AppReport> {
  const deadline = Date.now() + (o.budgetMs ?? 120_000);
  for (;;) {
    try {
      return await rm.report(appId);
    } catch (e) {
      if (!isNotFound(e) || Date.now() > deadline) throw e;
      const state = await rm.recoveryState().catch(() => undefined);
      if (state?.haState !== 'INITIALIZING') throw e;
      await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
    }
  }
}
