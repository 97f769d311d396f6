/** `apx logs <appId>`: the driver's (AM's) log, or another container's, optionally followed. */
import { ExitCode } from '../errors.js';
import { checkAppId, checkContainerId } from '../services/app-id.js';
import { clientsFor } from '../services/clients.js';
import { Interrupts } from '../services/interrupt.js';
import { showLogs } from '../services/logs.js';
import { resolveTarget } from '../services/target.js';

export async function runLogs(appId: string, opts: { cluster?: string; insecure?: boolean; file: string; container?: string; follow?: boolean }): Promise<number> {
  checkAppId(appId);
  if (opts.container !== undefined) checkContainerId(opts.container, appId);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  const interrupts = new Interrupts(() => process.exit(ExitCode.Interrupted)).install();
  try {
    const clients = clientsFor(target);
    await showLogs(clients.rm, clients.nm, { appId, file: opts.file, container: opts.container, follow: !!opts.follow, intervalMs: 1000, write: (t) => process.stdout.write(t), signal: interrupts.signal });
    return ExitCode.Success;
  } finally {
    interrupts.dispose();
    await target.close();
  }
}
