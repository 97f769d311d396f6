/** A local file as a ByteSource (tests, the bench, and files a user copied out of HDFS). */
import fs from 'node:fs';
import type { ByteSource } from './tfile.js';

export function localSource(path: string): ByteSource {
  const size = fs.statSync(path).size;
  return {
    size,
    range: (offset, length) => (length === 0 ? (async function* () {})() : fs.createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: 1 << 20 })),
  };
}
