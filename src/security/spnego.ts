/**
 * Kerberos over HTTP as Hadoop's web endpoints speak it (hadoop-auth's KerberosAuthenticator):
 * `Authorization: Negotiate <token>` for the service principal HTTP/<host>, then the signed
 * `hadoop.auth` cookie the server sets, sent back until it expires so that a command does one
 * Kerberos exchange per daemon, not one per request. The server's reply token is checked (mutual
 * authentication) and tells which principal the ticket cache holds.
 *
 * GSSAPI comes from the optional `kerberos` package (./gssapi.ts), loaded on first use.
 */
import { AuthError } from '../errors.js';
import type { AuthAttempt, HttpResponse, RequestAuth } from '../net/http.js';
import { shortName, type KerberosClient, type KerberosModule } from './gssapi.js';

/** The hadoop.auth cookie a server gave us, and when it stops being good (its `e=` field). */
interface AuthCookie {
  value: string;
  expiresAt: number;
}

/** Renew a little before the server would refuse the cookie. */
const COOKIE_MARGIN_MS = 30_000;

export class SpnegoAuth implements RequestAuth {
  private readonly cookies = new Map<string, AuthCookie>();
  /** The client principal (alice@EXAMPLE.COM), known after the first completed exchange. */
  principal?: string;
  /** The user name a server mapped us to (the cookie's `u=`), when one said. */
  serverUser?: string;

  /** `clientPrincipal`: whose credentials to use (a keytab login); else the ticket cache's default principal. */
  constructor(
    private readonly kerberos: KerberosModule,
    private readonly clientPrincipal?: string,
  ) {}

  /** Short name for paths and listings: what the server said, else Hadoop's default auth_to_local rule. */
  get shortName(): string | undefined {
    return this.serverUser ?? (this.principal ? shortName(this.principal) : undefined);
  }

  async begin(url: URL): Promise<AuthAttempt> {
    const cookie = this.cookies.get(url.origin);
    if (cookie && cookie.expiresAt - COOKIE_MARGIN_MS > Date.now()) {
      return { headers: { cookie: `hadoop.auth="${cookie.value}"` }, finish: (res) => this.finishWithCookie(url, res) };
    }
    const service = `HTTP@${url.hostname.replace(/^\[|\]$/g, '').toLowerCase()}`;
    const client = await this.newContext(service);
    let token: string;
    try {
      token = await client.step('');
    } catch (e) {
      throw noTicket(service, e);
    }
    return { headers: { authorization: `Negotiate ${token}` }, finish: (res) => this.finishNegotiation(url, service, client, res) };
  }

  private async newContext(service: string): Promise<KerberosClient> {
    try {
      const who = this.clientPrincipal ? { principal: this.clientPrincipal } : {};
      return await this.kerberos.initializeClient(service, { mechOID: this.kerberos.GSS_MECH_OID_SPNEGO, ...who });
    } catch (e) {
      throw noTicket(service, e);
    }
  }

  private async finishWithCookie(url: URL, res: HttpResponse): Promise<boolean> {
    this.keepCookie(url, res);
    if (res.status !== 401) return false;
    // The server no longer honours the cookie (restart, new secret): negotiate afresh.
    this.cookies.delete(url.origin);
    return true;
  }

  private async finishNegotiation(url: URL, service: string, client: KerberosClient, res: HttpResponse): Promise<boolean> {
    const challenge = negotiateToken(res);
    if (res.status === 401) throw refused(url, service, res);
    this.keepCookie(url, res);
    if (challenge) {
      try {
        await client.step(challenge);
      } catch {
        throw new AuthError(`${url.origin} failed Kerberos mutual authentication as ${service}: it may not be the server it claims to be`, 'Check the address in your cluster settings; ask the cluster administrator about its HTTP principal and keytab.');
      }
      if (client.username) this.principal = client.username;
    }
    return false;
  }

  private keepCookie(url: URL, res: HttpResponse): void {
    const set = res.headers['set-cookie'] ?? [];
    for (const line of set) {
      const m = /^hadoop\.auth="?([^";]*)"?/.exec(line);
      if (!m) continue;
      const value = m[1] as string;
      if (!value) {
        this.cookies.delete(url.origin);
        continue;
      }
      const fields = new URLSearchParams(value);
      const expiresAt = Number(fields.get('e') ?? 0);
      if (fields.get('u')) this.serverUser = fields.get('u') as string;
      this.cookies.set(url.origin, { value, expiresAt: expiresAt > 0 ? expiresAt : Date.now() + 60_000 });
    }
  }
}

function challenges(res: HttpResponse): string[] {
  const header = res.headers['www-authenticate'];
  return Array.isArray(header) ? header : header ? [header] : [];
}

/** The server's SPNEGO reply token (mutual authentication), when it sent one. */
function negotiateToken(res: HttpResponse): string | undefined {
  for (const v of challenges(res)) {
    const m = /^Negotiate\s+(\S+)/i.exec(v);
    if (m) return m[1];
  }
  return undefined;
}

function offers(res: HttpResponse, scheme: string): boolean {
  return challenges(res).some((v) => v.toLowerCase().startsWith(scheme.toLowerCase()));
}

function refused(url: URL, service: string, res: HttpResponse): AuthError {
  if (offers(res, 'PseudoAuth') || offers(res, 'Basic')) {
    return new AuthError(`${url.origin} does not use Kerberos: it asks for ${offers(res, 'Basic') ? 'HTTP basic auth' : 'simple auth (user.name)'}`, 'Use a profile with the auth the cluster uses (apx cluster add NAME --auth simple|basic).');
  }
  return new AuthError(`${url.origin} refused the Kerberos ticket for ${service}`, 'Check that your ticket is for the cluster\'s realm (klist) and that the server knows its HTTP principal; kinit again if it expired.');
}

/** GSSAPI's own words say why (no cache, expired, unknown server principal); they hold no secret. */
function noTicket(service: string, e: unknown): AuthError {
  const why = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
  if (/server not found|not found in kerberos database/i.test(why)) {
    return new AuthError(`the KDC does not know the service principal ${service.replace('@', '/')}: ${why}`, 'Check the host name in your cluster settings: Kerberos needs the name the principal was made for, not an IP or an alias.');
  }
  return new AuthError(`no usable Kerberos ticket for ${service}: ${why}`, 'Run kinit (or kinit -kt KEYTAB PRINCIPAL) and try again; KRB5CCNAME says which ticket cache apx reads.');
}
