/** `apx list` as a table that fits the terminal: the name column gives way first. */
import type { AppReport } from '../../yarn/types.js';
import { duration } from '../format/units.js';

const COLUMNS = ['APPLICATION ID', 'NAME', 'USER', 'QUEUE', 'STATE', 'FINAL', 'STARTED', 'ELAPSED'] as const;

function cells(r: AppReport): string[] {
  const started = r.startedTime ? new Date(r.startedTime) : undefined;
  return [
    r.id, r.name, r.user, r.queue, r.state, r.finalStatus,
    started ? `${started.toISOString().slice(5, 10)} ${started.toTimeString().slice(0, 5)}` : '-',
    duration(r.elapsedTime),
  ];
}

export function formatAppTable(apps: AppReport[], width: number): string {
  if (apps.length === 0) return 'no applications match\n';
  const rows = apps.map(cells);
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const total = () => widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
  const shrink = (i: number, min: number) => {
    const over = total() - width;
    if (over > 0) widths[i] = Math.max(min, (widths[i] as number) - over);
  };
  shrink(1, 8);
  shrink(3, 5);
  shrink(2, 4);
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w));
  const line = (r: readonly string[]) => r.map((c, i) => fit(c, widths[i] as number)).join('  ').trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n`;
}
