/** Fitting text to a terminal's width without losing the parts people copy (URLs, ids, states). */

/**
 * Word-wraps `text` to `width` columns: breaks at spaces, never inside a word unless the word alone is
 * longer than the line (then it is split, not cut). Continuation lines start with `indent`.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  // The text's own leading indentation stays on its first line.
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = '';
  const room = () => width - (out.length ? indent.length : lead.length);
  const push = () => {
    out.push(out.length ? indent + line : lead + line);
    line = '';
  };
  for (const word of text.slice(lead.length).split(/ +/)) {
    if (!word) continue;
    if (line && line.length + 1 + word.length <= room()) {
      line += ` ${word}`;
      continue;
    }
    if (line) push();
    let rest = word;
    while (rest.length > Math.max(1, room())) {
      line = rest.slice(0, Math.max(1, room()));
      rest = rest.slice(line.length);
      push();
    }
    line = rest;
  }
  if (line || out.length === 0) push();
  return out;
}

/** A URL on lines of at most `width` columns: whole when it fits, split (never cut) when it does not. */
export function splitUrl(url: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (let i = 0; i < url.length; i += w) out.push(url.slice(i, i + w));
  return out.length ? out : [''];
}
