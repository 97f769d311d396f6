/** `apx watch`: attach the live view to any application, submitted by apx or anything else. */
import type { ClusterTarget } from '../config/cluster.js';
import type { EventBus } from '../monitor/events.js';
import { clientsFor } from './clients.js';
import type { SubmitResult } from './exit.js';
import { followApplication } from './follow.js';
import { reportOnceRecovered } from '../yarn/recovery.js';

export interface WatchRequest {
  appId: string;
  target: ClusterTarget;
  bus: EventBus;
  signal: AbortSignal;
  intervalMs: number;
  killOnExit: boolean;
  reconnectBudgetMs?: number;
}

export async function watchApplication(req: WatchRequest): Promise<SubmitResult> {
  const clients = clientsFor(req.target);
  // Attached right after an RM restart, the app may be a 404 for a moment: wait while the RM says INITIALIZING.
  const report = await reportOnceRecovered(clients.rm, req.appId, { budgetMs: req.reconnectBudgetMs });
  req.bus.emit({ type: 'init', appId: report.id, name: report.name, queue: report.queue, user: report.user, cluster: req.target.name, watching: true, startedTime: report.startedTime || undefined });
  return followApplication({ appId: req.appId, clients, bus: req.bus, signal: req.signal, intervalMs: req.intervalMs, onInterrupt: req.killOnExit ? 'kill' : 'detach', reconnectBudgetMs: req.reconnectBudgetMs });
}
