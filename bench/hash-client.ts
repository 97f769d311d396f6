/** Child process of the hashing benchmark: apx's content hash of one file. */
import { sha256File } from '../src/hdfs/content-hash.js';

const started = process.hrtime.bigint();
const digest = await sha256File(process.argv[2] as string);
process.stdout.write(JSON.stringify({ millis: Number(process.hrtime.bigint() - started) / 1e6, digest }));
