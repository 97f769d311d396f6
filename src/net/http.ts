/**
 * A small HTTP layer on node:http(s). Not axios: apx must start in a few tens of milliseconds
 * (`apx status` ≤ 2× `node -e 0`), stream multi-GiB bodies to a WebHDFS DataNode with flat memory,
 * and never follow a redirect of a POST/PUT by itself (a standby RM or a NameNode answers 307,
 * and the body must be re-sent deliberately, to the right place).
 */
import http from 'node:http';
import type https from 'node:https';
import type { Readable } from 'node:stream';
import { ClusterError } from '../errors.js';
import { redactUrl } from './redact.js';

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** A Buffer/string is sent with Content-Length; a stream is sent chunked unless contentLength is given. */
  body?: Buffer | string | Readable;
  contentLength?: number;
  timeoutMs?: number;
  /** Called with the number of body bytes handed to the socket so far (upload progress). */
  onBodyProgress?: (bytesSent: number) => void;
  signal?: AbortSignal;
  /** TLS options: CA bundle and whether to verify the peer (`--insecure` turns it off, loudly). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Authentication that takes part in each exchange (SPNEGO): headers before, the answer read after. */
  auth?: RequestAuth;
}

/**
 * A way of proving who we are that needs to see each answer: Kerberos SPNEGO sends a fresh
 * `Negotiate` token (or the `hadoop.auth` cookie a server gave back) and checks the server's reply.
 */
export interface RequestAuth {
  begin(url: URL): Promise<AuthAttempt>;
}

export interface AuthAttempt {
  headers: Record<string, string>;
  /** Reads the answer (cookie, mutual authentication); true when the request should be sent once more with fresh credentials. */
  finish(res: HttpResponse): Promise<boolean>;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** node:https pulls in TLS (several ms of start-up): loaded on the first https request only. */
function httpsModule(): typeof https {
  return process.getBuiltinModule('node:https') as typeof https;
}
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const httpsAgents = new Map<string, https.Agent>();

function agentFor(url: URL, tls: HttpRequest['tls']): http.Agent {
  if (url.protocol === 'http:') return httpAgent;
  const key = `${tls?.rejectUnauthorized === false ? 'insecure' : 'verify'}:${tls?.ca ? String(tls.ca).length : 0}`;
  let agent = httpsAgents.get(key);
  if (!agent) {
    agent = new (httpsModule().Agent)({ keepAlive: true, maxSockets: 16, ca: tls?.ca, rejectUnauthorized: tls?.rejectUnauthorized ?? true });
    httpsAgents.set(key, agent);
  }
  return agent;
}

/** Sends one request and reads the whole answer. Network failures become ClusterError (exit 3). */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  if (!req.auth) return sendOnce(req);
  const url = new URL(req.url);
  // A second round only when the server dropped a cookie we sent, and only if the body can be sent again.
  for (let round = 0; ; round++) {
    const attempt = await req.auth.begin(url);
    const res = await sendOnce({ ...req, headers: { ...req.headers, ...attempt.headers } });
    const again = await attempt.finish(res);
    if (!again || round > 0 || !replayable(req.body)) return res;
  }
}

/** A stream has been consumed by the first try; a buffer or nothing can be sent again. */
function replayable(body: HttpRequest['body']): boolean {
  return body === undefined || typeof body === 'string' || Buffer.isBuffer(body);
}

function sendOnce(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const transport = url.protocol === 'https:' ? httpsModule() : http;
  const headers: Record<string, string> = { ...req.headers };
  const body = req.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    headers['content-length'] = String(Buffer.byteLength(body));
  } else if (body && req.contentLength !== undefined) {
    headers['content-length'] = String(req.contentLength);
  }
  return new Promise<HttpResponse>((resolve, reject) => {
    const request = transport.request(
      url,
      { method: req.method, headers, agent: agentFor(url, req.tls), signal: req.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(networkError(e, req)));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    request.setTimeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => {
      request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    request.on('error', (e) => reject(networkError(e, req)));
    if (body === undefined) {
      request.end();
    } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
      request.end(body);
    } else {
      let sent = 0;
      body.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        req.onBodyProgress?.(sent);
      });
      body.on('error', (e) => request.destroy(e));
      body.pipe(request);
    }
  });
}

export interface StreamingResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  /** The body as it arrives; read it to the end or destroy it. */
  body: http.IncomingMessage;
}

/**
 * A GET whose answer is streamed, not gathered: a log of any size goes from the socket to stdout in
 * flat memory. Authentication takes one round (a SPNEGO cookie is read from the headers).
 */
export async function openStream(req: Omit<HttpRequest, 'method' | 'body'>): Promise<StreamingResponse> {
  const url = new URL(req.url);
  const attempt = req.auth ? await req.auth.begin(url) : undefined;
  const headers = { ...req.headers, ...attempt?.headers };
  const transport = url.protocol === 'https:' ? httpsModule() : http;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = transport.request(url, { method: 'GET', headers, agent: agentFor(url, req.tls), signal: req.signal }, resolve);
    request.setTimeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', (e) => reject(networkError(e, { ...req, method: 'GET' })));
    request.end();
  });
  res.on('error', () => {});
  await attempt?.finish({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.alloc(0) });
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: res };
}

/** Reads a streamed answer whole (an error page, a small JSON body). */
export async function readAll(res: StreamingResponse): Promise<HttpResponse> {
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return { status: res.status, statusText: res.statusText, headers: res.headers, body: Buffer.concat(chunks) };
}

/** The network-level failure, said in the user's terms, with the address but never a secret. */
export function networkError(e: unknown, req: HttpRequest): Error {
  const err = e as NodeJS.ErrnoException;
  if (err.name === 'AbortError') return err;
  const where = redactUrl(req.url);
  const origin = new URL(req.url).origin;
  const why: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'timed out',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    EHOSTUNREACH: 'host unreachable',
    EPIPE: 'connection closed while sending',
  };
  if (err.code && TLS_TRUST_CODES.has(err.code)) {
    return new NetworkError(
      `cannot reach ${origin}: its TLS certificate is not trusted (${err.message})`,
      err.code,
      "Give the cluster's CA bundle to the profile (apx cluster add NAME --ca-file FILE); --insecure turns verification off, which is unsafe.",
    );
  }
  const reason = (err.code && why[err.code]) ?? err.message;
  return Object.assign(new NetworkError(`cannot reach ${origin}: ${reason} (${req.method} ${where})`, err.code), { reason });
}

const TLS_TRUST_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED']);

/** A failure to talk to a server at all (as opposed to an error answer); retryable for idempotent calls. */
export class NetworkError extends ClusterError {
  /** What went wrong in a few words ("connection refused"), for messages that name the server themselves. */
  reason?: string;

  constructor(
    message: string,
    readonly code?: string,
    hint = 'Check the address in your cluster settings and that the service is up (apx submit --dry-run shows where apx connects).',
  ) {
    super(message, hint);
  }
}

export function parseJson<T>(res: HttpResponse, what: string): T {
  const text = res.body.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ClusterError(`${what}: the server answered ${res.status} with something that is not JSON: ${text.slice(0, 120)}`);
  }
}
