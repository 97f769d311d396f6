/**
 * A streaming reader of Hadoop's TFile (on BCFile), the container of YARN's aggregated logs
 * (LogAggregationTFileController). Layout, per BCFile.java / TFile.java and checked on the recorded
 * files (shared/hadoop-3.3.6/aggregated-logs/README.md): 16-byte magic | data blocks | meta blocks |
 * meta index | int64 offset of the meta index | version (int16 major, int16 minor) | magic.
 * Only the tail and the small index blocks are read whole; each data block is streamed (through
 * zlib for `gz`) into its records, so a file of any size is read in flat memory.
 */
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { ByteReader } from './byte-reader.js';

export const TFILE_MAGIC = Buffer.from('d111d36891b5d7b639df414092bae150', 'hex');
const TRAILER = 8 + 4 + TFILE_MAGIC.length;

/** Random access to a file's bytes: a local file, or WebHDFS OPEN with offset and length. */
export interface ByteSource {
  size: number;
  range(offset: number, length: number): AsyncIterable<Buffer>;
  /** A new range costs next to nothing (a local file): read in small windows and seek past what is not wanted. */
  cheapSeeks?: boolean;
}

export interface BlockRegion {
  offset: number;
  compressedSize: number;
  rawSize: number;
}

export interface TFileLayout {
  compression: string;
  dataBlocks: BlockRegion[];
}

/** A file that is not a TFile (or was cut short): said in terms of the file, not of the parser. */
export class NotTFileError extends Error {}

async function readRange(source: ByteSource, offset: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source.range(offset, length)) parts.push(chunk);
  const all = Buffer.concat(parts);
  if (all.length !== length) throw new NotTFileError(`short read: ${all.length} of ${length} bytes at ${offset}`);
  return all;
}

function readerOf(buf: Buffer): ByteReader {
  let given = false;
  return new ByteReader(async () => (given ? null : ((given = true), buf)));
}

async function region(r: ByteReader): Promise<BlockRegion> {
  return { offset: await r.vlong(), compressedSize: await r.vlong(), rawSize: await r.vlong() };
}

/** Reads the trailer, the meta index and BCFile.index: where the data blocks are and how they are compressed. */
export async function readLayout(source: ByteSource): Promise<TFileLayout> {
  if (source.size < TFILE_MAGIC.length + TRAILER) throw new NotTFileError(`too short for a TFile (${source.size} bytes)`);
  const head = await readRange(source, 0, TFILE_MAGIC.length);
  const tail = await readRange(source, source.size - TRAILER, TRAILER);
  if (!head.equals(TFILE_MAGIC) || !tail.subarray(12).equals(TFILE_MAGIC)) throw new NotTFileError('no TFile magic number at its start and end');
  const metaIndexAt = Number(tail.readBigInt64BE(0));
  const major = tail.readInt16BE(8);
  if (major !== 1) throw new NotTFileError(`BCFile version ${major}.${tail.readInt16BE(10)} (only 1.x is known)`);
  if (metaIndexAt < TFILE_MAGIC.length || metaIndexAt > source.size - TRAILER) throw new NotTFileError(`meta index offset ${metaIndexAt} is outside the file`);
  const metaIndex = readerOf(await readRange(source, metaIndexAt, source.size - TRAILER - metaIndexAt));
  const metas = new Map<string, { compression: string; region: BlockRegion }>();
  for (let n = await metaIndex.vlong(); n > 0; n--) {
    const name = (await metaIndex.string()) ?? '';
    const compression = (await metaIndex.string()) ?? 'none';
    metas.set(name.replace(/^data:/, ''), { compression, region: await region(metaIndex) });
  }
  const index = metas.get('BCFile.index');
  if (!index) throw new NotTFileError('no BCFile.index meta block');
  const r = ByteReader.of(blockBytes(source, index.region, index.compression));
  const compression = (await r.string()) ?? 'none';
  const dataBlocks: BlockRegion[] = [];
  for (let n = await r.vlong(); n > 0; n--) dataBlocks.push(await region(r));
  // Read to its end, so the range behind it (an open file, a socket) is closed now, not at GC.
  await r.drain();
  return { compression, dataBlocks };
}

/** Over HTTP a new range costs two requests (WebHDFS OPEN, then the DataNode): only worth it past this. */
const SEEK_MIN = 1 << 20;
/** With cheap seeks, reads start small after each seek and double while reading on, up to the max. */
const WINDOW_MIN = 64 * 1024;
const WINDOW_MAX = 8 * 1024 * 1024;

/**
 * A block's bytes as a ByteReader. Uncompressed blocks can seek: a skip of a MiB or more (a log file
 * nobody asked for, the head of a file shown with --size -N) starts a new range past it instead of
 * reading it, as Hadoop's own reader seeks. A gz block has to be inflated through.
 */
export function blockReader(source: ByteSource, block: BlockRegion, compression: string): ByteReader {
  if (compression !== 'none') return ByteReader.of(blockBytes(source, block, compression));
  const end = block.offset + block.compressedSize;
  let pos = block.offset;
  let it: AsyncIterator<Buffer> | undefined;
  let window = WINDOW_MIN;
  const close = async () => {
    await it?.return?.();
    it = undefined;
  };
  const pull = async (): Promise<Buffer | null> => {
    for (;;) {
      if (pos >= end) {
        await close();
        return null;
      }
      if (!it) {
        it = source.range(pos, source.cheapSeeks ? Math.min(window, end - pos) : end - pos)[Symbol.asyncIterator]();
        window = Math.min(window * 2, WINDOW_MAX);
      }
      const next = await it.next();
      if (next.done) {
        it = undefined;
        if (!source.cheapSeeks) return null;
        continue;
      }
      pos += next.value.length;
      return next.value;
    }
  };
  const skipper = async (n: number): Promise<number> => {
    if (!source.cheapSeeks && n < SEEK_MIN) return 0;
    const k = Math.min(n, end - pos);
    await close();
    window = WINDOW_MIN;
    pos += k;
    return k;
  };
  return new ByteReader(pull, skipper);
}

/** A block's raw (decompressed) bytes as a stream. `gz` is zlib's deflate stream (Hadoop's DefaultCodec). */
export function blockBytes(source: ByteSource, block: BlockRegion, compression: string): AsyncIterable<Buffer> {
  const raw = source.range(block.offset, block.compressedSize);
  if (compression === 'none') return raw;
  if (compression === 'gz') return Readable.from(raw).pipe(zlib.createInflate());
  throw new NotTFileError(`compression "${compression}" (apx reads none and gz, the ones YARN's log aggregation writes by default)`);
}

/**
 * One record's value as a readable stream of bytes. TFile writes values in chunks: VInt n, n < 0 means
 * −n bytes and more chunks follow, n ≥ 0 is the last chunk (TFile.java ChunkEncoder/ChunkDecoder).
 */
export function chunkedValue(r: ByteReader): ByteReader {
  let left = 0;
  let last = false;
  let started = false;
  // Skipping inside the current chunk passes to the block below (which may seek past it).
  const skipper = async (n: number): Promise<number> => {
    const k = Math.min(n, left);
    if (k > 0) {
      await r.skip(k);
      left -= k;
    }
    return k;
  };
  const value = new ByteReader(async () => {
    while (left === 0) {
      if (started && last) return null;
      started = true;
      const n = await r.vlong();
      last = n >= 0;
      left = Math.abs(n);
    }
    const bytes = await r.upTo(left);
    if (bytes.length === 0) throw new NotTFileError('a value ends before its chunk does');
    left -= bytes.length;
    return bytes;
  }, skipper);
  return value;
}

/** Every record of every data block, in file order: the key bytes and a reader of the value, which must be read or drained before the next. */
export async function* records(source: ByteSource, layout?: TFileLayout): AsyncGenerator<{ key: Buffer; value: ByteReader }> {
  const { compression, dataBlocks } = layout ?? (await readLayout(source));
  for (const block of dataBlocks) {
    const r = blockReader(source, block, compression);
    while (await r.more()) {
      const key = Buffer.from(await r.exact(await r.vlong()));
      const value = chunkedValue(r);
      yield { key, value };
      await value.drain();
    }
  }
}
