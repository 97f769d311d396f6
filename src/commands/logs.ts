/** `apx logs <appId>`: a running app's containers from the NodeManager, a finished one's aggregated logs. */
import { ExitCode, UsageError } from '../errors.js';
import { checkAppId, checkContainerId } from '../services/app-id.js';
import { clientsFor } from '../services/clients.js';
import { aggregatedLogSources } from '../services/log-sources.js';
import { Interrupts } from '../services/interrupt.js';
import { showLogs } from '../services/logs.js';
import { resolveTarget } from '../services/target.js';
import { parseTimeMs } from '../spark/java-opts.js';

export interface LogsOptions {
  cluster?: string;
  insecure?: boolean;
  file?: string[];
  container?: string[];
  node?: string;
  am?: string;
  size?: string;
  list?: boolean;
  json?: boolean;
  follow?: boolean;
  all?: boolean;
  wait?: string;
}

/**
 * Writes to stdout with back-pressure, so a slow reader (a pipe, a terminal) never piles bytes up in
 * memory. A reader that has seen enough (`| head`) closes the pipe: that ends apx quietly, exit 0.
 */
function stdoutWriter(): (chunk: string | Buffer) => Promise<void> | void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(ExitCode.Success);
    throw e;
  });
  return (chunk) => {
    if (process.stdout.write(chunk)) return;
    return new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  };
}

function parseSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UsageError(`--size '${text}' is not a number of bytes`, 'Use --size 4096 for the first 4096 bytes of each file, --size -4096 for the last.');
  return Number(text);
}

export async function runLogs(appId: string, opts: LogsOptions): Promise<number> {
  checkAppId(appId);
  for (const id of opts.container ?? []) checkContainerId(id, appId);
  const size = parseSize(opts.size);
  const waitMs = parseTimeMs(opts.wait ?? '2min', 's');
  if (waitMs === undefined || waitMs < 0) throw new UsageError(`--wait '${opts.wait}' is not a duration (e.g. 30s, 2min)`);
  if (opts.follow && (opts.list || opts.json || opts.all)) throw new UsageError('-f cannot be combined with --list, --json or --all', 'Follow one file of one container: apx logs -f APP [--container ID] [--file NAME].');
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  const interrupts = new Interrupts(() => process.exit(ExitCode.Interrupted)).install();
  let spinner: { stop(): void } | undefined;
  try {
    const clients = clientsFor(target);
    const onWaiting = async (status: string | undefined) => {
      spinner?.stop();
      spinner = undefined;
      if (!status) return;
      const text = `waiting for YARN to aggregate the logs of ${appId} (logAggregationStatus ${status})`;
      if (process.stderr.isTTY && !opts.json) spinner = (await import('ora')).default({ text, stream: process.stderr }).start();
      else process.stderr.write(`apx: ${text}\n`);
    };
    await showLogs(
      { rm: clients.rm, nm: clients.nm, aggregated: () => aggregatedLogSources(target, clients.rm) },
      {
        appId, files: opts.file, containers: opts.container, node: opts.node, am: opts.am, size, list: opts.list, json: opts.json, all: opts.all,
        follow: !!opts.follow, intervalMs: 1000, waitMs, onWaiting: (s) => void onWaiting(s), write: stdoutWriter(), warn: (line) => process.stderr.write(`${line}\n`), signal: interrupts.signal,
      },
    );
    return ExitCode.Success;
  } finally {
    spinner?.stop();
    interrupts.dispose();
    await target.close();
  }
}
