/** `apx top --plain`: one snapshot as text (every application, no height limit), for a terminal or a log. */
import { filterRows, sortRows, type Filter, type SortOrder, type TopSnapshot } from '../../services/top/snapshot.js';
import { appTable, clusterLine, queueLine } from '../format/top-table.js';

export function formatTopSnapshot(s: TopSnapshot, o: { width: number; order: SortOrder; filter: Filter }): string {
  const rows = sortRows(filterRows(s.apps, o.filter), o.order);
  // No sort mark in the header: scripts read it.
  const table = appTable(o.width);
  const lines = [
    `apx top  ${new Date(s.at).toISOString()}  ${rows.length} application${rows.length === 1 ? '' : 's'}`,
    clusterLine(s.cluster),
    ...s.queues.map((q) => queueLine(q, s.cluster.totalMB)),
    table.header,
    ...rows.map(table.row),
  ];
  return `${lines.join('\n')}\n`;
}
