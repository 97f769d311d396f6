/**
 * Kerberos over HTTP as Hadoop's web endpoints speak it (hadoop-auth's KerberosAuthenticator):
 * `Authorization: Negotiate <token>` for the service principal HTTP/<host>, then the signed
 * `hadoop.auth` cookie the server sets, sent back until it expires so that a command does one
 * Kerberos exchange per daemon, not one per request. The server's reply token is checked (mutual
 * authentication) and tells which principal the ticket cache holds.
 *
 * The GSSAPI binding is the optional `kerberos` package, loaded on first use: apx installs and runs
 * without it, and only a profile with `auth: kerberos` needs it.
 */
import { AuthError, ConfigError } from '../errors.js';
import type { AuthAttempt, HttpResponse, RequestAuth } from '../net/http.js';

/** The part of the `kerberos` package apx uses (declared here: the package is optional). */
interface KerberosClient {
  step(challenge: string): Promise<string>;
  username: string | null;
  contextComplete: boolean;
}
interface KerberosModule {
  initializeClient(service: string, options: { mechOID?: unknown }): Promise<KerberosClient>;
  GSS_MECH_OID_SPNEGO: unknown;
}

export async function loadKerberos(): Promise<KerberosModule> {
  try {
    // A CommonJS package: its exports are the ESM default.
    const mod = (await import('kerberos' as string)) as { default?: KerberosModule } & Partial<KerberosModule>;
    return (mod.default ?? mod) as KerberosModule;
  } catch (e) {
    throw kerberosLoadError(e);
  }
}

/** Not installed (npm skips an optional package that cannot build without libkrb5-dev) versus there but broken. */
function kerberosLoadError(e: unknown): ConfigError {
  const err = e as NodeJS.ErrnoException;
  const notFound = (x: unknown) => {
    const c = x as NodeJS.ErrnoException | undefined;
    return !!c && (c.code === 'ERR_MODULE_NOT_FOUND' || c.code === 'MODULE_NOT_FOUND' || /Cannot find (package|module) 'kerberos'/.test(c.message ?? ''));
  };
  // The innermost error says why (a loader may wrap it).
  const why = err.cause instanceof Error ? err.cause.message : (err.message ?? String(e));
  return new ConfigError(
    notFound(err) || notFound(err.cause)
      ? 'this profile uses Kerberos (SPNEGO), which needs the optional `kerberos` package, and it is not installed'
      : `this profile uses Kerberos (SPNEGO), and the \`kerberos\` package cannot be loaded: ${firstLine(why)}`,
    'Install libkrb5-dev (Debian/Ubuntu) or krb5-devel (RHEL), then `npm install kerberos` next to apx, and kinit.',
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

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

  constructor(private readonly kerberos: KerberosModule) {}

  /** Short name for paths and listings: what the server said, else Hadoop's default auth_to_local rule. */
  get shortName(): string | undefined {
    return this.serverUser ?? this.principal?.split('@')[0]?.split('/')[0];
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
      return await this.kerberos.initializeClient(service, { mechOID: this.kerberos.GSS_MECH_OID_SPNEGO });
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
