/**
 * The plain-http reader `apx logs` streams JobHistoryServer files with: whatever way the TCP stream is
 * cut into reads, the body comes out byte for byte as curl would write it, and a broken answer is an
 * error, never a silently short log.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JhsClient } from '../../src/aggregated-logs/jhs-client.js';
import { NetworkError } from '../../src/net/http.js';
import { rawGet } from '../../src/net/raw-get.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that answers every request with `pieces`, written one by one a few ms apart (separate reads). */
async function serve(pieces: (string | Buffer)[], opts: { close?: boolean } = {}): Promise<string> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.once('data', async () => {
      for (const p of pieces) {
        socket.write(p);
        await new Promise((r) => setTimeout(r, 3));
      }
      if (opts.close !== false) socket.end();
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function body(url: string): Promise<Buffer> {
  const res = await rawGet({ url, timeoutMs: 5000 });
  const parts: Buffer[] = [];
  await res.pass((b) => void parts.push(b));
  return Buffer.concat(parts);
}

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n';
// Data holding CR, LF and hex-looking text; a chunk extension; a trailer after the last chunk.
const CHUNKED = `${HEAD}7\r\nab\r\ncd\n\r\n1a;name=x\r\n0123456789abcdef\r\n\r\n0000\r\n\r\n0\r\nX-Trailer: 1\r\n\r\n`;
const DECODED = 'ab\r\ncd\n0123456789abcdef\r\n\r\n0000\r\n';

describe('rawGet', () => {
  it('decodes a chunked body cut into two reads at every possible place', async () => {
    const bytes = Buffer.from(CHUNKED);
    for (let cut = 1; cut < bytes.length; cut++) {
      const url = await serve([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect((await body(url)).toString(), `cut at ${cut}`).toBe(DECODED);
    }
  }, 60_000);

  it('reads a Content-Length body, and one that ends when the server closes', async () => {
    expect(await body(await serve(['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel', 'lo']))).toEqual(Buffer.from('hello'));
    expect(await body(await serve(['HTTP/1.0 200 OK\r\n\r\nup to ', 'the close']))).toEqual(Buffer.from('up to the close'));
  });

  it('a connection closed in the middle of a chunked body is a network error (exit 3), not a short log', async () => {
    const url = await serve([`${HEAD}10\r\nonly half`]);
    const err = await body(url).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/connection reset/);
    expect(err.exitCode).toBe(3);
  });

  it('passes a large body in order to a writer that keeps asking to wait', async () => {
    const data = Buffer.alloc(6 << 20);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32BE(i, i);
    const url = await serve([`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`, data]);
    const res = await rawGet({ url, timeoutMs: 5000 });
    const parts: Buffer[] = [];
    await res.pass((b) => {
      parts.push(Buffer.from(b));
      return new Promise<void>((r) => setImmediate(r));
    });
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('gives the status, headers (set-cookie as a list) and body of an error answer', async () => {
    const url = await serve(['HTTP/1.1 500 Server Error\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 4\r\n\r\noops']);
    const res = await rawGet({ url, timeoutMs: 5000 });
    const all = await res.readAll();
    expect([all.status, all.statusText, all.headers['set-cookie'], all.body.toString()]).toEqual([500, 'Server Error', ['a=1', 'b=2'], 'oops']);
  });

  it('refuses a header value that would start a header of its own', async () => {
    await expect(rawGet({ url: 'http://127.0.0.1:9/', headers: { 'x-a': 'b\r\nx-evil: 1' }, timeoutMs: 1000 })).rejects.toThrow(/invalid character in header/);
  });

  it('a refused connection is a network error naming the server', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const err = await rawGet({ url: `http://127.0.0.1:${port}/x`, timeoutMs: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(new RegExp(`cannot reach http://127.0.0.1:${port}: connection refused`));
  });
});

describe('JhsClient over plain http', () => {
  it('knows a missing file by its text even when the text arrives in pieces', async () => {
    const text = 'Can not find logs for container:container_1_0001_01_000002';
    const url = await serve([`${HEAD}a\r\n${text.slice(0, 10)}\r\n`, `${(text.length - 10).toString(16)}\r\n${text.slice(10)}\r\n0\r\n\r\n`]);
    const written: Buffer[] = [];
    const found = await new JhsClient({ baseUrl: `${url}/ws/v1/history` }).containerLog('container_1_0001_01_000002', 'stdout', undefined, (b) => void written.push(b));
    expect([found, Buffer.concat(written).toString()]).toEqual([false, '']);
  });
});

describe('rawGet, broken answers', () => {
  it('a chunk size that is not hex is an error whether or not it came with the headers', async () => {
    for (const pieces of [[`${HEAD}zz\r\nab\r\n0\r\n\r\n`], [HEAD, 'zz\r\nab\r\n0\r\n\r\n']]) {
      const err = await body(await serve(pieces)).catch((e) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.message).toMatch(/bad chunk size line 'zz'/);
    }
  });

  it('headers that never end are an error, not a growing buffer', async () => {
    const err = await body(await serve([`HTTP/1.1 200 OK\r\nX-Long: ${'a'.repeat(20_000)}`], { close: false })).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/no end to the answer's headers/);
  });
});
