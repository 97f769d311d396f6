import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlob } from '../../src/services/glob.js';
import { tempDir } from '../helpers/mini.js';

describe('local globs, as Hadoop GlobPattern reads them', () => {
  it('*, ?, [..], [!..], {a,b} and \\ escapes, per path segment, files only, sorted', () => {
    const dir = tempDir('apx-glob-');
    for (const d of ['v1', 'v2', 'x']) fs.mkdirSync(path.join(dir, d));
    for (const f of ['v1/a.jar', 'v2/b.jar', 'x/c.jar', 'v1/a.txt', 'v1/star*.jar']) fs.writeFileSync(path.join(dir, f), f);
    fs.mkdirSync(path.join(dir, 'v1', 'dir.jar'));
    const rel = (p: string) => expandGlob(path.join(dir, p)).map((m) => path.relative(dir, m));
    expect(rel('v?/*.jar')).toEqual(['v1/a.jar', 'v1/star*.jar', 'v2/b.jar']);
    expect(rel('[!v]/*.jar')).toEqual(['x/c.jar']);
    expect(rel('{v2,x}/*.jar')).toEqual(['v2/b.jar', 'x/c.jar']);
    expect(rel('v1/star\\*.jar')).toEqual(['v1/star*.jar']);
    expect(rel('v1/a.[jt]*')).toEqual(['v1/a.jar', 'v1/a.txt']);
    expect(rel('nowhere/*.jar')).toEqual([]);
  });
});
