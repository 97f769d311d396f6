/** Spark's Utils.splitCommandString and time strings, used for extraJavaOptions and YARN intervals. */

/** Splits like a shell would (single/double quotes, backslash escapes), without expanding anything. */
export function splitCommandString(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** JavaUtils.timeStringAsMs: e.g. 1000, 1s, 5min, 1h (no unit = the given default). */
export function parseTimeMs(text: string, defaultUnit: 'ms' | 's' = 'ms'): number | undefined {
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const unit = TIME_UNITS[m[2] ?? defaultUnit];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}
