/**
 * Build step after tsc: dist/fast-path.js and every module `apx status` / `apx __complete` load,
 * as one ESM file (dist/fast-path.bundle.js) for bin/apx. Issue 15 wants those commands within
 * 1.5× `node -e 0`; resolving, reading and linking ~35 separate ES modules was most of the excess.
 *
 * Bundled from tsc's output (not from src/), so tsc stays the one compiler and the tests keep
 * importing the unbundled modules. The bundle sits in dist/ like the file it replaces, so
 * `import.meta.url` (createRequire of fast-xml-parser) resolves from the same place.
 * Left out, and loaded from dist/ or node_modules/ only when used: npm packages (conf,
 * fast-xml-parser, kerberos), the mini cluster (`--cluster mini`) and Kerberos (SPNEGO).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Keeps a dynamically imported part of apx as its own dist/ module, imported relative to the bundle. */
const rarelyUsed = {
  name: 'rarely-used',
  setup(b) {
    b.onResolve({ filter: /\/(minicluster|security)\// }, (args) => {
      const target = path.relative(dist, path.resolve(args.resolveDir, args.path));
      return { path: `./${target.split(path.sep).join('/')}`, external: true };
    });
  },
};

await build({
  entryPoints: [path.join(dist, 'fast-path.js')],
  outfile: path.join(dist, 'fast-path.bundle.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [rarelyUsed],
  legalComments: 'none',
  logLevel: 'warning',
});
