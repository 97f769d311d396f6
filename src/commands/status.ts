/** `apx status <appId>`: a readable summary, or the full report with --json. */
import { ExitCode } from '../errors.js';
import { checkAppId } from '../services/app-id.js';
import { clientsFor } from '../services/clients.js';
import { channelResult } from '../services/channel.js';
import { resolveTarget } from '../services/target.js';
import { formatStatus } from '../ui/plain/status.js';
import { reportOnceRecovered } from '../yarn/recovery.js';

export async function runStatus(appId: string, opts: { cluster?: string; insecure?: boolean; json?: boolean }): Promise<number> {
  checkAppId(appId);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  try {
    // Right after an RM restart a known app is a 404 for a moment: wait while the RM says INITIALIZING.
    const clients = clientsFor(target);
    const report = await reportOnceRecovered(clients.rm, appId, { budgetMs: 60_000 });
    // What the job computed, from its channel (docs/channel.md): `result` beside YARN's report.
    const result = opts.json ? await channelResult(clients.nm, report) : undefined;
    process.stdout.write(opts.json ? `${JSON.stringify(result ? { ...report, result } : report, null, 2)}\n` : formatStatus(report));
    return ExitCode.Success;
  } finally {
    await target.close();
  }
}
