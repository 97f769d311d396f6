/** A local file as a ByteSource (the mini cluster's JobHistoryServer, tests, the bench). */
import fs from 'node:fs';
import type { ByteSource } from './tfile.js';

export function localSource(path: string): ByteSource {
  const size = fs.statSync(path).size;
  return {
    size,
    cheapSeeks: true,
    async *range(offset, length) {
      if (length <= 0) return;
      const file = await fs.promises.open(path, 'r');
      try {
        for (let pos = offset, left = length; left > 0; ) {
          const buf = Buffer.allocUnsafe(Math.min(left, 1 << 20));
          const { bytesRead } = await file.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) return;
          yield buf.subarray(0, bytesRead);
          pos += bytesRead;
          left -= bytesRead;
        }
      } finally {
        await file.close();
      }
    },
  };
}
