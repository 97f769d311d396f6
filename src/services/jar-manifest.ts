/** spark-submit takes the main class from the jar's manifest when --class is not given. */
import yauzl from 'yauzl';

export function mainClassOfJar(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return resolve(undefined);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'META-INF/MANIFEST.MF') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return resolve(undefined);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            // Manifest lines wrap at 72 bytes with a leading space on continuations.
            const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n /g, '');
            resolve(/^Main-Class:\s*(\S+)\s*$/m.exec(text)?.[1]);
          });
        });
      });
      zip.on('end', () => resolve(undefined));
      zip.on('error', () => resolve(undefined));
      zip.readEntry();
    });
  });
}
