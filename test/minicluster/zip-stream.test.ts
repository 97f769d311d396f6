/**
 * The mini NodeManager's zip reader must say what the JDK's ZipInputStream says (a Hadoop 3.3.6
 * NodeManager unpacks .zip/.jar ARCHIVE resources with it): the same entries and bytes for a good
 * archive, the same exception for a bad one. Judged by the real JDK on archives from yazl, apx's
 * writers, Info-ZIP `zip`, the JDK's own `jar`, and damaged copies.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { readZipStream, ZipStreamError } from '../../src/minicluster/zip-stream.js';
import { writeStoredZip } from '../../src/services/stored-zip.js';
import { STABLE_ZIP_TIME, zipEntries } from '../../src/spark/conf-archive.js';
import { readWithJdk, type JdkVerdict } from '../helpers/jdk.js';
import { tempDir } from '../helpers/mini.js';

function miniVerdict(data: Buffer): JdkVerdict {
  try {
    const entries = readZipStream(data).map((e) => ({ name: e.name, size: e.data.length, sha256: createHash('sha256').update(e.data).digest('hex') }));
    return { ok: true, entries };
  } catch (e) {
    if (!(e instanceof ZipStreamError)) throw e;
    return { ok: false, error: e.toString() };
  }
}

function yazlZip(files: Map<string, Buffer>, compress: boolean): Promise<Buffer> {
  const dir = tempDir();
  const zip = new yazl.ZipFile();
  for (const [name, data] of files) {
    fs.writeFileSync(path.join(dir, name.replace(/\//g, '_')), data);
    zip.addFile(path.join(dir, name.replace(/\//g, '_')), name, { compress, mtime: STABLE_ZIP_TIME });
  }
  zip.addEmptyDirectory('conf/');
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

async function storedZip(files: Map<string, Buffer>): Promise<Buffer> {
  const dir = tempDir();
  for (const [name, data] of files) fs.writeFileSync(path.join(dir, name), data);
  const out = path.join(tempDir(), 'out.zip');
  await writeStoredZip([...files.keys()].map((n) => ({ path: path.join(dir, n), name: n })), out, { mtime: STABLE_ZIP_TIME, mode: 0o644 });
  return fs.readFileSync(out);
}

/** Info-ZIP's zip (deflate, directories) and the JDK's jar (deflate, data descriptors, a manifest). */
function toolZips(): { name: string; data: Buffer }[] {
  const src = tempDir();
  fs.mkdirSync(path.join(src, 'lib'));
  fs.writeFileSync(path.join(src, 'lib', 'a.txt'), 'x'.repeat(50_000));
  fs.writeFileSync(path.join(src, 'b.bin'), randomBytes(80_000));
  const out = tempDir();
  execFileSync('zip', ['-q', '-r', path.join(out, 'infozip.zip'), 'lib', 'b.bin'], { cwd: src });
  execFileSync('jar', ['cf', path.join(out, 'tool.jar'), '-C', src, '.']);
  return ['infozip.zip', 'tool.jar'].map((name) => ({ name, data: fs.readFileSync(path.join(out, name)) }));
}

function damaged(data: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(data);
  copy[at] = value;
  return copy;
}

describe('mini NodeManager zip reader vs the JDK ZipInputStream', () => {
  it('agrees on good archives, damaged ones, and files that are no zip at all', async () => {
    const files = new Map([['spark-core.jar', randomBytes(70_000)], ['README', Buffer.from('hello\n')]]);
    const stored = await storedZip(files);
    const deflated = await zipEntries(files);
    const cases: { name: string; data: Buffer }[] = [
      { name: 'yazl STORED streamed (data descriptor)', data: await yazlZip(files, false) },
      { name: 'yazl DEFLATED streamed (data descriptor)', data: await yazlZip(files, true) },
      { name: 'apx stored zip', data: stored },
      { name: 'apx zipEntries (deflated, sizes known)', data: deflated },
      ...toolZips(),
      { name: 'stored, one data byte changed (CRC)', data: damaged(stored, 30 + 'spark-core.jar'.length + 1000, (stored[30 + 'spark-core.jar'.length + 1000] as number) ^ 0xff) },
      { name: 'stored, cut in the middle of the data', data: stored.subarray(0, 5000) },
      { name: 'deflated, cut in the middle of the data', data: deflated.subarray(0, 2000) },
      { name: 'encrypted flag set', data: damaged(stored, 6, (stored[6] as number) | 1) },
      { name: 'unknown compression method', data: damaged(stored, 8, 12) },
      { name: 'not a zip at all', data: Buffer.from('#!/bin/sh\necho this is a shell script named .zip\n') },
    ];
    for (const c of cases) {
      const file = path.join(tempDir(), 'case.zip');
      fs.writeFileSync(file, c.data);
      expect(miniVerdict(c.data), c.name).toEqual(await readWithJdk(file));
    }
  });
});
