/**
 * A local .zip/.jar shipped as an ARCHIVE is unpacked on every node by java.util.zip.ZipInputStream
 * (Hadoop's FSDownload.unpack → FileUtil.unZip / RunJar.unJar), which refuses an entry that is
 * STORED with its CRC and sizes in a data descriptor, and any encrypted entry. Such an archive fails
 * every attempt with "Download and unpack failed" (shared/hadoop-3.3.6/localization/), so it is
 * refused here, before anything is uploaded. Only the central directory and each entry's 30-byte
 * local header are read; a file yauzl cannot open is left alone (the JDK reads it as an empty zip).
 */
import fs from 'node:fs';
import yauzl from 'yauzl';
import { UsageError } from '../errors.js';

const LOCAL_HEADER = 30;
const LOCSIG = 0x04034b50;
const DEFLATED = 8;

export function isZipArchiveName(name: string): boolean {
  return /\.(zip|jar)$/i.test(name);
}

function centralEntries(file: string): Promise<{ name: string; offset: number }[] | undefined> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: false, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return resolve(undefined);
      const entries: { name: string; offset: number }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push({ name: e.fileName, offset: e.relativeOffsetOfLocalHeader });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', () => resolve(undefined));
      zip.readEntry();
    });
  });
}

/** Why ZipInputStream would refuse the entry whose local header this is, if it would. */
function refusal(header: Buffer): string | undefined {
  if (header.length < LOCAL_HEADER || header.readUInt32LE(0) !== LOCSIG) return undefined;
  const flag = header.readUInt16LE(6);
  const method = header.readUInt16LE(8);
  if (flag & 1) return 'is encrypted';
  if (flag & 8 && method !== DEFLATED) return 'is stored uncompressed with its CRC and sizes after the data (a data descriptor)';
  return undefined;
}

/** Throws a UsageError naming the first entry of `file` that no NodeManager could unpack. */
export async function checkUnpackableZip(file: string, what: string): Promise<void> {
  const entries = await centralEntries(file);
  if (!entries) return;
  const fd = await fs.promises.open(file, 'r');
  try {
    const header = Buffer.alloc(LOCAL_HEADER);
    for (const e of entries) {
      const { bytesRead } = await fd.read(header, 0, LOCAL_HEADER, e.offset);
      const why = refusal(header.subarray(0, bytesRead));
      if (why) {
        throw new UsageError(
          `${what} ${file} cannot be unpacked by YARN: its entry ${e.name} ${why}, which Hadoop's unzip (java.util.zip.ZipInputStream) refuses, so every attempt would fail with "Download and unpack failed"`,
          'Re-create the archive with a tool that writes sizes before the data (zip -r, jar cf, Python\'s zipfile), or ship it as a .tar.gz.',
        );
      }
    }
  } finally {
    await fd.close();
  }
}
