/** Spark's REST API prints with Jackson's default pretty printer: `"key" : value`, `[ ]`, `{ }`. */
export function sparkPretty(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/^(\s*"[^"]*"):/gm, '$1 :')
    .replace(/\[\]/g, '[ ]')
    .replace(/\{\}/g, '{ }')
    .replace(/\[\n\s*\{/g, '[ {')
    .replace(/\}\n\s*\]/g, '} ]')
    .replace(/\},\n\s*\{/g, '}, {');
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
