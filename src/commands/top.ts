/** `apx top`: the cluster's live applications, refreshed every interval (Ink view, or plain / JSON snapshots). */
import { spawn } from 'node:child_process';
import type { ClusterTarget } from '../config/cluster.js';
import { ExitCode, UsageError } from '../errors.js';
import { clientsFor, connectionOf } from '../services/clients.js';
import { Interrupts } from '../services/interrupt.js';
import { killApplications, type KillOutcome } from '../services/kill.js';
import { resolveTarget } from '../services/target.js';
import { TopBus } from '../services/top/events.js';
import { TopPoller } from '../services/top/poller.js';
import { SORT_KEYS, type Filter, type SortKey, type SortOrder, type TopSnapshot } from '../services/top/snapshot.js';
import { parseTimeMs } from '../spark/java-opts.js';
import { topJsonLine } from '../ui/json/top.js';
import { outputMode } from '../ui/mode.js';
import { formatTopSnapshot } from '../ui/plain/top.js';
import { RmClient } from '../yarn/rm-client.js';
import { SparkUiClient } from '../yarn/spark-ui-client.js';
import { YARN_STATES } from '../yarn/types.js';

export interface TopOptions {
  cluster?: string;
  insecure?: boolean;
  queue?: string;
  user?: string;
  state: string[];
  interval?: string;
  sort?: string;
  sparkPerInterval?: string;
  plain?: boolean;
  json?: boolean;
  watch?: boolean;
}

interface Parsed {
  intervalMs: number;
  states: string[];
  order: SortOrder;
  sparkPerInterval: number;
}

function parseOptions(opts: TopOptions): Parsed {
  const intervalMs = parseTimeMs(opts.interval ?? '2s');
  if (intervalMs === undefined || intervalMs < 200) throw new UsageError(`--interval '${opts.interval}' is not a time of at least 200ms (e.g. 2s, 500ms)`);
  const states = opts.state.flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const bad = states.find((s) => !(YARN_STATES as readonly string[]).includes(s));
  if (bad) throw new UsageError(`--state '${bad}' is not a YARN state`, `One of ${YARN_STATES.join(', ')}.`);
  const key = opts.sort ?? 'memory';
  if (!(SORT_KEYS as readonly string[]).includes(key)) throw new UsageError(`--sort '${key}' is not a column apx top sorts by`, `One of ${SORT_KEYS.join(', ')}.`);
  const sparkPerInterval = Number(opts.sparkPerInterval ?? 2);
  if (!Number.isInteger(sparkPerInterval) || sparkPerInterval < 0) throw new UsageError(`--spark-per-interval '${opts.sparkPerInterval}' is not a whole number ≥ 0`);
  return { intervalMs, states, order: { key: key as SortKey, reversed: false }, sparkPerInterval };
}

function killLine(o: KillOutcome): string {
  switch (o.result) {
    case 'killed': return `${o.appId} KILLED`;
    case 'requested': return `${o.appId} kill requested (YARN says ${o.state})`;
    case 'already-final': return `${o.appId} had already ended: ${o.state}/${o.finalStatus}`;
    case 'not-confirmed': return `${o.appId} kill sent, but YARN did not confirm in time (last state ${o.state})`;
    case 'not-found': return `${o.appId} not found: ${o.message}`;
    case 'error': return `${o.appId} could not be killed: ${o.message}`;
  }
}

/** `l` runs `apx logs <appId>` as it is, with this command's cluster: the view does not duplicate it. */
function runLogsCommand(appId: string, opts: TopOptions): Promise<void> {
  const args = [process.argv[1] as string, 'logs', appId, ...(opts.cluster ? ['--cluster', opts.cluster] : []), ...(opts.insecure ? ['--insecure'] : [])];
  return new Promise((resolve) => spawn(process.execPath, args, { stdio: 'inherit' }).on('close', () => resolve()).on('error', () => resolve()));
}

/** The poller against this target: its own short retry and timeout, since the next interval is the retry. */
function pollerFor(target: ClusterTarget, p: Parsed, opts: TopOptions): TopPoller {
  const connection = connectionOf(target);
  const rm = new RmClient({
    resourceManagers: target.resourceManagers, apiRoot: target.rmApiRoot, ...connection,
    timeoutMs: Math.max(5_000, 2 * p.intervalMs), retry: { attempts: 2, baseMs: 200, capMs: 1_000, budgetMs: Math.max(2_000, p.intervalMs) },
  });
  const sparkUi = new SparkUiClient({ ...connection, timeoutMs: Math.min(2_000, p.intervalMs) });
  return new TopPoller({ rm, sparkUi, sparkPerInterval: p.sparkPerInterval, query: { states: p.states, queue: opts.queue, user: opts.user } });
}

/** --plain/--json: the first snapshot, then (with --watch) one per interval until Ctrl-C or SIGTERM. */
async function printSnapshots(poller: TopPoller, first: TopSnapshot, mode: 'plain' | 'json', p: Parsed, watch: boolean, interrupts: Interrupts): Promise<number> {
  const width = process.stdout.columns || Number(process.env.COLUMNS) || 120;
  const sorting = { order: p.order, filter: {} as Filter };
  const print = (s: TopSnapshot) => process.stdout.write(mode === 'json' ? `${topJsonLine(s, sorting)}\n` : formatTopSnapshot(s, { width, ...sorting }));
  print(first);
  if (!watch) return ExitCode.Success;
  const bus = new TopBus();
  bus.on((e) => {
    if (e.type === 'snapshot') {
      if (mode === 'plain') process.stdout.write('\n');
      print(e.snapshot);
    } else if (mode === 'json') process.stdout.write(`${JSON.stringify(e)}\n`);
    else process.stderr.write(`apx: ${e.message}\n`);
  });
  await poller.run(bus, p.intervalMs, interrupts.signal, p.intervalMs);
  return interrupts.received === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
}

async function showView(poller: TopPoller, first: TopSnapshot, target: ClusterTarget, p: Parsed, opts: TopOptions, interrupts: Interrupts): Promise<number> {
  const { rm } = clientsFor(target);
  const bus = new TopBus();
  const loop = poller.run(bus, p.intervalMs, interrupts.signal, p.intervalMs);
  const { runTopView } = await import('../ui/tui/top-mount.js');
  const code = await runTopView({
    bus, first, session: { order: p.order, filter: {} }, clusterName: target.name, intervalLabel: opts.interval ?? '2s', signal: interrupts.signal,
    kill: async (appId) => killLine((await killApplications(rm, [appId], { wait: true, timeoutMs: 60_000 }))[0] as KillOutcome),
    showLogs: (appId) => runLogsCommand(appId, opts),
  });
  interrupts.controller.abort();
  await loop;
  return code;
}

export async function runTop(opts: TopOptions): Promise<number> {
  const p = parseOptions(opts);
  const mode = outputMode(opts);
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  const interrupts = new Interrupts(() => process.exit(ExitCode.Interrupted)).install();
  try {
    const poller = pollerFor(target, p, opts);
    // The first snapshot is taken before anything is drawn: an unreachable cluster is an error, not an empty view.
    const first = await poller.refresh();
    if (mode === 'tui') return await showView(poller, first, target, p, opts, interrupts);
    return await printSnapshots(poller, first, mode, p, !!opts.watch, interrupts);
  } finally {
    interrupts.dispose();
    await target.close();
  }
}
