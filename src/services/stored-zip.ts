/**
 * A zip of STORED entries that a Hadoop NodeManager can unpack. The NodeManager unpacks an ARCHIVE
 * resource while streaming it through java.util.zip.ZipInputStream (FSDownload.unpack →
 * FileUtil.unZip / RunJar.unJar), which refuses a STORED entry whose CRC-32 and sizes follow the
 * data in a data descriptor: "only DEFLATED entries can have EXT descriptor", and every attempt
 * exits -1000 (recorded: shared/hadoop-3.3.6/localization/). yazl writes exactly that for any file
 * it streams, so these entries are written here with CRC-32 and sizes in the local header (flag
 * bit 3 clear) and no data descriptor. The CRC is computed while a file is copied and then written
 * back into its header, so each file is read once.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { UsageError } from '../errors.js';

export interface StoredFile {
  /** The file on disk. */
  path: string;
  /** Its name inside the zip. */
  name: string;
}

export interface StoredZipOptions {
  /** Every entry's time (a fixed one gives equal bytes for equal content). */
  mtime: Date;
  /** Unix permission bits of every entry. */
  mode: number;
  signal?: AbortSignal;
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const UTF8_NAMES = 1 << 11;
const VERSION_NEEDED = 20;
const MADE_BY_UNIX = (3 << 8) | 20;
const STORED = 0;
/** Without ZIP64 records no offset or size may reach 0xffffffff, and there are at most 0xffff entries. */
const MAX_ZIP32 = 0xfffffffe;
const MAX_ENTRIES = 0xffff;
const COPY_CHUNK = 1024 * 1024;

type Crc32 = (data: Uint8Array, previous?: number) => number;

/** zlib.crc32 (Node ≥ 20.15) where present; the table-driven CRC-32 for older Node 20 releases. */
export const crc32: Crc32 = (zlib as unknown as { crc32?: Crc32 }).crc32 ?? tableCrc32;

let table: Uint32Array | undefined;
export function tableCrc32(data: Uint8Array, previous = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** MS-DOS time and date fields, from the UTC clock so that the bytes do not depend on the time zone. */
function dosDateTime(d: Date): { time: number; date: number } {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return { time, date };
}

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

function localHeader(name: Buffer, size: number, when: { time: number; date: number }): Buffer {
  const h = Buffer.alloc(LOCAL_HEADER);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(VERSION_NEEDED, 4);
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(STORED, 8);
  h.writeUInt16LE(when.time, 10);
  h.writeUInt16LE(when.date, 12);
  // CRC-32 at 14 is written once the data has been copied.
  h.writeUInt32LE(size, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  return h;
}

function centralHeader(e: Written, when: { time: number; date: number }, mode: number): Buffer {
  const h = Buffer.alloc(CENTRAL_HEADER);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(MADE_BY_UNIX, 4);
  h.writeUInt16LE(VERSION_NEEDED, 6);
  h.writeUInt16LE(UTF8_NAMES, 8);
  h.writeUInt16LE(STORED, 10);
  h.writeUInt16LE(when.time, 12);
  h.writeUInt16LE(when.date, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.size, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
  h.writeUInt32LE(e.offset, 42);
  return h;
}

function endRecord(entries: number, centralSize: number, centralOffset: number): Buffer {
  const h = Buffer.alloc(END_RECORD);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(entries, 8);
  h.writeUInt16LE(entries, 10);
  h.writeUInt32LE(centralSize, 12);
  h.writeUInt32LE(centralOffset, 16);
  return h;
}

/** Refuses, before writing anything, a set of files that would need ZIP64 (which this writer does not write). */
function checkFits(files: { name: Buffer; size: number }[]): void {
  const total = files.reduce((sum, f) => sum + LOCAL_HEADER + CENTRAL_HEADER + 2 * f.name.length + f.size, END_RECORD);
  if (files.length > MAX_ENTRIES || total > MAX_ZIP32) {
    throw new UsageError(
      `the jars add up to ${(total / 2 ** 30).toFixed(1)} GiB in ${files.length} files, more than a zip without ZIP64 records can hold (4 GiB, 65535 files)`,
      'Upload the Spark jars to the cluster once and set spark.yarn.archive (or spark.yarn.jars) to them.',
    );
  }
}

/** Copies `file` to `out` at `position`; answers its CRC-32 and length. */
async function copyWithCrc(file: string, out: fs.promises.FileHandle, position: number, signal?: AbortSignal): Promise<{ crc: number; length: number }> {
  const src = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(COPY_CHUNK);
    let crc = 0;
    let length = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await src.read(buf, 0, COPY_CHUNK, null);
      if (bytesRead === 0) return { crc, length };
      const chunk = buf.subarray(0, bytesRead);
      crc = crc32(chunk, crc);
      await out.write(chunk, 0, bytesRead, position + length);
      length += bytesRead;
    }
  } finally {
    await src.close();
  }
}

/** Writes `files`, in the order given, as a zip of STORED entries that java.util.zip.ZipInputStream accepts. */
export async function writeStoredZip(files: StoredFile[], out: string, options: StoredZipOptions): Promise<void> {
  const when = dosDateTime(options.mtime);
  const planned = await Promise.all(files.map(async (f) => ({ ...f, name: Buffer.from(f.name, 'utf8'), size: (await fs.promises.stat(f.path)).size })));
  checkFits(planned);
  const fd = await fs.promises.open(out, 'w');
  let complete = false;
  try {
    const written: Written[] = [];
    let offset = 0;
    for (const f of planned) {
      const header = localHeader(f.name, f.size, when);
      await fd.write(Buffer.concat([header, f.name]), 0, LOCAL_HEADER + f.name.length, offset);
      const { crc, length } = await copyWithCrc(f.path, fd, offset + LOCAL_HEADER + f.name.length, options.signal);
      if (length !== f.size) throw new UsageError(`${f.path} changed while it was being zipped (${f.size} bytes before, ${length} after)`, 'Run apx again once nothing writes to the jars.');
      const crcField = Buffer.alloc(4);
      crcField.writeUInt32LE(crc, 0);
      await fd.write(crcField, 0, 4, offset + 14);
      written.push({ name: f.name, crc, size: f.size, offset });
      offset += LOCAL_HEADER + f.name.length + f.size;
    }
    const central = Buffer.concat(written.flatMap((e) => [centralHeader(e, when, options.mode), e.name]));
    const tail = Buffer.concat([central, endRecord(written.length, central.length, offset)]);
    await fd.write(tail, 0, tail.length, offset);
    complete = true;
  } finally {
    await fd.close();
    // Interrupted (Ctrl-C) or a jar changed under us: leave no half zip behind.
    if (!complete) await fs.promises.rm(out, { force: true });
  }
}
