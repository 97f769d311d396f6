/** A series as a one-line chart of block characters, scaled between its own minimum and maximum. */
const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], width: number): string {
  const shown = values.filter(Number.isFinite).slice(-Math.max(0, width));
  if (shown.length === 0) return '';
  const min = Math.min(...shown);
  const max = Math.max(...shown);
  const span = max - min;
  return shown.map((v) => BLOCKS[span === 0 ? 3 : Math.round(((v - min) / span) * (BLOCKS.length - 1))]).join('');
}
