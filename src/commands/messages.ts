/** `apx messages <appId>`: the job's channel from the start, once each and in order; --follow until it ends. */
import { ExitCode, UsageError } from '../errors.js';
import { CHANNEL_FILE } from '../channel/wire.js';
import type { ClusterClients } from '../services/clients.js';
import type { ClusterTarget } from '../config/cluster.js';
import { checkAppId } from '../services/app-id.js';
import { readMessages } from '../services/channel.js';
import { clientsFor } from '../services/clients.js';
import { Interrupts } from '../services/interrupt.js';
import { resolveTarget } from '../services/target.js';
import { redactText } from '../net/redact.js';
import { channelText, resultText } from '../ui/format/channel.js';
import { messageEvent } from '../monitor/monitor.js';

export async function runMessages(appId: string, opts: { cluster?: string; insecure?: boolean; json?: boolean; follow?: boolean }): Promise<number> {
  checkAppId(appId);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  const interrupts = new Interrupts(() => process.exit(ExitCode.Interrupted)).install();
  try {
    const clients = clientsFor(target);
    const result = await readMessages(clients.rm, clients.nm, {
      appId, follow: !!opts.follow, intervalMs: 1000, signal: interrupts.signal,
      aggregated: (container) => aggregatedChannelFile(target, clients, appId, container),
      onRecord: (r) => {
        const e = messageEvent(appId, r);
        process.stdout.write(opts.json ? `${JSON.stringify(e)}\n` : `${new Date(r.time).toISOString()} #${r.seq} ${channelText(e)}\n`);
      },
    });
    if (Object.keys(result).length) process.stdout.write(opts.json ? `${JSON.stringify({ type: 'result', appId, result })}\n` : `result: ${redactText(resultText(result))}\n`);
    return ExitCode.Success;
  } finally {
    interrupts.dispose();
    await target.close();
  }
}

/** The AM's channel file as `apx logs --file apx-channel.ndjson --json` reads it from the aggregated logs. */
async function aggregatedChannelFile(target: ClusterTarget, clients: ClusterClients, appId: string, container: string): Promise<string | undefined> {
  const [{ showLogs }, { aggregatedLogSources }] = await Promise.all([import('../services/logs.js'), import('../services/log-sources.js')]);
  let contents: string | undefined;
  try {
    await showLogs(
      { rm: clients.rm, nm: clients.nm, aggregated: () => aggregatedLogSources(target, clients.rm) },
      {
        appId, files: [CHANNEL_FILE], containers: [container], json: true, follow: false, intervalMs: 1000,
        write: (chunk) => {
          for (const line of chunk.toString().split('\n').filter(Boolean)) {
            const record = JSON.parse(line) as { contents?: string };
            contents = (contents ?? '') + (record.contents ?? '');
          }
        },
      },
    );
  } catch (e) {
    if (e instanceof UsageError) return undefined; // no such file among the aggregated logs
    throw e;
  }
  return contents;
}
