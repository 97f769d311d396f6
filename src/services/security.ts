/**
 * How apx proves who it is and whom it trusts, per cluster: TLS (a profile's CA file, verification on
 * unless --insecure, which warns every time), HTTP basic auth for gateways (the password from
 * APX_PASSWORD, APX_PASSWORD_FILE or a prompt — never a flag that lands in shell history), and
 * Kerberos (SPNEGO, src/security/spnego.ts), which needs the optional `kerberos` package.
 */
import fs from 'node:fs';
import { AuthError, ConfigError } from '../errors.js';
import type { ClusterTarget } from '../config/cluster.js';
import type { ClusterProfile } from '../config/profiles.js';

export interface SecurityOptions {
  insecure?: boolean;
  warn?: (line: string) => void;
  /** Asks for the password on the terminal (tests and non-TTY runs leave it out). */
  prompt?: (question: string) => Promise<string>;
  keytabLogin?: KeytabLogin;
}

/** --principal/--keytab given as flags: the principal and the keytab file (an absolute path). */
export interface KeytabLogin {
  principal: string;
  keytab: string;
}

async function password(env: NodeJS.ProcessEnv, profile: ClusterProfile | undefined, o: SecurityOptions): Promise<string> {
  if (env.APX_PASSWORD) return env.APX_PASSWORD;
  const file = env.APX_PASSWORD_FILE ?? profile?.passwordFile;
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new ConfigError(`the password file ${file} cannot be read`);
    }
  }
  if (o.prompt) return o.prompt('password: ');
  throw new AuthError('this cluster uses HTTP basic auth and no password was given', 'Set APX_PASSWORD or APX_PASSWORD_FILE (or run apx at a terminal to be asked).');
}

export async function applySecurity(target: ClusterTarget, profile: ClusterProfile | undefined, env: NodeJS.ProcessEnv, o: SecurityOptions = {}): Promise<void> {
  if (o.insecure) {
    (o.warn ?? ((l) => process.stderr.write(`${l}\n`)))('apx: WARNING: --insecure: TLS certificates are NOT verified; anyone on the network path can read and change what apx sends, passwords included.');
    target.tls = { rejectUnauthorized: false };
  } else if (profile?.caFile) {
    try {
      target.tls = { ca: fs.readFileSync(profile.caFile), rejectUnauthorized: true };
    } catch {
      throw new ConfigError(`the CA file ${profile.caFile} of this profile cannot be read`);
    }
  }
  if (profile?.auth === 'basic') {
    const secret = await password(env, profile, o);
    target.headers = { ...target.headers, authorization: `Basic ${Buffer.from(`${target.user}:${secret}`).toString('base64')}` };
  } else if (authMode(profile, target) === 'kerberos') {
    await useKerberos(target, o.keytabLogin);
  }
}

/** A profile says; without one, a secured cluster's own core-site does (WebHDFS and the RM then want SPNEGO). */
function authMode(profile: ClusterProfile | undefined, target: ClusterTarget): ClusterProfile['auth'] {
  if (profile?.auth) return profile.auth;
  const conf = target.hadoopConf;
  return conf.get('hadoop.security.authentication') === 'kerberos' || conf.get('hadoop.http.authentication.type') === 'kerberos' ? 'kerberos' : undefined;
}

/**
 * SPNEGO on every request. Who the ticket is for decides the paths (/user/<name>/…) before anything
 * is uploaded, so one authenticated call to the RM asks now; HADOOP_USER_NAME does not apply, as in Hadoop.
 */
async function useKerberos(target: ClusterTarget, keytabLogin?: KeytabLogin): Promise<void> {
  if (keytabLogin) loginFromKeytab(keytabLogin);
  const [{ SpnegoAuth }, { loadKerberos }] = await Promise.all([import('../security/spnego.js'), import('../security/gssapi.js')]);
  const auth = new SpnegoAuth(await loadKerberos(), keytabLogin?.principal);
  target.auth = auth;
  const { RmClient } = await import('../yarn/rm-client.js');
  await new RmClient({ resourceManagers: target.resourceManagers, apiRoot: target.rmApiRoot, tls: target.tls, auth }).clusterInfo();
  const user = auth.shortName;
  if (!user) {
    throw new AuthError('the ResourceManager accepted the Kerberos ticket but did not say whose it is', 'Run klist to see your principal; HADOOP_USER_NAME is not used with Kerberos.');
  }
  target.user = user;
  target.sources.set('user', user, auth.principal ? `Kerberos ticket of ${auth.principal}` : 'Kerberos ticket');
}

/**
 * SparkSubmit logs in from --keytab (UserGroupInformation.loginUserFromKeytab) and never touches the
 * user's ticket cache. The same with MIT Kerberos: a ticket cache in this process's memory, and the
 * keytab as the client keytab GSSAPI takes initial credentials from (KRB5_CLIENT_KTNAME, krb5 ≥ 1.11).
 */
function loginFromKeytab(login: KeytabLogin): void {
  process.env.KRB5CCNAME = `MEMORY:apx-${process.pid}`;
  process.env.KRB5_CLIENT_KTNAME = login.keytab;
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) return reject(new AuthError('a password is needed and there is no terminal to ask on', 'Set APX_PASSWORD or APX_PASSWORD_FILE.'));
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.exit(130);
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}
