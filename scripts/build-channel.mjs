// Builds the channel's JVM library (channel/jvm) into dist/jvm/apx-channel.jar with the JDK's
// own javac and jar, as Java 8 bytecode. Without a JDK the build says so and goes on: apx then
// ships no jar (the Python library and the wire format need none).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'channel', 'jvm', 'src');
const out = path.join(root, 'dist', 'jvm');
const jar = path.join(out, 'apx-channel.jar');

function has(tool) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!has('javac') || !has('jar')) {
  console.error('build: no JDK (javac, jar) on PATH: the channel JVM library (apx-channel.jar) is not built');
} else {
  const classes = fs.mkdtempSync(path.join(os.tmpdir(), 'apx-channel-classes-'));
  try {
    const sources = [];
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.java') && sources.push(path.join(d, e.name))));
    walk(src);
    execFileSync('javac', ['--release', '8', '-Xlint:-options', '-encoding', 'UTF-8', '-d', classes, ...sources], { stdio: 'inherit' });
    fs.mkdirSync(out, { recursive: true });
    fs.rmSync(jar, { force: true });
    // The jar tool writes a DEFLATED jar with sizes in the local headers: Hadoop localizes it as a FILE anyway.
    execFileSync('jar', ['--create', '--file', jar, '--date=2026-01-01T00:00:00Z', '-C', classes, '.'], { stdio: 'inherit' });
  } finally {
    fs.rmSync(classes, { recursive: true, force: true });
  }
}

// The Python library as a zip for PYTHONPATH (`from apx import channel`), fixed dates so the same
// sources always make the same bytes (the upload cache is content-addressed).
const { default: yazl } = await import('yazl');
const pyRoot = path.join(root, 'channel', 'python');
const pyOut = path.join(root, 'dist', 'python');
fs.mkdirSync(pyOut, { recursive: true });
const zip = new yazl.ZipFile();
for (const name of ['apx/__init__.py', 'apx/channel.py']) {
  zip.addBuffer(fs.readFileSync(path.join(pyRoot, name)), name, { mtime: new Date('2026-01-01T00:00:00Z'), mode: 0o100644, compress: true });
}
zip.end();
await new Promise((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(path.join(pyOut, 'apx-channel.zip'))).on('close', resolve).on('error', reject));
