/**
 * The node files the mini cluster writes: rebuilt from the contents of the real recorded files, the
 * writer gives back the very same bytes (blocks, chunks, indexes, trailer), and its gz files (one zlib
 * stream per block, as Hadoop's DefaultCodec writes) read back through the same reader as real ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localSource } from '../../src/aggregated-logs/local-source.js';
import { readNodeFile } from '../../src/aggregated-logs/log-format.js';
import { readLayout } from '../../src/aggregated-logs/tfile.js';
import { writeNodeFile, type ContainerLogs } from '../../src/aggregated-logs/tfile-writer.js';

const DIR = path.join(__dirname, '../fixtures/hadoop-3.3.6/aggregated-logs/files');

async function contentsOf(file: string): Promise<{ owner?: string; containers: ContainerLogs[] }> {
  const containers: ContainerLogs[] = [];
  const { owner } = await readNodeFile(localSource(file), {
    async file(entry, bytes) {
      let c = containers.find((x) => x.id === entry.container);
      if (!c) containers.push((c = { id: entry.container, files: [] }));
      const parts: Buffer[] = [];
      for await (const b of bytes) parts.push(Buffer.from(b));
      c.files.push({ name: entry.file, bytes: Buffer.concat(parts) });
    },
  });
  return { owner, containers };
}

describe('TFile node file writer', () => {
  for (const name of ['ds-2containers-tfile-none', 'ds-big-2containers-tfile-none', 'spark-failed-tfile-none']) {
    it(`rewrites ${name} byte for byte from its contents`, async () => {
      const file = path.join(DIR, `${name}.localhost_45454`);
      const { owner, containers } = await contentsOf(file);
      expect(owner).toBe('root');
      expect(writeNodeFile('root', containers).equals(fs.readFileSync(file))).toBe(true);
    });
  }

  it('writes gz blocks as zlib streams that read back to the same logs', async () => {
    const big = Buffer.alloc(900_000, 'x\n');
    const containers: ContainerLogs[] = [
      { id: 'container_1_0001_01_000001', files: [{ name: 'stderr', bytes: Buffer.from('hello\n') }, { name: 'stdout', bytes: big }] },
      { id: 'container_1_0001_01_000002', files: [{ name: 'stderr', bytes: Buffer.from('crypto'.repeat(100_000)) }] },
    ];
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apx-tfile-')), 'node');
    fs.writeFileSync(tmp, writeNodeFile('alice', containers, 'gz'));
    const layout = await readLayout(localSource(tmp));
    expect(layout.compression).toBe('gz');
    expect(fs.readFileSync(tmp).subarray(layout.dataBlocks[0]!.offset, layout.dataBlocks[0]!.offset + 2).toString('hex')).toBe('789c');
    const back = await contentsOf(tmp);
    expect(back.owner).toBe('alice');
    const flat = (cs: ContainerLogs[]) => cs.flatMap((c) => c.files.map((f) => `${c.id}/${f.name}/${f.bytes.toString('base64')}`));
    expect(flat(back.containers)).toStrictEqual(flat(containers));
  });
});

describe('reading without reading everything', () => {
  const counted = (file: string) => {
    const inner = localSource(file);
    let read = 0;
    return {
      source: {
        size: inner.size,
        cheapSeeks: true,
        async *range(offset: number, length: number) {
          for await (const b of inner.range(offset, length)) {
            read += b.length;
            yield b;
          }
        },
      },
      read: () => read,
    };
  };

  it('lists containers and prints a tail by seeking past log bytes it does not show (uncompressed files)', async () => {
    const log = Buffer.alloc(8 * 1024 * 1024, 'a log line\n');
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apx-tfile-')), 'node');
    fs.writeFileSync(tmp, writeNodeFile('bob', [
      { id: 'container_1_0001_01_000001', files: [{ name: 'stderr', bytes: log }, { name: 'stdout', bytes: Buffer.from('end\n') }] },
      { id: 'container_1_0001_01_000002', files: [{ name: 'stderr', bytes: log }] },
    ]));
    const { listNodeFile, printNodeFile } = await import('../../src/aggregated-logs/print.js');
    const listing = counted(tmp);
    const listed = await listNodeFile(listing.source);
    expect([...listed.values()].flat().map((f) => [f.container.slice(-1), f.file, f.length])).toEqual([['1', 'stderr', log.length], ['1', 'stdout', 4], ['2', 'stderr', log.length]]);
    expect(listing.read()).toBeLessThan(4 * 1024 * 1024);

    const tail = counted(tmp);
    const out: Buffer[] = [];
    await printNodeFile({ source: tail.source, node: 'n', modified: 'm' }, { files: ['stderr'], size: -11 }, (c) => void out.push(Buffer.from(c)));
    expect(Buffer.concat(out).toString().split('LogContents:\n').slice(1).map((s) => s.split('\nEnd of')[0])).toEqual([log.subarray(-11).toString(), log.subarray(-11).toString()]);
    expect(tail.read()).toBeLessThan(4 * 1024 * 1024);
  });
});
