/**
 * A plain-HTTP GET whose body goes to the caller as it comes off the socket, for bodies apx passes
 * on untouched (a JobHistoryServer log file framed like `yarn logs`, often hundreds of MiB).
 *
 * Why not node:http: measured on `apx logs` of 128 MiB (bench/cases/logs.ts), node's client spends
 * about twice the CPU of this reader per byte (a 64 KiB read into a fresh Buffer, the parser and a
 * Readable per read), which on a loaded machine halves the throughput against `curl`. Here the
 * socket reads straight into buffers apx hands it (`onread`), up to 256 KiB at a time, and the HTTP/1.1
 * framing (Content-Length, chunked, or until close) is undone in place, without copying.
 * Plain http: only; https and everything else keep node:http(s).
 */
import type http from 'node:http';
import net from 'node:net';
import { networkError, type HttpRequest, type HttpResponse } from './http.js';

export interface RawResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** Hands each piece of the body to `write` in order, waiting whenever it returns a promise. */
  pass(write: (chunk: Buffer) => void | Promise<void>): Promise<void>;
  /** The whole body (an error page). */
  readAll(): Promise<HttpResponse>;
  destroy(): void;
}

const SLAB = 256 << 10;
const MIN_READ = 64 << 10;
/** Body bytes read ahead of a consumer that waits on its output, at most (then the socket pauses). */
const QUEUE_LIMIT = 4 << 20;
/** node:http's default limit on the size of an answer's headers. */
const MAX_HEAD = 16 << 10;

/**
 * Read buffers carved from 256 KiB slabs, never reused: a piece handed to `write` may sit in a pipe's
 * queue after write() returned, so its memory must stay as it was. Bigger slabs read no faster here
 * and leave more dead memory for the GC (peak RSS for 1 GiB: 102 MB with 256 KiB, 146 MB with 4 MiB).
 */
function slabs(): { next(): Buffer; used(n: number): void } {
  let slab = Buffer.allocUnsafe(SLAB);
  let used = 0;
  return {
    next() {
      if (SLAB - used < MIN_READ) {
        slab = Buffer.allocUnsafe(SLAB);
        used = 0;
      }
      return slab.subarray(used);
    },
    used(n) {
      used += n;
    },
  };
}

type Framing = { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };

/** Undoes chunked transfer coding across reads: a size line or CRLF may be split between two reads. */
class Dechunker {
  private line = '';
  private left = 0;
  private state: 'size' | 'data' | 'crlf' | 'done' = 'size';

  get done(): boolean {
    return this.state === 'done';
  }

  feed(buf: Buffer, out: Buffer[]): void {
    let i = 0;
    while (i < buf.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.left, buf.length - i);
        out.push(buf.subarray(i, i + n));
        i += n;
        this.left -= n;
        if (this.left === 0) this.state = 'crlf';
        continue;
      }
      const nl = buf.indexOf(10, i);
      const end = nl < 0 ? buf.length : nl;
      if (this.state === 'size') this.line += buf.toString('latin1', i, end);
      i = end + 1;
      if (nl < 0) return;
      if (this.state === 'crlf') {
        this.state = 'size';
        continue;
      }
      // "1a2b;ext=1\r": hex digits, then optional extensions.
      const size = /^\s*([0-9a-fA-F]+)/.exec(this.line)?.[1];
      if (size === undefined) throw Object.assign(new Error(`bad chunk size line '${this.line.trim()}'`), { code: 'EPROTO' });
      this.line = '';
      this.left = parseInt(size, 16);
      // The trailer section after the last chunk is not read: the connection closes after this answer.
      this.state = this.left === 0 ? 'done' : 'data';
    }
  }
}

function parseHead(head: string): { status: number; statusText: string; headers: http.IncomingHttpHeaders } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) throw Object.assign(new Error(`not an HTTP answer: '${statusLine.slice(0, 40)}'`), { code: 'EPROTO' });
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const had = headers[name];
    // As node:http does: set-cookie is a list, other repeated headers are joined.
    if (name === 'set-cookie') headers[name] = [...((had as string[] | undefined) ?? []), value];
    else headers[name] = had === undefined ? value : `${had as string}, ${value}`;
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headers: headers as http.IncomingHttpHeaders };
}

function framingOf(headers: http.IncomingHttpHeaders): Framing {
  if (/\bchunked\b/i.test(String(headers['transfer-encoding'] ?? ''))) return { kind: 'chunked' };
  const length = headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) return { kind: 'length', left: Number(length) };
  return { kind: 'close' };
}

function requestHead(url: URL, headers: Record<string, string>): string {
  const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [k, v] of Object.entries(headers)) {
    // node:http refuses these too: a CR or LF would let a value start a header of its own.
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) throw new TypeError(`invalid character in header ${k}`);
    if (!/^(host|connection)$/i.test(k)) lines.push(`${k}: ${v}`);
  }
  lines.push('Connection: close', '', '');
  return lines.join('\r\n');
}

/**
 * Sends the GET and resolves once the status line and headers are in; the body waits (the socket
 * paused) until `pass` or `readAll`.
 */
export function rawGet(req: { url: string; headers?: Record<string, string>; timeoutMs: number }): Promise<RawResponse> {
  const url = new URL(req.url);
  const failed = (e: unknown) => networkError(e, { method: 'GET', url: req.url } as HttpRequest);
  return new Promise<RawResponse>((resolveHead, rejectHead) => {
    const head = requestHead(url, req.headers ?? {});
    let headBytes: Buffer[] = [];
    let parsed: ReturnType<typeof parseHead> | undefined;
    let framing: Framing | undefined;
    const dechunker = new Dechunker();
    const queued: Buffer[] = [];
    let ended = false;
    let answered = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const signal = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const finish = () => {
      ended = true;
      socket.destroy();
      signal();
    };

    const body = (buf: Buffer) => {
      if (!framing || ended) return;
      if (framing.kind === 'chunked') {
        dechunker.feed(buf, queued);
        if (dechunker.done) finish();
      } else if (framing.kind === 'length') {
        const piece = buf.subarray(0, framing.left);
        if (piece.length) queued.push(piece);
        framing.left -= piece.length;
        if (framing.left === 0) finish();
      } else if (buf.length) queued.push(buf);
    };

    const reads = slabs();
    const onRead = (n: number, buf: Buffer): boolean => {
      reads.used(n);
      try {
        if (!framing) {
          headBytes.push(Buffer.from(buf.subarray(0, n)));
          const all = Buffer.concat(headBytes);
          const end = all.indexOf('\r\n\r\n');
          if (end < 0 && all.length > MAX_HEAD) throw Object.assign(new Error(`no end to the answer's headers in its first ${MAX_HEAD} bytes`), { code: 'EPROTO' });
          if (end < 0) return true;
          headBytes = [];
          parsed = parseHead(all.toString('latin1', 0, end));
          framing = framingOf(parsed.headers);
          if (framing.kind === 'length' && framing.left === 0) ended = true;
          body(all.subarray(end + 4));
          if (ended) socket.destroy();
          answered = true;
          resolveHead({ ...parsed, pass, readAll, destroy: () => finish() });
          return false; // paused until the body is asked for
        }
        body(buf.subarray(0, n));
      } catch (e) {
        fail(e as Error);
        return false;
      }
      signal();
      // Read on while the consumer keeps up; a consumer waiting on its output stops the reads here.
      return queued.reduce((n, b) => n + b.length, 0) < QUEUE_LIMIT;
    };

    const fail = (e: Error) => {
      if (ended || failure) return;
      failure = failed(e);
      socket.destroy();
      if (!answered) rejectHead(failure);
      signal();
    };

    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), onread: { buffer: () => reads.next(), callback: onRead } });
    socket.setTimeout(req.timeoutMs, () => fail(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    socket.on('error', fail);
    const closed = () => {
      if (framing?.kind === 'close') finish();
      else fail(Object.assign(new Error('connection closed before the end of the answer'), { code: 'ECONNRESET' }));
    };
    socket.on('end', closed);
    socket.on('close', closed);
    socket.write(head);

    /** The next pieces of the body, reading more as needed; undefined at the end. */
    async function next(): Promise<Buffer[] | undefined> {
      for (;;) {
        if (queued.length) return queued.splice(0);
        if (failure) throw failure;
        if (ended) return undefined;
        await new Promise<void>((r) => {
          wake = r;
          socket.resume();
        });
      }
    }

    async function pass(write: (chunk: Buffer) => void | Promise<void>): Promise<void> {
      for (let pieces = await next(); pieces; pieces = await next()) {
        for (const p of pieces) {
          const waiting = write(p);
          if (waiting) await waiting;
        }
      }
    }

    async function readAll(): Promise<HttpResponse> {
      const parts: Buffer[] = [];
      await pass((b) => void parts.push(b));
      const { status, statusText, headers } = parsed as NonNullable<typeof parsed>;
      return { status, statusText, headers, body: Buffer.concat(parts) };
    }
  });
}
