/**
 * Reads a zip the way a Hadoop NodeManager unpacks a .zip/.jar ARCHIVE resource: streaming, with the
 * rules of the JDK's java.util.zip.ZipInputStream (used by FileUtil.unZip(InputStream, File) and
 * RunJar.unJar(InputStream, File, Pattern)), never looking at the central directory. That is why a
 * zip that unzip and yauzl accept can fail localization (shared/hadoop-3.3.6/localization/).
 * Followed: JDK 17 ZipInputStream.readLOC / read / readEnd, message for message.
 */
import zlib from 'node:zlib';
import { crc32 } from '../services/stored-zip.js';

/** What the JDK throws (java.util.zip.ZipException or java.io.EOFException), with its message. */
export class ZipStreamError extends Error {
  constructor(readonly javaClass: string, message: string) {
    super(message);
  }

  override toString(): string {
    return `${this.javaClass}${this.message ? `: ${this.message}` : ''}`;
  }
}

export interface StreamedEntry {
  name: string;
  data: Buffer;
  directory: boolean;
}

const LOCSIG = 0x04034b50;
const EXTSIG = 0x08074b50;
const LOCHDR = 30;
const ZIP64_MAGIC = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;

const zipError = (message: string) => new ZipStreamError('java.util.zip.ZipException', message);
const eof = (message = '') => new ZipStreamError('java.io.EOFException', message);
const hex = (n: number) => `0x${n.toString(16)}`;

interface LocalHeader {
  name: string;
  flag: number;
  method: number;
  crc: number;
  csize: number;
  size: number;
  dataStart: number;
}

/** A ZIP64 extra field in a local header carries both sizes (JDK ZipEntry.setExtra0, isLOC). */
function zip64Sizes(extra: Buffer): { size: number; csize: number } | undefined {
  for (let off = 0; off + 4 <= extra.length; ) {
    const tag = extra.readUInt16LE(off);
    const len = extra.readUInt16LE(off + 2);
    if (tag === 0x0001 && len >= 16 && off + 4 + 16 <= extra.length) {
      return { size: Number(extra.readBigUInt64LE(off + 4)), csize: Number(extra.readBigUInt64LE(off + 12)) };
    }
    off += 4 + len;
  }
  return undefined;
}

/** ZipInputStream.readLOC: undefined at the end (no more bytes, or anything but a local header signature). */
function readLocalHeader(data: Buffer, pos: number): LocalHeader | undefined {
  if (pos + LOCHDR > data.length || data.readUInt32LE(pos) !== LOCSIG) return undefined;
  const flag = data.readUInt16LE(pos + 6);
  const nameLength = data.readUInt16LE(pos + 26);
  const extraLength = data.readUInt16LE(pos + 28);
  if (pos + LOCHDR + nameLength > data.length) throw eof();
  const name = data.toString('utf8', pos + LOCHDR, pos + LOCHDR + nameLength);
  if (flag & 1) throw zipError('encrypted ZIP entry not supported');
  const method = data.readUInt16LE(pos + 8);
  const h: LocalHeader = { name, flag, method, crc: -1, csize: -1, size: -1, dataStart: pos + LOCHDR + nameLength + extraLength };
  if (flag & 8) {
    // The one rule that decides Spark's __spark_libs__.zip: sizes after the data only work for DEFLATED.
    if (method !== DEFLATED) throw zipError('only DEFLATED entries can have EXT descriptor');
  } else {
    h.crc = data.readUInt32LE(pos + 14);
    h.csize = data.readUInt32LE(pos + 18);
    h.size = data.readUInt32LE(pos + 22);
  }
  if (h.dataStart > data.length) throw eof();
  if (h.csize === ZIP64_MAGIC || h.size === ZIP64_MAGIC) {
    const sizes = zip64Sizes(data.subarray(pos + LOCHDR + nameLength, h.dataStart));
    if (sizes) Object.assign(h, sizes);
  }
  return h;
}

/** ZipInputStream.read for STORED: exactly `size` bytes, then the CRC. */
function readStored(data: Buffer, h: LocalHeader): { bytes: Buffer; next: number } {
  const end = h.dataStart + h.size;
  if (end > data.length) throw zipError('unexpected EOF');
  const bytes = data.subarray(h.dataStart, end);
  const crc = crc32(bytes);
  if (h.size > 0 && crc !== h.crc) throw zipError(`invalid entry CRC (expected ${hex(h.crc)} but got ${hex(crc)})`);
  return { bytes, next: end };
}

/** ZipInputStream.read/readEnd for DEFLATED: inflate to the stream's end, then the data descriptor if flagged, then the checks. */
function readDeflated(data: Buffer, h: LocalHeader): { bytes: Buffer; next: number } {
  let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    inflated = zlib.inflateRawSync(data.subarray(h.dataStart), { info: true }) as unknown as typeof inflated;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_BUF_ERROR') throw eof('Unexpected end of ZLIB input stream');
    throw zipError(err.message);
  }
  const bytes = inflated.buffer;
  const consumed = inflated.engine.bytesWritten;
  let next = h.dataStart + consumed;
  let { crc, csize, size } = h;
  if (h.flag & 8) {
    const zip64 = bytes.length > ZIP64_MAGIC || consumed > ZIP64_MAGIC;
    const fields = zip64 ? 20 : 12;
    const signed = next + 4 <= data.length && data.readUInt32LE(next) === EXTSIG;
    const at = signed ? next + 4 : next;
    if (at + fields > data.length) throw eof();
    crc = data.readUInt32LE(at);
    csize = zip64 ? Number(data.readBigUInt64LE(at + 4)) : data.readUInt32LE(at + 4);
    size = zip64 ? Number(data.readBigUInt64LE(at + 12)) : data.readUInt32LE(at + 8);
    next = at + fields;
  }
  if (size !== bytes.length) throw zipError(`invalid entry size (expected ${size} but got ${bytes.length} bytes)`);
  if (csize !== consumed) throw zipError(`invalid entry compressed size (expected ${csize} but got ${consumed} bytes)`);
  const actual = crc32(bytes);
  if (crc !== actual) throw zipError(`invalid entry CRC (expected ${hex(crc)} but got ${hex(actual)})`);
  return { bytes, next };
}

/**
 * Every entry from the first local header on, as ZipInputStream's getNextEntry/read loop sees them.
 * Like the JDK, bytes that are not a local header end the archive quietly (a file that is no zip at
 * all unpacks to nothing); a broken entry throws the JDK's exception. Directory entries are read
 * (and checked) too, as closeEntry does, and returned with `directory` set.
 */
export function readZipStream(data: Buffer): StreamedEntry[] {
  const entries: StreamedEntry[] = [];
  for (let pos = 0; ; ) {
    const h = readLocalHeader(data, pos);
    if (!h) return entries;
    let read: { bytes: Buffer; next: number };
    if (h.method === STORED) read = readStored(data, h);
    else if (h.method === DEFLATED) read = readDeflated(data, h);
    else throw zipError('invalid compression method');
    entries.push({ name: h.name, data: read.bytes, directory: h.name.endsWith('/') });
    pos = read.next;
  }
}

/** The files of a zip (directories left out), as FileUtil.unZip writes them. */
export function unzipFiles(data: Buffer): Map<string, Buffer> {
  return new Map(readZipStream(data).filter((e) => !e.directory).map((e) => [e.name, e.data]));
}
