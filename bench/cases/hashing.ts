/** Hashing: apx's content hash of a file against `openssl dgst -sha256` (target ≥ 0.85×). */
import fs from 'node:fs';
import path from 'node:path';
import { MiB, ROOT, median, run, type CaseResult } from '../lib.js';

export async function hashing(file: string, times: number): Promise<CaseResult> {
  const size = fs.statSync(file).size;
  const apx: number[] = [];
  const ossl: number[] = [];
  let digests = new Set<string>();
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
  digests = new Set();
  const apxMiBs = size / MiB / (median(apx) / 1000);
  const osslMiBs = size / MiB / (median(ossl) / 1000);
  return {
    case: 'hashing',
    figures: [
      { name: 'apx sha256', value: apxMiBs, unit: 'MiB/s' },
      { name: 'openssl dgst -sha256', value: osslMiBs, unit: 'MiB/s' },
      { name: 'apx / openssl', value: apxMiBs / osslMiBs, unit: '×' },
    ],
    target: '≥ 0.85× openssl',
    pass: apxMiBs / osslMiBs >= 0.85,
  };
}
