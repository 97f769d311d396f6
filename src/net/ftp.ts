/**
 * Just enough FTP (RFC 959, passive mode, binary) to fetch one file, as spark-submit fetches ftp://
 * dependencies through Hadoop's FTPFileSystem: log in (anonymous unless the URL names a user), TYPE I,
 * PASV, RETR. Nothing else of FTP is needed.
 */
import fs from 'node:fs';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';

export class FtpError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
  }
}

/** Reads whole replies (a multi-line one ends with "NNN " after "NNN-" lines) off the control socket. */
class ReplyReader {
  private buffer = '';
  private waiting: ((reply: { code: number; text: string }) => void)[] = [];
  private replies: { code: number; text: string }[] = [];

  constructor(socket: net.Socket, onError: (e: Error) => void) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
    socket.on('error', onError);
  }

  private drain(): void {
    for (;;) {
      const m = /^(\d{3})-[\s\S]*?\r?\n\1 [^\n]*\r?\n|^(\d{3}) [^\n]*\r?\n/.exec(this.buffer);
      if (!m) return;
      this.buffer = this.buffer.slice(m[0].length);
      const reply = { code: Number(m[1] ?? m[2]), text: m[0].trim() };
      const next = this.waiting.shift();
      if (next) next(reply);
      else this.replies.push(reply);
    }
  }

  next(): Promise<{ code: number; text: string }> {
    const ready = this.replies.shift();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => this.waiting.push(resolve));
  }
}

function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new FtpError(`no answer from ${host}:${port} in ${timeoutMs / 1000}s`)));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Downloads ftp://[user[:password]@]host[:port]/path to `file`. */
export async function ftpDownload(url: URL, file: string, timeoutMs = 30_000): Promise<void> {
  const host = url.hostname;
  const control = await connect(host, Number(url.port || 21), timeoutMs);
  let failed: Error | undefined;
  const replies = new ReplyReader(control, (e) => (failed = e));
  const expect = async (ok: (code: number) => boolean, what: string) => {
    const reply = await replies.next();
    if (failed) throw failed;
    if (!ok(reply.code)) throw new FtpError(`${what}: the server answered ${reply.text}`, reply.code);
    return reply;
  };
  const send = (command: string) => control.write(`${command}\r\n`);
  try {
    await expect((c) => c === 220, 'connect');
    send(`USER ${url.username ? decodeURIComponent(url.username) : 'anonymous'}`);
    const user = await expect((c) => c === 230 || c === 331, 'log in');
    if (user.code === 331) {
      send(`PASS ${url.password ? decodeURIComponent(url.password) : 'apx@'}`);
      await expect((c) => c === 230 || c === 202, 'log in');
    }
    send('TYPE I');
    await expect((c) => c === 200, 'binary mode');
    send('PASV');
    const pasv = await expect((c) => c === 227, 'passive mode');
    const n = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(pasv.text)?.slice(1).map(Number);
    if (!n) throw new FtpError(`passive mode: cannot read an address in ${pasv.text}`);
    // The control connection's host, not the one the server names: it may sit behind NAT (as curl does).
    const data = await connect(host, (n[4] as number) * 256 + (n[5] as number), timeoutMs);
    try {
      send(`RETR ${decodeURIComponent(url.pathname)}`);
      const transfer = pipeline(data, fs.createWriteStream(file));
      transfer.catch(() => {}); // awaited below; a refused RETR must not leave it unhandled
      await expect((c) => c === 150 || c === 125, 'retrieve');
      await transfer;
      await expect((c) => c === 226 || c === 250, 'retrieve');
    } finally {
      data.destroy();
    }
    send('QUIT');
  } finally {
    control.destroy();
  }
}
