/**
 * Prints one node file's logs framed like `yarn logs`, streaming: each file's bytes go to `write`
 * as they are read (with back-pressure), so memory stays flat whatever the size.
 */
import { fileHeader, fileTrailer, sizeWindow } from './framing.js';
import { readNodeFile, type LogFileEntry } from './log-format.js';
import { fileMatcher, type LogSelection } from './select.js';
import type { ByteSource } from './tfile.js';

export type Write = (chunk: string | Buffer) => void | Promise<void>;

/** Cuts the window [skip, skip+take) out of a stream of chunks. */
async function writeWindow(bytes: AsyncIterable<Buffer>, skip: number, take: number, write: Write): Promise<void> {
  let pos = 0;
  const end = skip + take;
  for await (const chunk of bytes) {
    const from = Math.max(skip - pos, 0);
    const to = Math.min(end - pos, chunk.length);
    if (to > from) await write(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
    pos += chunk.length;
    if (pos >= end) return;
  }
}

export interface NodeFileRef {
  source: ByteSource;
  /** The node file's name (host_port), shown after "on". */
  node: string;
  /** Its modification time, shown as every file's LogLastModifiedTime (as YARN does for TFile). */
  modified: string;
}

export async function printNodeFile(ref: NodeFileRef, sel: LogSelection, write: Write): Promise<number> {
  const wantFile = fileMatcher(sel.files);
  let printed = 0;
  await readNodeFile(ref.source, {
    container: (id) => !sel.containers || sel.containers.has(id),
    async file(entry, bytes) {
      if (!wantFile(entry.file)) return;
      const { skip, take } = sizeWindow(entry.length, sel.size);
      await write(fileHeader(entry.container, ref.node, entry.file, ref.modified, entry.length));
      await writeWindow(bytes, skip, take, write);
      await write(fileTrailer(entry.file));
      printed++;
    },
  });
  return printed;
}

/** Every container and its files (names and lengths), in file order. */
export async function listNodeFile(source: ByteSource, sel: LogSelection = {}): Promise<Map<string, LogFileEntry[]>> {
  const out = new Map<string, LogFileEntry[]>();
  const wantFile = fileMatcher(sel.files);
  await readNodeFile(source, {
    container: (id) => !sel.containers || sel.containers.has(id),
    async file(entry) {
      if (!wantFile(entry.file)) return;
      const list = out.get(entry.container) ?? [];
      list.push(entry);
      out.set(entry.container, list);
    },
  });
  return out;
}
