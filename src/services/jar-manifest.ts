/**
 * spark-submit takes the main class from the jar's manifest when --class is not given. The file is
 * checked first, so a missing, empty, directory or corrupt jar is reported as what it is rather
 * than as a missing main class.
 */
import fs from 'node:fs';
import yauzl from 'yauzl';
import { UsageError } from '../errors.js';

const EXAMPLE = 'For example: apx submit --class com.acme.Main app.jar';

/** `shown` is the path as the user typed it, so the message names what they wrote. */
function checkJarFile(file: string, shown: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(`primary resource ${shown} ${missing ? 'does not exist' : 'is not readable'}`);
  }
  if (st.isDirectory()) throw new UsageError(`primary resource ${shown} is a directory, not a jar`, 'Name the jar file itself, e.g. target/app.jar.');
  if (!st.isFile()) throw new UsageError(`primary resource ${shown} is not a file`);
  if (st.size === 0) throw new UsageError(`primary resource ${shown} is empty, not a jar`, 'Rebuild the jar.');
}

function readManifest(file: string, shown: string): Promise<string | undefined> {
  const corrupt = (why: string) => new UsageError(`primary resource ${shown} is not a jar (${why})`, 'Rebuild the jar, or check that the file is the one you meant.');
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(err?.message.includes('central directory') ? corrupt('not a zip archive') : corrupt(`unreadable zip: ${err?.message ?? 'unknown error'}`));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'META-INF/MANIFEST.MF') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(corrupt(`its manifest cannot be read: ${e?.message ?? 'unknown error'}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', (se: Error) => reject(corrupt(`its manifest cannot be read: ${se.message}`)));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => resolve(undefined));
      zip.on('error', (ze: Error) => reject(corrupt(`corrupt zip: ${ze.message}`)));
      zip.readEntry();
    });
  });
}

/** The jar's Main-Class; a UsageError saying what is wrong when there is none to be had. */
export async function mainClassOfJar(file: string, shown = file): Promise<string> {
  checkJarFile(file, shown);
  const manifest = await readManifest(file, shown);
  if (manifest === undefined) throw new UsageError(`no main class: pass --class (${shown} has no META-INF/MANIFEST.MF)`, EXAMPLE);
  // Manifest lines wrap at 72 bytes with a leading space on continuations.
  const main = /^Main-Class:\s*(\S+)\s*$/m.exec(manifest.replace(/\r?\n /g, ''))?.[1];
  if (!main) throw new UsageError(`no main class: pass --class (the manifest of ${shown} names no Main-Class)`, EXAMPLE);
  return main;
}
