/**
 * `apx top --json`: one JSON object per snapshot, one per line. Its shape (documented in README.md):
 * `{"type":"snapshot","at":…,"cluster":{…},"queues":[…],"apps":[…]}` with the apps sorted and
 * filtered as asked; memory in MB, times in ms, percentages 0–100.
 */
import { filterRows, sortRows, type Filter, type SortOrder, type TopSnapshot } from '../../services/top/snapshot.js';

export function topJsonLine(s: TopSnapshot, o: { order: SortOrder; filter: Filter }): string {
  return JSON.stringify({ type: 'snapshot', at: s.at, cluster: s.cluster, queues: s.queues, apps: sortRows(filterRows(s.apps, o.filter), o.order) });
}
