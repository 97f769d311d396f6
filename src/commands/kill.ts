/** `apx kill <appId>...`: kill, wait until YARN confirms (or --no-wait), exit 0 only if every kill held. */
import { ExitCode, UsageError } from '../errors.js';
import { checkAppId } from '../services/app-id.js';
import { clientsFor } from '../services/clients.js';
import { killApplications, type KillOutcome } from '../services/kill.js';
import { resolveTarget } from '../services/target.js';
import { parseTimeMs } from '../spark/java-opts.js';

function say(o: KillOutcome): string {
  switch (o.result) {
    case 'killed': return `${o.appId} KILLED`;
    case 'requested': return `${o.appId} kill requested (YARN says ${o.state}; not waiting)`;
    case 'already-final': return `${o.appId} had already ended: ${o.state}/${o.finalStatus} (nothing to kill)`;
    case 'not-confirmed': return `${o.appId} kill sent, but YARN did not confirm in time (last state ${o.state})`;
    case 'not-found': return `${o.appId} not found: ${o.message}`;
    case 'error': return `${o.appId} could not be killed: ${o.message}`;
  }
}

/** The worst outcome decides: cluster trouble 3 (or 4 for auth) over not-found 3; ended or killed apps are fine. */
export function killExitCode(outcomes: KillOutcome[]): number {
  let code: number = ExitCode.Success;
  for (const o of outcomes) {
    if (o.result === 'error') code = Math.max(code, o.exitCode);
    else if (o.result === 'not-found' || o.result === 'not-confirmed') code = Math.max(code, ExitCode.Cluster);
  }
  return code;
}

function parseTimeout(text: string): number {
  const ms = parseTimeMs(text, 's');
  if (ms === undefined || ms <= 0) throw new UsageError(`--timeout '${text}' is not a duration`, 'For example 30s, 2min or 1h; --no-wait does not wait at all.');
  return ms;
}

export async function runKill(appIds: string[], opts: { cluster?: string; insecure?: boolean; wait: boolean; timeout?: string; json?: boolean }): Promise<number> {
  appIds.forEach(checkAppId);
  const timeoutMs = parseTimeout(opts.timeout ?? '60s');
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  try {
    // At a terminal, a spinner while YARN confirms (ora stays silent when stderr is not a TTY or in CI).
    const spinner = !opts.json && opts.wait && process.stderr.isTTY ? (await import('ora')).default({ text: `killing ${appIds.join(', ')}; waiting for YARN to confirm`, stream: process.stderr }).start() : undefined;
    const outcomes = await killApplications(clientsFor(target).rm, appIds, { wait: opts.wait, timeoutMs }).finally(() => spinner?.stop());
    for (const o of outcomes) {
      if (opts.json) process.stdout.write(`${JSON.stringify(o)}\n`);
      else (o.result === 'killed' || o.result === 'already-final' || o.result === 'requested' ? process.stdout : process.stderr).write(`${say(o)}\n`);
    }
    return killExitCode(outcomes);
  } finally {
    await target.close();
  }
}
