/**
 * `apx list` as a table that fits the terminal: the name gives way first (cut with …), then the
 * less telling columns leave (STARTED, USER, QUEUE, ELAPSED). The id, the state and the final
 * status are never cut or dropped: they are what people copy and read together.
 */
import type { AppReport } from '../../yarn/types.js';
import { duration } from '../format/units.js';

type Column = 'APPLICATION ID' | 'NAME' | 'USER' | 'QUEUE' | 'STATE' | 'FINAL' | 'STARTED' | 'ELAPSED';

const COLUMNS: Column[] = ['APPLICATION ID', 'NAME', 'USER', 'QUEUE', 'STATE', 'FINAL', 'STARTED', 'ELAPSED'];
/** Dropped in this order while the table is too wide. */
const DROPPABLE: Column[] = ['STARTED', 'USER', 'QUEUE', 'ELAPSED'];
const GAP = 2;
const MIN_NAME = 8;
const TINY_NAME = 4;

function cells(r: AppReport): Record<Column, string> {
  const started = r.startedTime ? new Date(r.startedTime) : undefined;
  return {
    'APPLICATION ID': r.id, NAME: r.name, USER: r.user, QUEUE: r.queue, STATE: r.state, FINAL: r.finalStatus,
    STARTED: started ? `${started.toISOString().slice(5, 10)} ${started.toTimeString().slice(0, 5)}` : '-',
    ELAPSED: duration(r.elapsedTime),
  };
}

/** The columns kept and their widths, so that the table is at most `width` wide when it can be. */
function fitColumns(rows: Record<Column, string>[], width: number): [Column, number][] {
  const natural = (c: Column) => Math.max(c.length, ...rows.map((r) => r[c].length));
  let kept = [...COLUMNS];
  const others = () => kept.filter((c) => c !== 'NAME').reduce((a, c) => a + natural(c), 0) + GAP * (kept.length - 1);
  for (const drop of DROPPABLE) {
    if (others() + Math.min(MIN_NAME, natural('NAME')) <= width) break;
    kept = kept.filter((c) => c !== drop);
  }
  const nameWidth = Math.min(natural('NAME'), Math.max(TINY_NAME, width - others()));
  return kept.map((c) => [c, c === 'NAME' ? nameWidth : natural(c)]);
}

export function formatAppTable(apps: AppReport[], width: number): string {
  if (apps.length === 0) return 'no applications match\n';
  const rows = apps.map(cells);
  const columns = fitColumns(rows, width);
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w));
  const line = (cellOf: (c: Column) => string) => columns.map(([c, w]) => fit(cellOf(c), w)).join(' '.repeat(GAP)).trimEnd();
  return `${[line((c) => c), ...rows.map((r) => line((c) => r[c]))].join('\n')}\n`;
}
