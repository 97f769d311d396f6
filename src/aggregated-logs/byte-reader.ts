/**
 * Pull-based reading of a byte stream without gathering it: a record parser asks for exactly what it
 * needs (a VLong, a UTF string, up to N bytes of a log), and the bytes of a log file pass through as
 * the chunks they arrived in. Integers follow Hadoop's TFile `Utils` (VInt/VLong) and Java's
 * DataInput (big-endian u16/i32, `writeUTF`).
 */
export type Pull = () => Promise<Buffer | null>;
/** Skips up to n bytes of what `pull` would give next without reading them (a seek); 0 when it cannot. */
export type Skipper = (n: number) => Promise<number>;

export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private ended = false;

  constructor(
    private readonly pull: Pull,
    private readonly skipper?: Skipper,
  ) {}

  static of(chunks: AsyncIterable<Buffer>): ByteReader {
    const it = chunks[Symbol.asyncIterator]();
    return new ByteReader(async () => {
      const next = await it.next();
      return next.done ? null : next.value;
    });
  }

  private get available(): number {
    return this.buf.length - this.pos;
  }

  /** False only once the stream is exhausted. */
  async more(): Promise<boolean> {
    while (this.available === 0 && !this.ended) await this.fill();
    return this.available > 0;
  }

  private async fill(): Promise<void> {
    const next = await this.pull();
    if (next === null) {
      this.ended = true;
      return;
    }
    if (this.available === 0) {
      this.buf = next;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), next]);
      this.pos = 0;
    }
  }

  /** Exactly n bytes (copied together only when they span chunks). */
  async exact(n: number): Promise<Buffer> {
    while (this.available < n) {
      if (this.ended) throw new TruncatedError(n, this.available);
      await this.fill();
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Up to n bytes, at least one unless the stream ended (then an empty buffer). */
  async upTo(n: number): Promise<Buffer> {
    if (!(await this.more())) return Buffer.alloc(0);
    const take = Math.min(n, this.available);
    const out = this.buf.subarray(this.pos, this.pos + take);
    this.pos += take;
    return out;
  }

  async byte(): Promise<number> {
    return (await this.exact(1)).readInt8(0);
  }

  async u16(): Promise<number> {
    return (await this.exact(2)).readUInt16BE(0);
  }

  async i32(): Promise<number> {
    return (await this.exact(4)).readInt32BE(0);
  }

  /** Java `DataInput.readUTF`: u16 length, then (modified) UTF-8. */
  async utf(): Promise<string> {
    return (await this.exact(await this.u16())).toString('utf8');
  }

  /** TFile `Utils.readVLong`. */
  async vlong(): Promise<number> {
    const first = await this.byte();
    if (first >= -32) return first;
    const kind = Math.trunc((first + 128) / 8);
    if (kind >= 7) return ((first + 52) << 8) | (await this.exact(1))[0]!;
    if (kind >= 3) return (first + 88) * 65536 + (await this.u16());
    if (kind >= 1) {
      const b = await this.exact(3);
      return (first + 112) * 16777216 + b.readUIntBE(0, 3);
    }
    const len = first + 129;
    if (len < 4 || len > 8) throw new Error(`corrupted VLong (first byte ${first})`);
    // Signed big-endian in `len` bytes; lengths up to 6 stay exact in a JS number.
    const b = await this.exact(len);
    if (len <= 6) return b.readIntBE(0, len);
    return Number(b.length === 8 ? b.readBigInt64BE(0) : BigInt.asIntN(56, BigInt(`0x${b.toString('hex')}`)));
  }

  /** TFile `Utils.readString`: VInt length (−1 = null), then UTF-8. */
  async string(): Promise<string | null> {
    const n = await this.vlong();
    return n < 0 ? null : (await this.exact(n)).toString('utf8');
  }

  /** Drops everything up to the end of the stream, seeking where the source can. */
  async drain(): Promise<void> {
    for (;;) {
      this.pos = this.buf.length;
      if (this.ended) return;
      const skipped = this.skipper ? await this.skipper(Number.MAX_SAFE_INTEGER) : 0;
      if (skipped === 0) await this.fill();
    }
  }

  /** Drops n bytes: what is buffered, then by seeking where the source can, else by reading through. */
  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.available > 0) {
        const take = Math.min(left, this.available);
        this.pos += take;
        left -= take;
        continue;
      }
      if (this.ended) throw new TruncatedError(n, n - left);
      const skipped = this.skipper ? await this.skipper(left) : 0;
      if (skipped > 0) left -= skipped;
      else await this.fill();
    }
  }
}

export class TruncatedError extends Error {
  constructor(wanted: number, got: number) {
    super(`the file ends early (wanted ${wanted} more bytes, got ${got})`);
  }
}

/** TFile `Utils.writeVLong`, for the files the mini cluster writes. */
export function encodeVLong(n: number): Buffer {
  if (n < 128 && n >= -32) return Buffer.from([n & 0xff]);
  if (n >= -20 * 256 && n < 20 * 256) {
    const b = Buffer.alloc(2);
    b[0] = (Math.floor(n / 256) - 52) & 0xff;
    b[1] = n & 0xff;
    return b;
  }
  if (n >= -16 * 65536 && n < 16 * 65536) {
    const b = Buffer.alloc(3);
    b[0] = (Math.floor(n / 65536) - 88) & 0xff;
    b.writeUInt16BE(n & 0xffff, 1);
    return b;
  }
  if (n >= -8 * 16777216 && n < 8 * 16777216) {
    const b = Buffer.alloc(4);
    b[0] = (Math.floor(n / 16777216) - 112) & 0xff;
    b.writeUIntBE(n & 0xffffff, 1, 3);
    return b;
  }
  for (const len of [4, 5, 6]) {
    const limit = 2 ** (len * 8 - 1);
    if (n >= -limit && n < limit) {
      const b = Buffer.alloc(len + 1);
      b[0] = (len - 129) & 0xff;
      b.writeIntBE(n, 1, len);
      return b;
    }
  }
  const b = Buffer.alloc(9);
  b[0] = (8 - 129) & 0xff;
  b.writeBigInt64BE(BigInt(n), 1);
  return b;
}

/** TFile `Utils.writeString`. */
export function encodeString(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([encodeVLong(bytes.length), bytes]);
}

/** Java `DataOutput.writeUTF` (ASCII/BMP text as apx writes it). */
export function encodeUtf(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const b = Buffer.alloc(2 + bytes.length);
  b.writeUInt16BE(bytes.length, 0);
  bytes.copy(b, 2);
  return b;
}
