/**
 * The GSSAPI binding: the optional `kerberos` package, loaded on first use. apx installs and runs
 * without it (npm skips it where libkrb5-dev is missing); only Kerberos needs it.
 */
import { ConfigError } from '../errors.js';

/** The part of the `kerberos` package apx uses (declared here: the package is optional). */
export interface KerberosClient {
  step(challenge: string): Promise<string>;
  username: string | null;
  contextComplete: boolean;
}
/** The acceptor side, which only the mini cluster uses. */
export interface KerberosServer {
  step(token: string): Promise<string>;
  username: string;
}
export interface KerberosModule {
  initializeClient(service: string, options: { mechOID?: unknown; principal?: string }): Promise<KerberosClient>;
  initializeServer(service: string): Promise<KerberosServer>;
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
      : `this profile uses Kerberos (SPNEGO), and the \`kerberos\` package cannot be loaded: ${why.split('\n')[0]}`,
    'Install libkrb5-dev (Debian/Ubuntu) or krb5-devel (RHEL), then `npm install kerberos` next to apx, and kinit.',
  );
}

/** A principal's short name under Hadoop's DEFAULT auth_to_local rule: its first component, realm dropped. */
export function shortName(principal: string): string {
  return principal.split('@')[0]?.split('/')[0] ?? principal;
}
