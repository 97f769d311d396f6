/**
 * Child process of the upload benchmark: ships one file through apx's own code, then prints its wall
 * time and peak RSS, so the figures are apx's alone. Modes:
 * - `first` (default): a first-time dependency whose hash apx does not know, into a fresh cache
 *   root: hashed while it streams to a temporary, then renamed to its content address (one read);
 * - `hash-then-upload`: the same the way apx did it before (hash the file, look it up, upload):
 *   two reads;
 * - `raw`: the WebHDFS client's CREATE alone.
 */
import fs from 'node:fs';
import { sha256File } from '../src/hdfs/content-hash.js';
import { UploadCache, openFile } from '../src/hdfs/upload-cache.js';
import { WebHdfsClient } from '../src/hdfs/webhdfs.js';

const [namenode, file, dest, mode = 'first'] = process.argv.slice(2) as [string, string, string, string?];
const size = fs.statSync(file).size;
const client = new WebHdfsClient({ namenodes: [namenode], user: 'bench' });
const cache = new UploadCache(client, `${dest}.cache-${process.pid}-${Date.now()}`);
const name = 'dependency.jar';
const started = process.hrtime.bigint();
if (mode === 'raw') {
  await client.create(dest, openFile(file), { overwrite: true, length: size });
} else if (mode === 'hash-then-upload') {
  await cache.put(file, await sha256File(file), name, size);
} else {
  await cache.uploadHashing(() => openFile(file), name, size);
}
const millis = Number(process.hrtime.bigint() - started) / 1e6;
// The next run must be a first-time upload too, and the mini's disk is not unlimited.
await client.delete(cache.root, true);
process.stdout.write(JSON.stringify({ millis, maxRssKiB: process.resourceUsage().maxRSS }));
