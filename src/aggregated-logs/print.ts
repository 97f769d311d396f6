/**
 * Prints one node file's logs framed like `yarn logs`, streaming: each file's bytes go to `write`
 * as they are read (with back-pressure), so memory stays flat whatever the size.
 */
import { fileHeader, fileTrailer, sizeWindow } from './framing.js';
import { readNodeFile, type LogBytes, type LogFileEntry } from './log-format.js';
import { fileMatcher, type LogSelection } from './select.js';
import type { ByteSource } from './tfile.js';

export type Write = (chunk: string | Buffer) => void | Promise<void>;

/** Writes the window [skip, skip+take) of a log file; the bytes before it are skipped, not read, where the file allows. */
async function writeWindow(bytes: LogBytes, skip: number, take: number, write: Write): Promise<void> {
  await bytes.skip(skip);
  let left = take;
  if (left === 0) return;
  for await (const chunk of bytes) {
    const part = chunk.length <= left ? chunk : chunk.subarray(0, left);
    await write(part);
    left -= part.length;
    if (left === 0) return;
  }
}

export interface NodeFileRef {
  source: ByteSource;
  /** The node file's name (host_port), shown after "on". */
  node: string;
  /** Its modification time, shown as every file's LogLastModifiedTime (as YARN does for TFile). */
  modified: string;
}

/**
 * Calls `each` for every file of a node file that the selection names, in file order, with a
 * function that writes the window of it `--size` asks for; returns how many there were.
 */
export async function eachSelectedFile(source: ByteSource, sel: LogSelection, each: (entry: LogFileEntry, window: (write: Write) => Promise<void>) => Promise<void>): Promise<number> {
  const wantFile = fileMatcher(sel.files);
  let count = 0;
  await readNodeFile(source, {
    container: (id) => !sel.containers || sel.containers.has(id),
    async file(entry, bytes) {
      if (!wantFile(entry.file)) return;
      const { skip, take } = sizeWindow(entry.length, sel.size);
      await each(entry, (write) => writeWindow(bytes, skip, take, write));
      count++;
    },
  });
  return count;
}

export function printNodeFile(ref: NodeFileRef, sel: LogSelection, write: Write): Promise<number> {
  return eachSelectedFile(ref.source, sel, async (entry, window) => {
    await write(fileHeader(entry.container, ref.node, entry.file, ref.modified, entry.length));
    await window(write);
    await write(fileTrailer(entry.file));
  });
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
