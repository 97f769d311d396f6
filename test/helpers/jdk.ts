/**
 * The real JDK as the judge of an archive: test/helpers/jdk/ZipStreamCheck.java reads it with
 * java.util.zip.ZipInputStream exactly as a Hadoop NodeManager unpacks an ARCHIVE resource. Compiled
 * once per test process. A machine without `javac`/`java` fails the test loudly: the check is the
 * point, and skipping it is how the -1000 localization failures went unnoticed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = path.join(path.dirname(new URL(import.meta.url).pathname), 'jdk', 'ZipStreamCheck.java');

export interface JdkEntry {
  name: string;
  size: number;
  sha256: string;
}

export type JdkVerdict = { ok: true; entries: JdkEntry[] } | { ok: false; error: string };

let compiled: Promise<string> | undefined;

function compile(): Promise<string> {
  compiled ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-jdk-'));
    try {
      await run('javac', ['-d', dir, SOURCE]);
    } catch (e) {
      throw new Error(`cannot compile ${SOURCE} with javac (a JDK 11+ must be on PATH for this test): ${(e as Error).message}`);
    }
    return dir;
  })();
  return compiled;
}

/** Reads `file` with ZipInputStream (JarInputStream with `jar`, as RunJar.unJar does for .jar). */
export async function readWithJdk(file: string, options: { jar?: boolean } = {}): Promise<JdkVerdict> {
  const classes = await compile();
  const args = ['-cp', classes, 'ZipStreamCheck', ...(options.jar ? ['--jar'] : []), file];
  try {
    const { stdout } = await run('java', args, { maxBuffer: 64 * 1024 * 1024 });
    const entries = stdout.split('\n').filter(Boolean).map((line) => {
      const [name, size, sha256] = line.split('\t');
      return { name: name as string, size: Number(size), sha256: sha256 as string };
    });
    return { ok: true, entries };
  } catch (e) {
    const err = e as { code?: number | string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('java is not on PATH: this test needs a real JDK (11+) to read the archive');
    if (err.code === 1 && err.stderr) return { ok: false, error: err.stderr.trim() };
    throw e;
  }
}
