/** `apx send <appId> <command> [payload]`: a command to the running job's channel, and its acknowledgement. */
import { ExitCode, UsageError } from '../errors.js';
import { checkAppId } from '../services/app-id.js';
import { sendCommand } from '../services/channel.js';
import { clientsFor } from '../services/clients.js';
import { Interrupts } from '../services/interrupt.js';
import { resolveTarget } from '../services/target.js';
import { parseTimeMs } from '../spark/java-opts.js';

interface SendOptions {
  cluster?: string;
  insecure?: boolean;
  json?: boolean;
  timeout?: string;
  stagingDir?: string;
}

export async function runSend(appId: string, name: string, payload: string | undefined, opts: SendOptions): Promise<number> {
  checkAppId(appId);
  const timeoutMs = parseTimeMs(opts.timeout ?? '30s');
  if (timeoutMs === undefined) throw new UsageError(`--timeout '${opts.timeout}' is not a time (e.g. 30s, 2min)`);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  const interrupts = new Interrupts(() => process.exit(ExitCode.Interrupted)).install();
  try {
    const clients = clientsFor(target);
    const r = await sendCommand(clients.rm, clients.nm, clients.hdfs, {
      appId, name, payload, user: target.auth ? undefined : target.user, stagingDir: opts.stagingDir, timeoutMs, intervalMs: 500, signal: interrupts.signal,
    });
    const code = r.ack ? (r.ack.ok ? ExitCode.Success : ExitCode.AppFailed) : ExitCode.Undetermined;
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ appId, command: name, seq: r.seq, acknowledged: !!r.ack, ok: r.ack?.ok ?? null, message: r.ack?.message ?? r.noAck ?? null })}\n`);
    } else if (r.ack) {
      process.stdout.write(`${appId} command #${r.seq} ${name}: ${r.ack.ok ? 'acknowledged' : 'refused by the job'}${r.ack.message ? ` (${r.ack.message})` : ''}\n`);
    } else {
      process.stdout.write(`${appId} command #${r.seq} ${name}: delivered, not acknowledged: ${r.noAck ?? ''}\n`);
    }
    return code;
  } finally {
    interrupts.dispose();
    await target.close();
  }
}
