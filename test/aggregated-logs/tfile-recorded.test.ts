/**
 * The real aggregated node files recorded on Hadoop 3.3.6 (TFile, compression none), read with apx's
 * own streaming reader, print exactly what the real `yarn logs` printed for the same application
 * (shared/hadoop-3.3.6/aggregated-logs/cli/, commands in cli/COMMANDS.txt).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerInfoTable, logTimestamp } from '../../src/aggregated-logs/framing.js';
import { localSource } from '../../src/aggregated-logs/local-source.js';
import { listNodeFile, printNodeFile } from '../../src/aggregated-logs/print.js';
import type { LogSelection } from '../../src/aggregated-logs/select.js';
import { readLayout } from '../../src/aggregated-logs/tfile.js';

const DIR = path.join(__dirname, '../fixtures/hadoop-3.3.6/aggregated-logs');
const file = (name: string) => path.join(DIR, 'files', name);
const cli = (name: string) => fs.readFileSync(path.join(DIR, 'cli', name));
// Every node file's WebHDFS modificationTime, as `yarn logs` printed it (the same for all its files).
const MTIME: Record<string, string> = {
  'ds-2containers-tfile-none.localhost_45454': 'Thu Nov 26 00:44:41 +0000 2026',
  'spark-succeeded-tfile-none.localhost_45454': 'Thu Nov 26 00:45:58 +0000 2026',
  'spark-failed-tfile-none.localhost_45454': 'Thu Nov 26 00:46:34 +0000 2026',
  'ds-big-2containers-tfile-none.localhost_45454': '',
};

async function print(name: string, sel: LogSelection = {}): Promise<Buffer> {
  const out: Buffer[] = [];
  const modified = MTIME[name] || /LogLastModifiedTime:(.*)\n/.exec(cli('big-size-tail-200-stdout.txt').toString())![1]!;
  await printNodeFile({ source: localSource(file(name)), node: 'localhost_45454', modified }, sel, (c) => void out.push(Buffer.from(c)));
  return Buffer.concat(out);
}

describe('recorded TFile node files print like yarn logs', () => {
  it('every container and file of the DistributedShell app (ds-all)', async () => {
    expect((await print('ds-2containers-tfile-none.localhost_45454')).equals(cli('ds-all.txt'))).toBe(true);
  });

  it('the Spark apps, one and two attempts (spark-succeeded-all, spark-failed-all)', async () => {
    expect((await print('spark-succeeded-tfile-none.localhost_45454')).toString()).toBe(cli('spark-succeeded-all.txt').toString());
    expect((await print('spark-failed-tfile-none.localhost_45454')).toString()).toBe(cli('spark-failed-all.txt').toString());
  });

  it('-log_files stderr, -log_files_pattern std.*, -containerId', async () => {
    const ds = 'ds-2containers-tfile-none.localhost_45454';
    expect((await print(ds, { files: ['stderr'] })).toString()).toBe(cli('ds-log_files-stderr.txt').toString());
    expect((await print(ds, { files: ['std.*'] })).toString()).toBe(cli('ds-log_files_pattern.txt').toString());
    expect((await print(ds, { containers: new Set(['container_e09_1795653817107_0002_01_000002']) })).toString()).toBe(cli('ds-containerId.txt').toString());
  });

  it('-size 2000 and -size -2000: a head or a tail of each file, LogLength still the whole length', async () => {
    const ds = 'ds-2containers-tfile-none.localhost_45454';
    expect((await print(ds, { files: ['stderr'], size: 2000 })).toString()).toBe(cli('ds-size-head-2000-stderr.txt').toString());
    expect((await print(ds, { files: ['stderr'], size: -2000 })).toString()).toBe(cli('ds-size-tail-2000-stderr.txt').toString());
  });

  it('a file over two data blocks whose value spans two chunks (big: -log_files stdout -size -200)', async () => {
    const big = 'ds-big-2containers-tfile-none.localhost_45454';
    const layout = await readLayout(localSource(file(big)));
    expect(layout.dataBlocks.map((b) => b.compressedSize)).toEqual([1_120_325, 309_472]);
    expect((await print(big, { files: ['stdout'], size: -200 })).toString()).toBe(cli('big-size-tail-200-stdout.txt').toString());
  });

  it('-show_container_log_info: containers, files and lengths in file order', async () => {
    const listed = await listNodeFile(localSource(file('ds-2containers-tfile-none.localhost_45454')));
    const text = [...listed].map(([c, files]) => containerInfoTable(c, 'localhost_45454', files.map((f) => ({ file: f.file, length: f.length, modified: MTIME['ds-2containers-tfile-none.localhost_45454']! })))).join('');
    expect(text).toBe(cli('ds-show_container_log_info.txt').toString());
  });

  it('formats a modification time like the recorded LogLastModifiedTime', () => {
    expect(logTimestamp(Date.UTC(2026, 10, 26, 0, 44, 41))).toBe('Thu Nov 26 00:44:41 +0000 2026');
  });
});
