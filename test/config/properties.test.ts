import { describe, expect, it } from 'vitest';
import { PropertiesSyntaxError, formatProperties, parseProperties } from '../../src/config/properties.js';

const map = (text: string) => Object.fromEntries(parseProperties(text).map((e) => [e.key, e.value]));

describe('Java properties (spark-defaults.conf syntax)', () => {
  it('reads k v, k=v and k:v with any whitespace around the separator', () => {
    expect(map('spark.a 1\nspark.b=2\nspark.c:3\nspark.d   =   4\nspark.e\t\t5\n')).toEqual({ 'spark.a': '1', 'spark.b': '2', 'spark.c': '3', 'spark.d': '4', 'spark.e': '5' });
  });

  it('skips # and ! comments and blank lines, and keeps = and : inside values', () => {
    expect(map('# comment\n  ! another\n\nspark.url=hdfs://nn:8020/a=b\n')).toEqual({ 'spark.url': 'hdfs://nn:8020/a=b' });
  });

  it('joins backslash continuations and drops the next line\'s leading whitespace', () => {
    expect(map('spark.driver.extraJavaOptions -Da=1 \\\n    -Db=2\nnext x')).toEqual({ 'spark.driver.extraJavaOptions': '-Da=1 -Db=2', next: 'x' });
  });

  it('keeps an escaped backslash at the end of a line as a backslash, not a continuation', () => {
    expect(map('path C:\\\\\nnext y')).toEqual({ path: 'C:\\', next: 'y' });
  });

  it('decodes \\uXXXX, \\t, \\n and escaped separators in keys', () => {
    expect(map('caf\\u00e9 cr\\u00e8me\\ttab\\nline\nkey\\ with\\=sep value')).toEqual({ 'café': 'crème\ttab\nline', 'key with=sep': 'value' });
  });

  it('reports a malformed \\u escape with its line', () => {
    expect(() => parseProperties('a 1\nb \\u12g4')).toThrow(PropertiesSyntaxError);
    try {
      parseProperties('a 1\nb \\u12g4');
    } catch (e) {
      expect((e as PropertiesSyntaxError).line).toBe(2);
    }
  });

  it('remembers the line each entry starts on', () => {
    expect(parseProperties('# c\n\na 1\nb \\\n 2\nc 3').map((e) => e.line)).toEqual([3, 4, 6]);
  });

  it('writes what it reads back unchanged, special characters included', () => {
    const entries: [string, string][] = [['spark.a', ' leading space'], ['key with=sep:x', 'v#!\\\n\t'], ['unicode', 'héllo ✓']];
    expect(parseProperties(formatProperties(entries, 'header')).map((e) => [e.key, e.value])).toEqual(entries);
  });
});
