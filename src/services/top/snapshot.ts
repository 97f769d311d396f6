/**
 * `apx top`'s model, pure: one snapshot of the cluster built from the three answers of an interval
 * (apps, metrics, scheduler) plus the Spark progress known so far; sorting and filtering of its rows.
 * Every renderer (Ink, plain, JSON) draws these same values.
 */
import { leafQueues, type ClusterMetrics, type LeafQueue, type SchedulerAnswer } from '../../yarn/scheduler.js';
import type { AppReport } from '../../yarn/types.js';

/** Spark progress of one application, from its jobs (one request per app, in rotation). */
export type SparkProgress =
  | { available: true; at: number; completedTasks: number; totalTasks: number; activeJobs: number; jobs: number }
  | { available: false; at: number; reason: string };

export interface AppRow {
  id: string;
  user: string;
  queue: string;
  name: string;
  state: string;
  type: string;
  elapsedMs: number;
  containers: number;
  memoryMB: number;
  vcores: number;
  /** Percent of the queue's guaranteed capacity this app holds. */
  queuePct: number;
  clusterPct: number;
  trackingUrl?: string;
  spark?: SparkProgress;
}

export interface ClusterRow {
  usedMB: number;
  totalMB: number;
  usedVCores: number;
  totalVCores: number;
  containers: number;
  running: number;
  pending: number;
  nodes: number;
  unhealthyNodes: number;
}

export interface TopSnapshot {
  at: number;
  cluster: ClusterRow;
  queues: LeafQueue[];
  apps: AppRow[];
}

export const SORT_KEYS = ['memory', 'vcores', 'containers', 'queuePct', 'elapsed', 'progress', 'id', 'user', 'queue', 'state', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortOrder {
  key: SortKey;
  /** Numbers sort largest first and text A→Z by default; reversed flips that. */
  reversed: boolean;
}

export interface Filter {
  user?: string;
  queue?: string;
  state?: string;
  /** Matched (case-insensitively) against id, name, user and queue. */
  text?: string;
}

/** Percent of the queue's guarantee: the RM's own figure when it gives one, else ours from the scheduler. */
function queuePercent(r: AppReport, queue: LeafQueue | undefined, totalMB: number): number {
  if (typeof r.queueUsagePercentage === 'number') return r.queueUsagePercentage;
  const queueMB = queue ? (queue.capacityPct / 100) * totalMB : 0;
  return queueMB > 0 ? (Math.max(0, r.allocatedMB) / queueMB) * 100 : 0;
}

function clusterRow(m: ClusterMetrics): ClusterRow {
  return {
    usedMB: m.allocatedMB, totalMB: m.totalMB, usedVCores: m.allocatedVirtualCores, totalVCores: m.totalVirtualCores,
    containers: m.containersAllocated, running: m.appsRunning, pending: m.appsPending, nodes: m.activeNodes, unhealthyNodes: (m.unhealthyNodes ?? 0) + (m.lostNodes ?? 0),
  };
}

export function buildSnapshot(apps: AppReport[], metrics: ClusterMetrics, scheduler: SchedulerAnswer, spark: ReadonlyMap<string, SparkProgress>, now: number): TopSnapshot {
  const queues = leafQueues(scheduler);
  // Applications name their leaf queue by its short name (or, from 3.4, the full path).
  const byName = new Map<string, LeafQueue>();
  for (const q of queues) byName.set(q.name, q).set(q.path, q);
  const rows = apps.map((r): AppRow => ({
    id: r.id, user: r.user, queue: r.queue, name: r.name, state: r.state, type: r.applicationType,
    elapsedMs: r.elapsedTime > 0 ? r.elapsedTime : Math.max(0, now - r.startedTime),
    containers: Math.max(0, r.runningContainers), memoryMB: Math.max(0, r.allocatedMB), vcores: Math.max(0, r.allocatedVCores),
    queuePct: queuePercent(r, byName.get(r.queue), metrics.totalMB), clusterPct: r.clusterUsagePercentage ?? 0,
    trackingUrl: r.trackingUrl, spark: spark.get(r.id),
  }));
  return { at: now, cluster: clusterRow(metrics), queues, apps: rows };
}

/** Completed share of the tasks of the app's jobs, or -1 when Spark said nothing (sorts last). */
export function progressOf(row: AppRow): number {
  const s = row.spark;
  return s?.available && s.totalTasks > 0 ? s.completedTasks / s.totalTasks : -1;
}

const NUMERIC: Record<string, (r: AppRow) => number> = {
  memory: (r) => r.memoryMB, vcores: (r) => r.vcores, containers: (r) => r.containers, queuePct: (r) => r.queuePct,
  elapsed: (r) => r.elapsedMs, progress: progressOf,
};

export function sortRows(rows: readonly AppRow[], order: SortOrder): AppRow[] {
  const numeric = NUMERIC[order.key];
  const text = (r: AppRow) => String(r[order.key as 'id' | 'user' | 'queue' | 'state' | 'name']);
  const sign = order.reversed ? -1 : 1;
  // Ties keep a stable, meaningful order: the newest application (largest id) first.
  const cmp = numeric
    ? (a: AppRow, b: AppRow) => sign * (numeric(b) - numeric(a)) || b.id.localeCompare(a.id)
    : (a: AppRow, b: AppRow) => sign * text(a).localeCompare(text(b)) || b.id.localeCompare(a.id);
  return [...rows].sort(cmp);
}

export function filterRows(rows: readonly AppRow[], f: Filter): AppRow[] {
  const text = f.text?.trim().toLowerCase();
  const state = f.state?.toUpperCase();
  return rows.filter((r) =>
    (!f.user || r.user === f.user) && (!f.queue || r.queue === f.queue) && (!state || r.state === state) &&
    (!text || r.id.toLowerCase().includes(text) || r.name.toLowerCase().includes(text) || r.user.toLowerCase().includes(text) || r.queue.toLowerCase().includes(text)));
}

/**
 * What a person types after `/`: `user:ana queue:etl state:running` narrow by field, anything
 * else is free text. An empty line clears the filter.
 */
export function parseFilter(line: string): Filter {
  const f: Filter = {};
  const free: string[] = [];
  for (const word of line.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(user|queue|state):(.+)$/i.exec(word);
    if (m) f[(m[1] as string).toLowerCase() as 'user' | 'queue' | 'state'] = m[2] as string;
    else free.push(word);
  }
  if (free.length) f.text = free.join(' ');
  return f;
}

export function describeFilter(f: Filter): string {
  return [f.user && `user:${f.user}`, f.queue && `queue:${f.queue}`, f.state && `state:${f.state}`, f.text].filter(Boolean).join(' ');
}

export function nextSort(order: SortOrder): SortOrder {
  const i = SORT_KEYS.indexOf(order.key);
  return { key: SORT_KEYS[(i + 1) % SORT_KEYS.length] as SortKey, reversed: false };
}
