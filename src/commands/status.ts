/** `apx status <appId>`: a readable summary, or the full report with --json. */
import { ExitCode } from '../errors.js';
import { checkAppId } from '../services/app-id.js';
import { clientsFor } from '../services/clients.js';
import { resolveTarget } from '../services/target.js';
import { formatStatus } from '../ui/plain/status.js';
import { reportOnceRecovered } from '../yarn/recovery.js';

export async function runStatus(appId: string, opts: { cluster?: string; insecure?: boolean; json?: boolean }): Promise<number> {
  checkAppId(appId);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  try {
    // Right after an RM restart a known app is a 404 for a moment: wait while the RM says INITIALIZING.
    const report = await reportOnceRecovered(clientsFor(target).rm, appId, { budgetMs: 60_000 });
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    return ExitCode.Success;
  } finally {
    await target.close();
  }
}
