/**
 * `apx top`'s text, shared by the Ink view and the plain snapshot: the cluster and queue lines and
 * an application table whose columns give way, least useful first, until it fits the width.
 */
import type { LeafQueue } from '../../yarn/scheduler.js';
import { progressOf, type AppRow, type ClusterRow, type SortOrder } from '../../services/top/snapshot.js';

/** 1536 → 1.5G, 512 → 512M: four characters or so, as top does. */
export function mem(mb: number): string {
  if (mb < 1024) return `${Math.round(mb)}M`;
  const g = mb / 1024;
  if (g < 1024) return `${g < 10 ? g.toFixed(1) : Math.round(g)}G`;
  const t = g / 1024;
  return `${t < 10 ? t.toFixed(1) : Math.round(t)}T`;
}

export function shortElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

export function pct(n: number): string {
  return `${n < 10 ? n.toFixed(1) : Math.round(n)}%`;
}

function sparkCell(r: AppRow): string {
  const s = r.spark;
  if (!s) return r.type.toUpperCase() === 'SPARK' && r.state === 'RUNNING' ? '…' : '-';
  if (!s.available) return 'n/a';
  const p = progressOf(r);
  return p < 0 ? `${s.jobs}j idle` : `${s.activeJobs ? `j${s.activeJobs} ` : ''}${Math.floor(p * 100)}%`;
}

interface Column {
  title: string;
  /** Which SortKey this column shows, to mark the sorted one. */
  key: SortOrder['key'];
  width: number;
  right?: boolean;
  /** Lower goes first when the table is too wide. */
  keep: number;
  cell: (r: AppRow) => string;
}

const FULL_ID = 30;
const SHORT_ID = 6;

function columns(idWidth: number, sortKey?: SortOrder['key']): Column[] {
  // The column the table is sorted by is the last to go.
  const keep = (key: SortOrder['key'], n: number) => (key === sortKey ? 99 : n);
  return [
    { title: idWidth >= FULL_ID ? 'APPLICATION' : 'APP', key: 'id', width: idWidth, keep: keep('id', 100), cell: (r) => (idWidth >= r.id.length ? r.id : `_${r.id.split('_').pop() ?? r.id}`) },
    { title: 'USER', key: 'user', width: 8, keep: keep('user', 90), cell: (r) => r.user },
    { title: 'QUEUE', key: 'queue', width: 8, keep: keep('queue', 60), cell: (r) => r.queue },
    { title: 'STATE', key: 'state', width: 8, keep: keep('state', 80), cell: (r) => r.state },
    { title: 'ELAPSED', key: 'elapsed', width: 7, right: true, keep: keep('elapsed', 70), cell: (r) => shortElapsed(r.elapsedMs) },
    { title: 'CONT', key: 'containers', width: 4, right: true, keep: keep('containers', 30), cell: (r) => String(r.containers) },
    { title: 'MEM', key: 'memory', width: 5, right: true, keep: keep('memory', 85), cell: (r) => mem(r.memoryMB) },
    { title: 'VC', key: 'vcores', width: 4, right: true, keep: keep('vcores', 20), cell: (r) => String(r.vcores) },
    { title: '%Q', key: 'queuePct', width: 5, right: true, keep: keep('queuePct', 50), cell: (r) => pct(r.queuePct) },
    { title: 'SPARK', key: 'progress', width: 7, right: true, keep: keep('progress', 40), cell: sparkCell },
    { title: 'NAME', key: 'name', width: 0, keep: keep('name', 95), cell: (r) => r.name },
  ];
}

const MIN_NAME = 6;
/** Full application ids only when every column fits with this much room for the name. */
const ROOMY_NAME = 20;

export interface AppTable {
  header: string;
  row: (r: AppRow) => string;
}

function fit(text: string, width: number, right = false): string {
  const t = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return right ? t.padStart(width) : t.padEnd(width);
}

/** A table for `width` columns: full application ids when they fit with room for a name, else their sequence part. */
export function appTable(width: number, order?: SortOrder): AppTable {
  const everything = columns(FULL_ID).reduce((a, c) => a + c.width + 1, 0) + ROOMY_NAME;
  const chosen = layout(width, width >= everything ? FULL_ID : SHORT_ID, order?.key);
  const fixed = chosen.filter((c) => c.key !== 'name');
  const nameWidth = Math.max(MIN_NAME, width - fixed.reduce((a, c) => a + c.width + 1, 0));
  const widthOf = (c: Column) => (c.key === 'name' ? nameWidth : c.width);
  const title = (c: Column) => (order && c.key === order.key ? `${c.title}${order.reversed ? '▲' : '▼'}` : c.title);
  const line = (cells: string[]) => chosen.map((c, i) => fit(cells[i] as string, widthOf(c), c.right)).join(' ').slice(0, width).trimEnd();
  return {
    header: line(chosen.map(title)),
    row: (r) => line(chosen.map((c) => c.cell(r))),
  };
}

function layout(width: number, idWidth: number, sortKey?: SortOrder['key']): Column[] {
  let cols = columns(idWidth, sortKey);
  const need = () => cols.reduce((a, c) => a + (c.key === 'name' ? MIN_NAME : c.width) + 1, -1);
  while (need() > width && cols.length > 2) {
    const weakest = cols.reduce((a, c) => (c.keep < a.keep ? c : a));
    cols = cols.filter((c) => c !== weakest);
  }
  return cols;
}

export function clusterLine(c: ClusterRow): string {
  const memPct = c.totalMB ? (c.usedMB / c.totalMB) * 100 : 0;
  const vcPct = c.totalVCores ? (c.usedVCores / c.totalVCores) * 100 : 0;
  return `cluster  mem ${mem(c.usedMB)}/${mem(c.totalMB)} ${pct(memPct)} · vcores ${c.usedVCores}/${c.totalVCores} ${pct(vcPct)} · ${c.containers} containers · ${c.running} running, ${c.pending} pending · ${c.nodes} node${c.nodes === 1 ? '' : 's'}${c.unhealthyNodes ? ` (${c.unhealthyNodes} unhealthy/lost)` : ''}`;
}

export function queueLine(q: LeafQueue, totalMB: number): string {
  const queueMB = (q.capacityPct / 100) * totalMB;
  return `queue ${q.path.replace(/^root\./, '')}  ${pct(q.usedOfQueuePct)} of ${pct(q.capacityPct)} (max ${pct(q.maxCapacityPct)}) · mem ${mem(q.usedMB)}/${mem(queueMB)} · vcores ${q.usedVCores} · ${q.running} running, ${q.pending} pending`;
}
