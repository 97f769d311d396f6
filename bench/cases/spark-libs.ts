/**
 * Zipping $SPARK_HOME/jars into __spark_libs__.zip (on a cache miss): apx's STORED writer, which also
 * computes every CRC-32, against Info-ZIP `zip -0` on the same jars (target ≥ 0.85×).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeStoredZip } from '../../src/services/stored-zip.js';
import { STABLE_ZIP_TIME } from '../../src/spark/conf-archive.js';
import { MiB, bigFile, run, throughputResult, type CaseResult } from '../lib.js';

export async function sparkLibsZip(dir: string, jars: number, jarBytes: number, times: number): Promise<CaseResult> {
  const jarsDir = path.join(dir, 'jars');
  fs.mkdirSync(jarsDir, { recursive: true });
  const names = Array.from({ length: jars }, (_, i) => `lib-${String(i).padStart(3, '0')}.jar`);
  for (const n of names) bigFile(jarsDir, n, jarBytes);
  const out = path.join(dir, '__spark_libs__.zip');
  const apx: number[] = [];
  const zip: number[] = [];
  try {
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      await writeStoredZip(names.map((n) => ({ path: path.join(jarsDir, n), name: n })), out, { mtime: STABLE_ZIP_TIME, mode: 0o644 });
      apx.push(performance.now() - started);
      fs.rmSync(out);
      zip.push((await run('zip', ['-0', '-q', '-j', out, ...names.map((n) => path.join(jarsDir, n))])).millis);
      fs.rmSync(out);
    }
  } finally {
    fs.rmSync(jarsDir, { recursive: true, force: true });
  }
  const result = throughputResult('spark-libs-zip', jars * jarBytes, { label: 'apx __spark_libs__.zip', millis: apx }, { label: 'zip -0', millis: zip }, 0.85);
  return { ...result, note: `${jars} jars of ${jarBytes / MiB} MiB, files in the page cache` };
}
