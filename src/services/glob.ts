/**
 * Local path globs as Hadoop's GlobPattern reads them (*, ?, [abc], [!abc], {a,b}, \ escapes), one
 * path segment at a time: what spark-submit's resolveGlobPaths matches on the local file system.
 * (Node 20 has no fs.glob.)
 */
import fs from 'node:fs';
import path from 'node:path';

export function hasGlob(p: string): boolean {
  return /[*?[{]/.test(p);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function segmentRegExp(segment: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '\\' && i + 1 < segment.length) re += escapeRe(segment[++i] as string);
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[' && segment.indexOf(']', i + 2) > i) {
      const end = segment.indexOf(']', i + 2);
      const body = segment.slice(i + 1, end).replace(/\\/g, '\\\\');
      re += `[${body.startsWith('!') || body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else if (c === '{') {
      re += '(?:';
      braces++;
    } else if (c === '}' && braces > 0) {
      re += ')';
      braces--;
    } else if (c === ',' && braces > 0) re += '|';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}${')'.repeat(braces)}$`);
}

/** The files (not directories) an absolute pattern matches, sorted. */
export function expandGlob(absolute: string): string[] {
  let candidates = [path.parse(absolute).root];
  for (const segment of absolute.split(path.sep).filter(Boolean)) {
    if (!hasGlob(segment)) {
      candidates = candidates.map((c) => path.join(c, segment));
      continue;
    }
    const re = segmentRegExp(segment);
    candidates = candidates.flatMap((dir) => {
      try {
        return fs.readdirSync(dir).filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
      } catch {
        return [];
      }
    });
  }
  return candidates.filter((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}
