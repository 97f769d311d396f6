/**
 * Reads the recorded exchanges in test/fixtures/hadoop-3.3.6: either `### request` / `### response`
 * files, or raw responses (spark-app/). Several responses may follow each other (100 Continue, a
 * followed redirect); `final` is the last one.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'hadoop-3.3.6');

export interface RecordedResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface Recording {
  request?: { method: string; target: string; headers: Record<string, string>; body: string };
  responses: RecordedResponse[];
  final: RecordedResponse;
}

function parseHeaders(lines: string[]): Record<string, string> {
  const h: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) h[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return h;
}

export function loadRecording(name: string): Recording {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8').replace(/\r\n/g, '\n');
  let request: Recording['request'];
  let responseText = text;
  if (text.startsWith('### request')) {
    const [reqPart, resPart] = text.slice('### request\n'.length).split(/\n### response\n/);
    const [head, ...rest] = (reqPart ?? '').split('\n\n');
    const [line, ...hlines] = (head ?? '').split('\n');
    const [method, ...target] = (line ?? '').split(' ');
    request = { method: method ?? 'GET', target: target.join(' '), headers: parseHeaders(hlines), body: rest.join('\n\n').trim() };
    responseText = resPart ?? '';
  }
  const responses: RecordedResponse[] = [];
  const parts = responseText.split(/(?=^HTTP\/1\.1 \d{3})/m).filter((p) => p.startsWith('HTTP/'));
  for (const part of parts) {
    const sep = part.indexOf('\n\n');
    const head = sep >= 0 ? part.slice(0, sep) : part;
    const body = sep >= 0 ? part.slice(sep + 2) : '';
    const [statusLine, ...hlines] = head.split('\n');
    const m = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(statusLine ?? '');
    responses.push({ status: Number(m?.[1]), statusText: m?.[2] ?? '', headers: parseHeaders(hlines), body: body.trim() });
  }
  const final = responses[responses.length - 1] as RecordedResponse;
  return { request, responses, final };
}

/** The set of key paths of a JSON value (arrays: the union over their elements), for shape comparison. */
export function shapeOf(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    out.add(`${prefix}[]`);
    for (const v of value) shapeOf(v, `${prefix}[]`, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(`${prefix}.${k}`);
      shapeOf(v, `${prefix}.${k}`, out);
    }
  }
  return out;
}

/** Key paths the recording has and the candidate lacks (ignoring those under `ignore` prefixes). */
export function missingKeys(recorded: unknown, actual: unknown, ignore: string[] = []): string[] {
  const have = shapeOf(actual);
  return [...shapeOf(recorded)].filter((k) => !have.has(k) && !ignore.some((p) => k.startsWith(p)));
}

/** Every key path with the JSON type found there (`number`, `string`, `object`, …): equal maps mean the same shape and types. */
export function typedShapeOf(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (prefix) out.set(prefix, type);
  if (Array.isArray(value)) for (const v of value) typedShapeOf(v, `${prefix}[]`, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) typedShapeOf(v, `${prefix}.${k}`, out);
  return out;
}
