/** Writes man/apx.1 and completions/apx.{bash,zsh,fish} (npm run docs); tests check they are current. */
import fs from 'node:fs';
import path from 'node:path';
import { VERSION, buildProgram } from '../cli.js';
import { manPage } from './man.js';
import { completionScript } from './scripts.js';

export const MAN_DATE = '2026-11-24';

export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('man/apx.1', manPage(buildProgram(), VERSION, MAN_DATE));
  for (const shell of ['bash', 'zsh', 'fish'] as const) files.set(`completions/apx.${shell}`, completionScript(shell, buildProgram()));
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('completion', 'generate.js'))) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
  for (const [rel, content] of generatedFiles()) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
    process.stdout.write(`wrote ${rel}\n`);
  }
}
