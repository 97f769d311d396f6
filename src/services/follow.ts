/**
 * Following an application to its end, shared by `submit` and `watch`: poll until a final state; on
 * Ctrl-C/SIGTERM either kill it and wait until YARN confirms (submit, watch --kill-on-exit) or
 * detach and leave it running (watch).
 */
import { ApxError, ExitCode, InterruptedError } from '../errors.js';
import type { EventBus } from '../monitor/events.js';
import { AppMonitor, outcomeOf } from '../monitor/monitor.js';
import { killAndWait } from '../yarn/kill.js';
import { TERMINAL_STATES } from '../yarn/types.js';
import type { ClusterClients } from './clients.js';
import { DETACH_REQUEST, KILL_REQUEST, type StopSignal } from './interrupt.js';
import { exitCodeFor, type SubmitResult } from './exit.js';

export interface FollowOptions {
  appId: string;
  clients: ClusterClients;
  bus: EventBus;
  signal: AbortSignal;
  intervalMs: number;
  /** What an interrupt means: kill the app (submit) or leave it running (watch). */
  onInterrupt: 'kill' | 'detach';
  /** How long the RM may be unreachable before giving up (default two minutes). */
  reconnectBudgetMs?: number;
}

export function stopSignalOf(signal: AbortSignal): StopSignal {
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

function interruptMode(signal: AbortSignal, fallback: 'kill' | 'detach'): 'kill' | 'detach' {
  if (signal.reason === KILL_REQUEST) return 'kill';
  if (signal.reason === DETACH_REQUEST) return 'detach';
  return fallback;
}

export async function followApplication(o: FollowOptions): Promise<SubmitResult> {
  const { appId, clients, bus, signal } = o;
  // Few quick retries per poll: the monitor's own loop rides out a longer outage, saying so.
  const rm = clients.rm.withRetryPolicy({ attempts: 2, baseMs: 100, capMs: 500, budgetMs: 2_000 });
  const logFailures = new Set<string>();
  // Both callers know the app exists (submitted it, or read its report): a 404 may be an RM recovering.
  const monitor = new AppMonitor({ appId, rm, nm: clients.nm, sparkUi: clients.sparkUi, bus, intervalMs: o.intervalMs, signal, reconnectBudgetMs: o.reconnectBudgetMs, logFailures, known: true });
  const report = await monitor.run();
  if (TERMINAL_STATES.has(report.state)) {
    const outcome = outcomeOf(report, false);
    return { appId, outcome, exitCode: exitCodeFor(outcome) };
  }
  const stop = stopSignalOf(signal);
  if (interruptMode(signal, o.onInterrupt) === 'detach') {
    throw new InterruptedError(`stopped watching; ${appId} is still ${report.state} (kill it with: apx kill ${appId})`, stop);
  }
  bus.emit({ type: 'killing', appId, reason: signal.reason === KILL_REQUEST ? 'request' : stop });
  const killed = await killAndWait(clients.rm, appId);
  if (!killed.confirmed) {
    throw new ApxError(`YARN did not confirm the kill of ${appId} in time (last state ${killed.state})`, ExitCode.Cluster, `Check with: apx status ${appId}; kill with: apx kill ${appId}`);
  }
  // One more pass to emit the final state and the end, now that YARN says it is over.
  const final = new AppMonitor({ appId, rm: clients.rm, nm: clients.nm, sparkUi: clients.sparkUi, bus, intervalMs: 200, logFailures, known: true });
  final.killedByUs = true;
  const end = await final.run();
  const outcome = outcomeOf(end, true);
  return { appId, outcome, exitCode: exitCodeFor(outcome, stop) };
}
