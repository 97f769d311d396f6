/**
 * Writes a node file the way YARN's TFile log aggregation does (LogAggregationTFileController →
 * AggregatedLogFormat.LogWriter → TFile/BCFile), for the mini cluster. The structure follows the
 * recorded files (shared/hadoop-3.3.6/aggregated-logs/files/, README "TFile node file"): the three
 * reserved records, one record per container, a new data block once a block's compressed size
 * reaches 256 KiB, values chunked as TFile's ChunkEncoder does, meta blocks TFile.meta (never compressed),
 * TFile.index and BCFile.index, the meta index sorted by name, then the trailer.
 * Built in memory: the mini cluster's logs are small.
 */
import zlib from 'node:zlib';
import { encodeString, encodeUtf, encodeVLong } from './byte-reader.js';
import { TFILE_MAGIC } from './tfile.js';

export interface ContainerLogs {
  id: string;
  /** In the order they are written (the NodeManager sorts a container's files by name). */
  files: { name: string; bytes: Buffer }[];
}

const BLOCK_MIN = 256 * 1024;
const CHUNK = 1024 * 1024;

/**
 * TFile's ChunkEncoder over a 1 MiB buffer, fed the way AggregatedLogFormat writes a container: one
 * write per writeUTF, and each file's bytes in reads of 65535. A write that does not fit the buffer
 * leaves as one chunk together with what was buffered; so the recorded big value is 1 054 877 + 65 335.
 */
function chunked(writes: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let buffered: Buffer[] = [];
  let count = 0;
  for (const w of writes) {
    if (CHUNK - count >= w.length) {
      buffered.push(w);
      count += w.length;
      continue;
    }
    out.push(encodeVLong(-(count + w.length)), ...buffered, w);
    buffered = [];
    count = 0;
  }
  out.push(encodeVLong(count), ...buffered);
  return out;
}

function record(key: string, writes: Buffer[]): Buffer[] {
  const k = encodeUtf(key);
  return [encodeVLong(k.length), k, ...chunked(writes)];
}

const READ = 65535;

function containerWrites(c: ContainerLogs): Buffer[] {
  return c.files.flatMap((f) => {
    const reads: Buffer[] = [];
    for (let at = 0; at < f.bytes.length; at += READ) reads.push(f.bytes.subarray(at, at + READ));
    return [encodeUtf(f.name), encodeUtf(String(f.bytes.length)), ...reads];
  });
}

function compress(raw: Buffer, compression: 'none' | 'gz'): Buffer {
  return compression === 'gz' ? zlib.deflateSync(raw) : raw;
}

function region(offset: number, compressed: number, raw: number): Buffer {
  return Buffer.concat([encodeVLong(offset), encodeVLong(compressed), encodeVLong(raw)]);
}

export function writeNodeFile(owner: string, containers: ContainerLogs[], compression: 'none' | 'gz' = 'none'): Buffer {
  return Buffer.concat(nodeFileParts(owner, containers, compression));
}

/**
 * The node file as a list of buffers, mostly views of the log bytes given (uncompressed), so a
 * large file can be written out without being assembled in memory.
 */
export function nodeFileParts(owner: string, containers: ContainerLogs[], compression: 'none' | 'gz' = 'none'): Buffer[] {
  const records: { key: string; bytes: Buffer[] }[] = [
    { key: 'VERSION', bytes: record('VERSION', [Buffer.from([0, 0, 0, 1])]) },
    { key: 'APPLICATION_ACL', bytes: record('APPLICATION_ACL', []) },
    { key: 'APPLICATION_OWNER', bytes: record('APPLICATION_OWNER', [encodeUtf(owner)]) },
    ...containers.map((c) => ({ key: c.id, bytes: record(c.id, containerWrites(c)) })),
  ];
  const parts: Buffer[] = [TFILE_MAGIC];
  let offset = TFILE_MAGIC.length;
  const blocks: { offset: number; compressed: number; raw: number; lastKey: string; count: number }[] = [];
  let pending: Buffer[] = [];
  let count = 0;
  const flush = (lastKey: string) => {
    const rawSize = pending.reduce((n, b) => n + b.length, 0);
    const data = compression === 'none' ? pending : [compress(Buffer.concat(pending), compression)];
    const size = data.reduce((n, b) => n + b.length, 0);
    blocks.push({ offset, compressed: size, raw: rawSize, lastKey, count });
    parts.push(...data);
    offset += size;
    pending = [];
    count = 0;
  };
  records.forEach((r, i) => {
    pending.push(...r.bytes);
    count++;
    // Hadoop starts a new block after the record that brings the block's compressed size to 256 KiB.
    const size = compression === 'none' ? pending.reduce((n, b) => n + b.length, 0) : compress(Buffer.concat(pending), compression).length;
    if (size >= BLOCK_MIN || i === records.length - 1) flush(r.key);
  });
  const metas: { name: string; compression: string; offset: number; compressed: number; raw: number }[] = [];
  const meta = (name: string, raw: Buffer, how: 'none' | 'gz') => {
    const data = compress(raw, how);
    metas.push({ name, compression: how, offset, compressed: data.length, raw: raw.length });
    parts.push(data);
    offset += data.length;
  };
  meta('TFile.meta', Buffer.concat([Buffer.from([0, 1, 0, 0]), encodeVLong(records.length), encodeString('')]), 'none');
  const first = encodeUtf('VERSION');
  const firstKey = Buffer.concat([encodeVLong(first.length), first]);
  const entries = blocks.map((b) => {
    const k = encodeUtf(b.lastKey);
    const entry = Buffer.concat([encodeVLong(k.length), k, encodeVLong(b.count)]);
    return Buffer.concat([encodeVLong(entry.length), entry]);
  });
  meta('TFile.index', Buffer.concat([encodeVLong(firstKey.length), firstKey, ...entries]), compression);
  meta('BCFile.index', Buffer.concat([encodeString(compression), encodeVLong(blocks.length), ...blocks.map((b) => region(b.offset, b.compressed, b.raw))]), compression);
  const metaIndexAt = offset;
  metas.sort((a, b) => (a.name < b.name ? -1 : 1));
  parts.push(encodeVLong(metas.length), ...metas.map((m) => Buffer.concat([encodeString(`data:${m.name}`), encodeString(m.compression), region(m.offset, m.compressed, m.raw)])));
  const trailer = Buffer.alloc(12);
  trailer.writeBigInt64BE(BigInt(metaIndexAt), 0);
  trailer.writeInt16BE(1, 8);
  trailer.writeInt16BE(0, 10);
  parts.push(trailer, TFILE_MAGIC);
  return parts;
}
