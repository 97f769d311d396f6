/**
 * Spark's REST API prints with Jackson's default pretty printer: objects indent two spaces a level,
 * arrays stay inline (`[ 0, 1 ]`, `[ {` … `} ]`), `"key" : value`, and empty ones are `[ ]` / `{ }`.
 */
export function sparkPretty(value: unknown, level = 0): string {
  if (Array.isArray(value)) return value.length ? `[ ${value.map((v) => sparkPretty(v, level)).join(', ')} ]` : '[ ]';
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (!entries.length) return '{ }';
    const pad = '  '.repeat(level + 1);
    return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)} : ${sparkPretty(v, level + 1)}`).join(',\n')}\n${'  '.repeat(level)}}`;
  }
  return JSON.stringify(value);
}

/** Spark's REST date format, e.g. 2026-11-24T03:06:37.044GMT. */
export function sparkDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', 'GMT');
}

/** The driver log's timestamp, e.g. 26/11/24 03:06:32. */
export function log4jTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
