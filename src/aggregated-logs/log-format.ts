/**
 * The records YARN's TFile log aggregation writes into a node file (AggregatedLogFormat.java):
 * `VERSION` (int32), `APPLICATION_ACL` (pairs of writeUTF), `APPLICATION_OWNER` (writeUTF), then one
 * record per container, keyed by its id, whose value is repeated `writeUTF(fileName)`,
 * `writeUTF(decimal length)`, that many bytes, until the value ends. All keys are `writeUTF` strings.
 */
import type { ByteReader } from './byte-reader.js';
import { records, type ByteSource } from './tfile.js';

const RESERVED_KEYS = new Set(['VERSION', 'APPLICATION_ACL', 'APPLICATION_OWNER']);

export interface LogFileEntry {
  container: string;
  file: string;
  /** The whole file's length, as the node recorded it. */
  length: number;
}

export interface NodeFileVisitor {
  /** Whether this container's files are wanted at all (its value is skipped otherwise). */
  container?(id: string): boolean;
  /**
   * One log file of a container, in file order. `bytes` yields exactly `entry.length` bytes, in the
   * chunks they arrived in; `bytes.skip(n)` drops the next n without reading them where it can (a
   * seek); what the visitor leaves unread is skipped.
   */
  file(entry: LogFileEntry, bytes: LogBytes): Promise<void>;
}

export type LogBytes = AsyncIterable<Buffer> & { skip(n: number): Promise<void> };

function keyOf(raw: Buffer): string {
  // writeUTF: u16 length, then the bytes.
  return raw.subarray(2, 2 + raw.readUInt16BE(0)).toString('utf8');
}

/** Exactly `length` bytes of `r`, passed through; skipping what the consumer did not take. */
function limited(r: ByteReader, length: number): { bytes: LogBytes; rest: () => Promise<void> } {
  let left = length;
  return {
    bytes: {
      async skip(n: number) {
        const k = Math.min(n, left);
        await r.skip(k);
        left -= k;
      },
      async *[Symbol.asyncIterator]() {
        while (left > 0) {
          const b = await r.upTo(Math.min(left, 1 << 20));
          if (b.length === 0) throw new Error(`a log file ends ${left} bytes early`);
          left -= b.length;
          yield b;
        }
      },
    },
    rest: async () => {
      await r.skip(left);
      left = 0;
    },
  };
}

/** Walks a node file; returns the application owner it names. */
export async function readNodeFile(source: ByteSource, visitor: NodeFileVisitor): Promise<{ owner?: string }> {
  let owner: string | undefined;
  for await (const { key: raw, value } of records(source)) {
    const key = keyOf(raw);
    if (key === 'APPLICATION_OWNER') owner = await value.utf();
    if (RESERVED_KEYS.has(key) || (visitor.container && !visitor.container(key))) continue;
    while (await value.more()) {
      const file = await value.utf();
      const length = Number(await value.utf());
      if (!Number.isSafeInteger(length) || length < 0) throw new Error(`log file ${file} of ${key} has no valid length`);
      const part = limited(value, length);
      await visitor.file({ container: key, file, length }, part.bytes);
      await part.rest();
    }
  }
  return { owner };
}
