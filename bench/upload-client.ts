/**
 * Child process of the upload benchmark: streams one file through apx's own WebHDFS client (the
 * built dist/), then prints its wall time and peak RSS, so the figures are apx's alone.
 */
import fs from 'node:fs';
import { WebHdfsClient } from '../src/hdfs/webhdfs.js';

const [namenode, file, dest] = process.argv.slice(2) as [string, string, string];
const size = fs.statSync(file).size;
const client = new WebHdfsClient({ namenodes: [namenode], user: 'bench' });
const started = process.hrtime.bigint();
await client.create(dest, fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), { overwrite: true, length: size });
const millis = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ millis, maxRssKiB: process.resourceUsage().maxRSS }));
