/**
 * --jars/--files as spark-submit reads them: http(s) resources downloaded and shipped through the
 * upload cache, local globs expanded, and a warning when the shell expanded an unquoted glob.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, runApx, spawnApx } from '../helpers/cli.js';
import { startTinyFtp } from '../helpers/ftp-server.js';
import { QUICK_APP, startMini, tempDir, waitFor, writeJar } from '../helpers/mini.js';

let cluster: MiniCluster;
let server: http.Server;
let web: string;
let dir: string;
let stalled = 0;
let jar: string;
const served = Buffer.from('PK\u0003\u0004 a dependency served over http');
const quick = QUICK_APP.flatMap((c) => ['--conf', c]);

beforeAll(async () => {
  cluster = await startMini();
  dir = tempDir();
  jar = writeJar(dir);
  server = http.createServer((req, res) => {
    if (req.url === '/libs/dep.jar') return res.writeHead(200, { 'Content-Type': 'application/java-archive' }).end(served);
    if (req.url === '/moved.jar') return res.writeHead(302, { Location: '/libs/dep.jar' }).end();
    if (req.url === '/broken.jar') return res.writeHead(500).end('oops');
    if (req.url === '/slow.jar') {
      stalled += 1;
      // Half a file, then nothing: the download hangs until apx gives up or is interrupted.
      return res.writeHead(200, { 'Content-Length': '1000000' }).write(Buffer.alloc(1000));
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  web = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await cluster.stop();
});

/** A port nothing listens on (one that was just free). */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

function shipped(appId: string, link: string): Buffer | undefined {
  const entry = cluster.rm.apps.get(appId)?.submission['am-container-spec']['local-resources'].entry.find((e) => e.key === link);
  const node = entry && cluster.store.lookup(new URL(entry.value.resource).pathname);
  return node ? cluster.store.read(node) : undefined;
}

describe('http(s) resources', () => {
  it('are downloaded, shipped like local files, and the download removed', async () => {
    const tmp = tempDir('apx-tmp-');
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--jars', `${web}/libs/dep.jar`, '--files', `${web}/moved.jar#renamed.bin`, jar], cliEnv(cluster, { TMPDIR: tmp }));
    expect(r.code, r.stderr).toBe(0);
    const appId = r.stdout.trim();
    expect(shipped(appId, 'dep.jar')).toEqual(served);
    expect(shipped(appId, 'renamed.bin')).toEqual(served);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('apx-downloads-'))).toEqual([]);
  });

  it('a URL that names nothing is exit 2, a server that cannot be reached or fails is exit 3, one line each', async () => {
    const missing = await runApx(['submit', '--cluster', 'mini', '--jars', `${web}/nosuch.jar`, jar], cliEnv(cluster));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(`apx: cannot download ${web}/nosuch.jar: the server answered 404 Not Found`);
    const broken = await runApx(['submit', '--cluster', 'mini', '--jars', `${web}/broken.jar`, jar], cliEnv(cluster));
    expect(broken.code).toBe(3);
    const closed = await closedPort();
    const refused = await runApx(['submit', '--cluster', 'mini', '--files', `http://127.0.0.1:${closed}/x.txt`, jar], cliEnv(cluster));
    expect(refused.code).toBe(3);
    expect(refused.stderr.split('\n')[0]).toBe(`apx: cannot download http://127.0.0.1:${closed}/x.txt: connection refused`);
    for (const r of [missing, broken, refused]) expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('Ctrl-C during a download stops, removes the download and submits nothing (exit 130)', async () => {
    const tmp = tempDir('apx-tmp-');
    const apps = cluster.rm.apps.size;
    const before = stalled;
    const run = spawnApx(['submit', '--cluster', 'mini', '--plain', '--jars', `${web}/slow.jar`, jar], cliEnv(cluster, { TMPDIR: tmp }));
    await waitFor('the download to start', () => (stalled > before && fs.readdirSync(tmp).some((n) => n.startsWith('apx-downloads-'))) || undefined);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('apx: interrupted while downloading dependencies: nothing was submitted, the downloads were removed');
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('apx-downloads-'))).toEqual([]);
    expect(cluster.rm.apps.size).toBe(apps);
  });

  it('ftp resources are downloaded too (the test server checked against curl first); a missing file is exit 2', async () => {
    const ftp = await startTinyFtp({ '/pub/lib.jar': served }, { user: 'etl', password: 'pa ss' });
    try {
      const url = `ftp://etl:pa%20ss@127.0.0.1:${ftp.port}/pub/lib.jar`;
      expect((await promisify(execFile)('curl', ['-s', '--fail', '--max-time', '20', url], { encoding: 'buffer' })).stdout).toEqual(served);
      const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--jars', url, jar], cliEnv(cluster));
      expect(r.code, r.stderr).toBe(0);
      expect(shipped(r.stdout.trim(), 'lib.jar')).toEqual(served);
      expect(r.stderr).not.toContain('pa ss');
      const missing = await runApx(['submit', '--cluster', 'mini', '--jars', `ftp://etl:pa%20ss@127.0.0.1:${ftp.port}/pub/nosuch.jar`, jar], cliEnv(cluster));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^apx: cannot download ftp:\/\/etl:\*\*\*@127\.0\.0\.1:\d+\/pub\/nosuch\.jar: retrieve: the server answered 550 Failed to open file\.\n/);
    } finally {
      await ftp.close();
    }
  });
});

describe('local globs', () => {
  it("--jars 'lib/*.jar' ships every jar it matches", async () => {
    const lib = path.join(dir, 'lib');
    fs.mkdirSync(lib, { recursive: true });
    writeJar(lib, 'a.jar', 'a');
    writeJar(lib, 'b.jar', 'b');
    fs.writeFileSync(path.join(lib, 'notes.txt'), 'not a jar');
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...quick, '--jars', 'lib/*.jar', '--files', 'lib/no[t]es.t?t', jar], cliEnv(cluster), dir);
    expect(r.code, r.stderr).toBe(0);
    const appId = r.stdout.trim();
    expect(shipped(appId, 'a.jar')).toEqual(fs.readFileSync(path.join(lib, 'a.jar')));
    expect(shipped(appId, 'b.jar')).toEqual(fs.readFileSync(path.join(lib, 'b.jar')));
    expect(shipped(appId, 'notes.txt')?.toString()).toBe('not a jar');
  });

  it('a glob that matches nothing, or several files under one #name, is exit 2', async () => {
    const none = await runApx(['submit', '--cluster', 'mini', '--jars', 'nowhere/*.jar', jar], cliEnv(cluster), dir);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe("apx: --jars 'nowhere/*.jar' matches no files");
    const ambiguous = await runApx(['submit', '--cluster', 'mini', '--files', 'lib/*.jar#x.jar', jar], cliEnv(cluster), dir);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("--files 'lib/*.jar#x.jar' names 2 files but one link name");
  });

  it('warns when an unquoted glob made a jar of --jars the primary resource', async () => {
    // What the shell makes of: apx submit --jars lib/*.jar app.jar
    const r = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--class', 'com.acme.Main', '--jars', 'lib/a.jar', 'lib/b.jar', 'app.jar'], cliEnv(cluster), dir);
    expect(r.stderr).toContain("apx: warning: --jars lib/a.jar is followed by lib/b.jar from the same directory, which became the primary resource: did the shell expand an unquoted glob? Quote it (--jars 'lib/*.jar') or list the jars with commas.\n");
    const fine = await runApx(['submit', '--cluster', 'mini', '--dry-run', '--jars', 'lib/a.jar', 'app.jar', 'arg'], cliEnv(cluster), dir);
    expect(fine.stderr).not.toContain('warning');
  });
});
