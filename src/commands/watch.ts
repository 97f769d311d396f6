/** `apx watch <appId>`: the same view (or plain / JSON) for an application already on the cluster. */
import { ExitCode, UsageError } from '../errors.js';
import { EventBus } from '../monitor/events.js';
import { checkAppId } from '../services/app-id.js';
import { Interrupts } from '../services/interrupt.js';
import { resolveTarget } from '../services/target.js';
import { watchApplication } from '../services/watch.js';
import { parseTimeMs } from '../spark/java-opts.js';
import { attachRenderer } from '../ui/attach.js';
import { commandSender } from '../services/channel.js';
import { outputMode } from '../ui/mode.js';
import { parseBudget } from '../services/budget.js';

interface WatchOptions {
  cluster?: string;
  insecure?: boolean;
  json?: boolean;
  plain?: boolean;
  verbose?: boolean;
  killOnExit?: boolean;
  interval?: string;
  reconnectBudget?: string;
}

export async function runWatch(appId: string, opts: WatchOptions): Promise<number> {
  checkAppId(appId);
  const intervalMs = parseTimeMs(opts.interval ?? '1s');
  if (intervalMs === undefined || intervalMs < 100) throw new UsageError(`--interval '${opts.interval}' is not a time of at least 100ms (e.g. 1s, 500ms)`);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  const bus = new EventBus();
  const renderer = await attachRenderer(bus, outputMode(opts), { verbose: opts.verbose, sendCommand: commandSender(target) });
  const interrupts = new Interrupts(() => {
    process.stderr.write(`\napx: exiting now; ${appId} is left as it is.\n`);
    process.exit(ExitCode.Interrupted);
  }).install();
  try {
    const result = await watchApplication({ appId, target, bus, signal: interrupts.signal, intervalMs, killOnExit: !!opts.killOnExit, reconnectBudgetMs: parseBudget(opts.reconnectBudget) });
    return result.exitCode;
  } finally {
    interrupts.dispose();
    await renderer.close();
    await target.close();
  }
}
