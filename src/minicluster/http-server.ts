/**
 * What every mini cluster daemon shares with the real ones: Hadoop's response headers, the
 * simple-auth filter (401 PseudoAuth without `user.name`), RemoteException bodies, and the hooks
 * that inject faults (5xx bursts, slow answers, an unreachable daemon).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Faults, ServiceName } from './faults.js';
import type { MiniKerberos } from './kerberos.js';
import { delegationParamFailure } from './delegation-tokens.js';
import { shortName } from '../security/gssapi.js';
import { clientAddress, doAsOf, impersonationRefusal, sendImpersonationRefused, type ProxyUserConf } from './proxy-users.js';

export interface MiniRequest {
  method: string;
  url: URL;
  /** The authenticated user, or undefined when anonymous (and anonymous is allowed: dr.who). */
  user: string;
  /** With Kerberos: the full principal (alice@REALM) behind `user`. */
  principal?: string;
  /** With `doAs=`: who authenticated (the full principal under Kerberos), acting as `user` (a proxy user). */
  realUser?: string;
  /** How the user proved it: Hadoop's auth type (RM delegation-token calls need kerberos). */
  authType: 'simple' | 'kerberos' | 'delegation-token' | 'basic';
  raw: http.IncomingMessage;
  body(): Promise<Buffer>;
}

export type Handler = (req: MiniRequest, res: http.ServerResponse) => Promise<void> | void;

export interface ServiceOptions {
  name: ServiceName;
  port: number;
  anonymousAllowed: boolean;
  /** DataNodes take the user from the NameNode's redirect and have no auth filter. */
  authFilter: boolean;
  faults: Faults;
  /** The value of the Set-Cookie `t=` field: RM writes use simple-dt, WebHDFS simple. */
  authType: 'simple' | 'simple-dt';
  /** Serve https with this key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Require HTTP basic auth, as a gateway (Apache Knox) in front of the cluster does. */
  basicAuth?: { user: string; password: string };
  /** Kerberos (SPNEGO + signed cookie), and `delegation=` tokens where WebHDFS takes them. */
  kerberos?: MiniKerberos;
  /** The loopback address to bind (default 127.0.0.1): each extra DataNode gets a host of its own. */
  host?: string;
  /** hadoop.proxyuser.* (and static group mappings): who may act for whom with `doAs=` (proxy-users.ts). */
  proxyUsers?: ProxyUserConf;
}

const ANONYMOUS = 'dr.who';

/** An HTTP daemon on 127.0.0.1 that can be stopped, made unreachable for a while, and restarted on its port. */
export class MiniService {
  private server: http.Server;
  private readonly sockets = new Set<Socket>();
  private restart?: NodeJS.Timeout;
  port = 0;

  constructor(
    private readonly options: ServiceOptions,
    private readonly handler: Handler,
  ) {
    this.server = this.createServer();
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  async start(): Promise<void> {
    await listen(this.server, this.port || this.options.port, this.host);
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    // A daemon stopped for good does not come back from an outage still pending.
    clearTimeout(this.restart);
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Refuses connections for `ms` (the daemon is down), then calls `onUp` and listens again on the same port. */
  async downFor(ms: number, onUp?: () => void): Promise<void> {
    await this.stop();
    this.restart = setTimeout(() => {
      onUp?.();
      this.server = this.createServer();
      void this.start();
    }, ms).unref();
  }

  private createServer(): http.Server {
    const listener = (raw: http.IncomingMessage, res: http.ServerResponse) => {
      void this.dispatch(raw, res).catch((e: unknown) => {
        if (!res.headersSent) sendRemoteException(res, 500, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', String(e));
        else res.destroy();
      });
    };
    const server = this.options.tls ? https.createServer({ key: this.options.tls.key, cert: this.options.tls.cert }, listener) : http.createServer(listener);
    server.keepAliveTimeout = 5_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private async dispatch(raw: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const fault = this.options.faults.take(this.options.name, url.pathname, raw.method, url.search);
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'status') {
      await drain(raw);
      res.writeHead(fault.status, fault.status === 503 ? 'Service Unavailable' : 'Server Error', { 'content-type': 'text/plain;charset=utf-8' });
      res.end(`${fault.status} injected by the mini cluster`);
      return;
    }
    if (fault?.kind === 'reset') {
      raw.socket.destroy();
      return;
    }
    if (fault?.kind === 'drop-response') {
      // Handle it for real, but never let the answer out.
      res.writeHead = (() => res) as typeof res.writeHead;
      res.write = (() => true) as typeof res.write;
      res.end = (() => {
        raw.socket.destroy();
        return res;
      }) as typeof res.end;
    }
    if (this.options.basicAuth && !basicAuthOk(raw, this.options.basicAuth)) {
      await drain(raw);
      res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'BASIC realm="apx mini gateway"', 'Content-Type': 'text/plain', 'Content-Length': '0' });
      res.end();
      return;
    }
    const who = this.options.kerberos && this.options.authFilter ? await this.kerberosUser(this.options.kerberos, raw, res, url) : this.simpleUser(raw, res, url);
    if (!who) {
      await drain(raw);
      return;
    }
    const acting = this.impersonate(who, raw, res, url);
    if (!acting) {
      await drain(raw);
      return;
    }
    let cached: Promise<Buffer> | undefined;
    const req: MiniRequest = { method: raw.method ?? 'GET', url, ...acting, raw, body: () => (cached ??= readAll(raw)) };
    await this.handler(req, res);
  }

  /**
   * `doAs=` on the RM and the NameNode (simple auth and SPNEGO alike): the request then runs as the
   * proxied user if the proxyuser rules allow it (proxy-users.ts); undefined when refused (answered).
   */
  private impersonate<W extends Pick<MiniRequest, 'user' | 'principal'>>(who: W, raw: http.IncomingMessage, res: http.ServerResponse, url: URL): (W & { realUser?: string }) | undefined {
    const daemon = this.options.name === 'rm' || this.options.name === 'rm2' ? 'rm' : this.options.name === 'namenode' || this.options.name === 'namenode2' ? 'namenode' : undefined;
    const doAs = daemon && this.options.authFilter ? doAsOf(url) : undefined;
    if (!daemon || !doAs || doAs === who.user) return who;
    const refusal = impersonationRefusal(this.options.proxyUsers ?? new Map(), who.principal ?? who.user, who.user, doAs, clientAddress(raw));
    if (refusal) {
      sendImpersonationRefused(res, daemon, refusal);
      return undefined;
    }
    return { ...who, user: doAs, principal: undefined, realUser: who.principal ?? who.user };
  }

  /** Hadoop's simple auth: `user.name`, or dr.who where anonymous is allowed. */
  private simpleUser(raw: http.IncomingMessage, res: http.ServerResponse, url: URL): Pick<MiniRequest, 'user' | 'authType'> | undefined {
    const given = url.searchParams.get('user.name') ?? (this.options.basicAuth ? this.options.basicAuth.user : undefined);
    if (this.options.authFilter && !given && !this.options.anonymousAllowed) {
      sendAuthRequired(raw, res, url.pathname, 'PseudoAuth', this.options.name);
      return undefined;
    }
    const user = given ?? ANONYMOUS;
    if (this.options.authFilter) setHadoopAuthCookie(res, user, this.options.authType);
    return { user, authType: this.options.basicAuth ? 'basic' : 'simple' };
  }

  /** A `delegation=` token (what the NameNode puts in its DataNode redirects), else SPNEGO; `user.name` means nothing here. */
  private async kerberosUser(kerberos: MiniKerberos, raw: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<Pick<MiniRequest, 'user' | 'principal' | 'authType'> | undefined> {
    // The RM also takes its own token in a header instead of a ticket (kerberos/rm-cluster-info-dt-header.http).
    const header = this.options.authType === 'simple-dt' ? raw.headers['x-hadoop-delegation-token'] : undefined;
    if (typeof header === 'string') {
      const check = kerberos.tokens.check(header);
      if (check.ok) return { user: shortName(check.id.owner), principal: check.id.owner, authType: 'delegation-token' };
      // Not recorded: refused like a ticket that does not verify.
      sendNegotiateRefused(res, url.pathname, this.options.name, `org.apache.hadoop.security.token.SecretManager$InvalidToken: ${check.reason}`);
      return undefined;
    }
    const delegation = url.searchParams.get('delegation');
    if (delegation) {
      const check = kerberos.tokens.check(delegation);
      if (check.ok) return { user: check.id.owner, authType: 'delegation-token' };
      // NameNode order of the fields, and its bare application/json (kerberos/webhdfs-gethomedirectory-*-delegation.http).
      const e = delegationParamFailure(check);
      sendJson(res, e.status, { RemoteException: { exception: e.exception, javaClassName: e.javaClassName, message: e.message } }, {}, 'application/json');
      return undefined;
    }
    const who = await kerberos.authenticate(raw, res, {
      challenge: (r) => sendAuthRequired(raw, r, url.pathname, 'Negotiate', this.options.name),
      refuse: (r, message) => sendNegotiateRefused(r, url.pathname, this.options.name, message),
      cookie: { type: this.options.authType === 'simple-dt' ? 'kerberos-dt' : 'kerberos', path: this.options.name !== 'nm' },
    });
    return who ? { user: who.user, principal: who.principal, authType: 'kerberos' } : undefined;
  }
}

function basicAuthOk(raw: http.IncomingMessage, expected: { user: string; password: string }): boolean {
  const header = raw.headers.authorization ?? '';
  const m = /^Basic (.+)$/i.exec(header);
  return !!m && Buffer.from(m[1] as string, 'base64').toString('utf8') === `${expected.user}:${expected.password}`;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function drain(stream: http.IncomingMessage): Promise<void> {
  stream.resume();
  await new Promise<void>((r) => {
    if (stream.readableEnded) r();
    else stream.on('end', () => r()).on('error', () => r()).on('close', () => r());
  });
}

function hadoopDate(): string {
  return new Date().toUTCString();
}

/** The headers Hadoop's HttpServer2 puts on every answer (see the recordings). */
export function hadoopHeaders(contentType: string): Record<string, string> {
  const now = hadoopDate();
  return {
    'Cache-Control': 'no-cache',
    Expires: now,
    Date: now,
    Pragma: 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'X-XSS-Protection': '1; mode=block',
    'X-Frame-Options': 'SAMEORIGIN',
    'Content-Type': contentType,
  };
}

function setHadoopAuthCookie(res: http.ServerResponse, user: string, t: string): void {
  const expires = Date.now() + 10 * 3600 * 1000;
  res.setHeader('Set-Cookie', `hadoop.auth="u=${user}&p=${user}&t=${t}&e=${expires}&s=minicluster"; Path=/; HttpOnly`);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, contentType = 'application/json;charset=utf-8'): void {
  // JSON.stringify rounds Long.MAX_VALUE; the real answers carry it exactly (maximumAllocation).
  const text = typeof body === 'string' ? body : JSON.stringify(body).replaceAll('9223372036854776000', '9223372036854775807');
  res.writeHead(status, statusText(status), { ...hadoopHeaders(contentType), ...extra });
  res.end(text);
}

export function sendRemoteException(res: http.ServerResponse, status: number, exception: string, javaClassName: string, message: string, contentType = 'application/json;charset=utf-8'): void {
  sendJson(res, status, { RemoteException: { exception, message, javaClassName } }, {}, contentType);
}

export function sendText(res: http.ServerResponse, status: number, text: string, contentType = 'text/plain;charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, statusText(status), { ...hadoopHeaders(contentType), ...extra });
  res.end(text);
}

/** The empty hadoop.auth cookie of a refusal; the NodeManager's has no Path (kerberos/nm-node-info-no-ticket.http). */
function clearedCookie(service: ServiceName): string {
  return service === 'nm' ? 'hadoop.auth=; HttpOnly' : 'hadoop.auth=; Path=/; HttpOnly';
}

function refusalHeaders(service: ServiceName): Record<string, string> {
  return {
    Pragma: 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'X-XSS-Protection': '1; mode=block',
    'Set-Cookie': clearedCookie(service),
    'Cache-Control': 'must-revalidate,no-cache,no-store',
  };
}

/** Jetty's error page, as the recorded 401s and 403s carry it. */
function jettyErrorPage(status: number, message: string, path: string): string {
  const m = message.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${m}</title>\n</head>\n<body><h2>HTTP ERROR ${status} ${m}</h2>\n<table>\n<tr><th>URI:</th><td>${path}</td></tr>\n<tr><th>STATUS:</th><td>${status}</td></tr>\n<tr><th>MESSAGE:</th><td>${m}</td></tr>\n<tr><th>SERVLET:</th><td>org.apache.hadoop.http.WebServlet-minicluster</td></tr>\n</table>\n\n</body>\n</html>\n`;
}

function sendAuthRequired(raw: http.IncomingMessage, res: http.ServerResponse, path: string, scheme: 'PseudoAuth' | 'Negotiate', service: ServiceName): void {
  const headers = { ...refusalHeaders(service), 'WWW-Authenticate': scheme };
  if (scheme === 'PseudoAuth' && (raw.method === 'PUT' || raw.method === 'POST')) {
    // Recorded: an anonymous RM write answers 401 with an empty body (with Kerberos it gets the page).
    res.writeHead(401, 'Authentication required', { ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  if ((raw.headers.accept ?? '').includes('application/json')) {
    res.writeHead(401, 'Authentication required', { ...headers, 'Content-Type': 'application/json' });
    res.end(`{\n"servlet":"org.apache.hadoop.http.WebServlet-minicluster",\n"message":"Authentication required",\n"url":"${path}",\n"status":"401"\n}`);
    return;
  }
  res.writeHead(401, 'Authentication required', { ...headers, 'Content-Type': 'text/html;charset=iso-8859-1' });
  res.end(jettyErrorPage(401, 'Authentication required', path));
}

/**
 * hadoop-auth refuses a Negotiate token it cannot accept with 403, the exception text as the reason
 * phrase and in Jetty's page (kerberos/rm-cluster-info-bad-negotiate.http).
 */
export function sendNegotiateRefused(res: http.ServerResponse, path: string, service: ServiceName, message: string): void {
  // A reason phrase is one line of Latin-1.
  const reason = message.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  res.writeHead(403, reason, { ...refusalHeaders(service), 'Content-Type': 'text/html;charset=iso-8859-1' });
  res.end(jettyErrorPage(403, reason, path));
}

export function statusText(status: number): string {
  return ({ 200: 'OK', 201: 'Created', 202: 'Accepted', 302: 'Found', 307: 'Temporary Redirect', 400: 'Bad Request', 401: 'Authentication required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? '';
}

/** The RM proxy's "Moved" page (recorded: 302 while ACCEPTED and after the app ended). */
export function sendMoved(res: http.ServerResponse, location: string): void {
  res.writeHead(302, 'Found', { ...hadoopHeaders('text/html;charset=utf-8'), Location: location });
  res.end(
    `<html>\n  <head>\n    <title>\n      Moved\n    </title>\n  </head>\n  <body>\n    <h1>\n      Moved\n    </h1>\n    <div>\n      Content has moved \n      <a href="${location}">here</a>\n    </div>\n  </body>\n</html>\n`,
  );
}
