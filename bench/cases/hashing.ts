/** Hashing: apx's content hash of a file against `openssl dgst -sha256` (target ≥ 0.85×). */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, run, throughputResult, type CaseResult } from '../lib.js';

export async function hashing(file: string, times: number): Promise<CaseResult> {
  const size = fs.statSync(file).size;
  const apx: number[] = [];
  const ossl: number[] = [];
  const digests = new Set<string>();
  for (let i = 0; i < times; i++) {
    const a = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'hash-client.ts'), file]);
    const parsed = JSON.parse(a.stdout) as { millis: number; digest: string };
    apx.push(parsed.millis);
    digests.add(parsed.digest);
    const o = await run('openssl', ['dgst', '-sha256', '-r', file]);
    ossl.push(o.millis);
    digests.add(o.stdout.split(' ')[0] as string);
  }
  if (digests.size !== 1) throw new Error(`apx and openssl disagree on the hash: ${[...digests].join(' ')}`);
  return throughputResult('hashing', size, { label: 'apx sha256', millis: apx }, { label: 'openssl dgst -sha256', millis: ossl }, 0.85);
}
