/**
 * A Kerberized mini cluster: hadoop-auth's KerberosAuthenticationHandler on every daemon (SPNEGO
 * against a real keytab through the optional `kerberos` package, then a signed `hadoop.auth` cookie),
 * and a delegation token secret manager shared by the NameNode, the DataNode and the RM. The KDC is
 * not ours: tests start MIT Kerberos (krb5kdc) on loopback and hand us the HTTP service keytab.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { loadKerberos, shortName, type KerberosModule, type KerberosServer } from '../security/gssapi.js';
import { TokenAuthority } from './delegation-tokens.js';

export interface MiniKerberosOptions {
  /** A keytab holding HTTP/127.0.0.1@<realm>, the principal every daemon serves as. */
  keytab: string;
  realm: string;
  /** hadoop.http.authentication.token.validity (Hadoop: 10 hours). */
  cookieValidityMs?: number;
}

/**
 * The cookie each daemon sets (kerberos/*-spnego.http): the RM's filter is the delegation-token aware
 * one (`t=kerberos-dt`), the NameNode's and NodeManager's plain `kerberos`; the NodeManager sets no Path.
 */
export interface CookieFlavour {
  type: 'kerberos' | 'kerberos-dt';
  path: boolean;
}

export class MiniKerberos {
  readonly tokens = new TokenAuthority();
  /** Completed SPNEGO exchanges: a client that reuses the cookie makes one per daemon. */
  negotiations = 0;
  private secret = crypto.randomBytes(32);
  private module?: Promise<KerberosModule>;

  constructor(private readonly options: MiniKerberosOptions) {
    // GSSAPI finds the acceptor's key through the environment; the mini cluster is its own process's server.
    process.env.KRB5_KTNAME = options.keytab;
  }

  get realm(): string {
    return this.options.realm;
  }

  /** The RM's principal (yarn.resourcemanager.principal), renewer of the tokens apps ship. */
  get rmPrincipal(): string {
    return `rm/_HOST@${this.options.realm}`;
  }

  /** The short name the RM renews tokens as. */
  get rmUser(): string {
    return shortName(this.rmPrincipal);
  }

  /**
   * The authenticated user, from a valid cookie or a Negotiate token; otherwise the 401/403 has been
   * sent and the answer is undefined.
   */
  async authenticate(
    raw: http.IncomingMessage,
    res: http.ServerResponse,
    answer: { challenge: (res: http.ServerResponse) => void; refuse: (res: http.ServerResponse, message: string) => void; cookie: CookieFlavour },
  ): Promise<{ user: string; principal: string } | undefined> {
    const fromCookie = this.userFromCookie(raw.headers.cookie ?? '');
    if (fromCookie) return fromCookie;
    const m = /^Negotiate\s+(\S+)$/i.exec(raw.headers.authorization ?? '');
    if (!m) {
      answer.challenge(res);
      return undefined;
    }
    let server: KerberosServer;
    let reply: string;
    try {
      this.module ??= loadKerberos();
      server = await (await this.module).initializeServer('HTTP@127.0.0.1');
      reply = await server.step(m[1] as string);
    } catch (e) {
      // hadoop-auth answers a token it cannot accept with 403 and the exception's text.
      answer.refuse(res, `GSSException: ${(e as Error).message}`);
      return undefined;
    }
    this.negotiations++;
    const user = shortName(server.username);
    res.setHeader('Set-Cookie', this.cookie(user, server.username, answer.cookie));
    if (reply) res.setHeader('WWW-Authenticate', `Negotiate ${reply}`);
    return { user, principal: server.username };
  }

  /** A daemon restart: a new signer secret, so every cookie given so far is refused. */
  restartSigner(): void {
    this.secret = crypto.randomBytes(32);
  }

  private cookie(user: string, principal: string, flavour: CookieFlavour): string {
    const expires = Date.now() + (this.options.cookieValidityMs ?? 10 * 3600 * 1000);
    const value = `u=${user}&p=${principal}&t=${flavour.type}&e=${expires}`;
    return `hadoop.auth="${value}&s=${this.sign(value)}";${flavour.path ? ' Path=/;' : ''} HttpOnly`;
  }

  private userFromCookie(header: string): { user: string; principal: string } | undefined {
    const m = /hadoop\.auth="?([^";]+)"?/.exec(header);
    if (!m) return undefined;
    const value = m[1] as string;
    const at = value.lastIndexOf('&s=');
    if (at < 0) return undefined;
    const signed = value.slice(0, at);
    const given = Buffer.from(value.slice(at + 3));
    const expected = Buffer.from(this.sign(signed));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
    const fields = new URLSearchParams(signed);
    if (Number(fields.get('e') ?? 0) < Date.now()) return undefined;
    const user = fields.get('u');
    return user ? { user, principal: fields.get('p') ?? user } : undefined;
  }

  private sign(value: string): string {
    return crypto.createHmac('sha256', this.secret).update(value).digest('base64');
  }
}
