/** The STORED zip writer's limits and its CRC-32 for Node releases without zlib.crc32. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { tableCrc32, writeStoredZip } from '../../src/services/stored-zip.js';
import { STABLE_ZIP_TIME } from '../../src/spark/conf-archive.js';
import { tempDir } from '../helpers/mini.js';

describe('writeStoredZip', () => {
  it('refuses jars adding up to more than a zip without ZIP64 holds, before reading them, with what to do instead', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'huge.jar');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 4 * 2 ** 30 + 1); // sparse: nothing is written to disk
    const out = path.join(dir, 'out.zip');
    const error = await writeStoredZip([{ path: big, name: 'huge.jar' }], out, { mtime: STABLE_ZIP_TIME, mode: 0o644 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/more than a zip without ZIP64 records can hold/);
    expect((error as UsageError).hint).toMatch(/spark\.yarn\.archive/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('leaves no partial zip when interrupted', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.jar'), randomBytes(3 * 1024 * 1024));
    const out = path.join(dir, 'out.zip');
    const stop = new AbortController();
    stop.abort();
    await expect(writeStoredZip([{ path: path.join(dir, 'a.jar'), name: 'a.jar' }], out, { mtime: STABLE_ZIP_TIME, mode: 0o644, signal: stop.signal })).rejects.toThrow();
    expect(fs.existsSync(out)).toBe(false);
  });

  it('the table CRC-32 (Node 20 before 20.15) equals zlib\'s, also when chained over chunks', () => {
    const data = randomBytes(100_000);
    const native = (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32;
    expect(tableCrc32(data)).toBe(native(data));
    expect(tableCrc32(data.subarray(40_000), tableCrc32(data.subarray(0, 40_000)))).toBe(native(data));
    expect(tableCrc32(Buffer.alloc(0))).toBe(0);
  });
});
