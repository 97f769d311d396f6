/**
 * How apx proves who it is and whom it trusts, per cluster: TLS (a profile's CA file, verification on
 * unless --insecure, which warns every time), HTTP basic auth for gateways (the password from
 * APX_PASSWORD, APX_PASSWORD_FILE or a prompt — never a flag that lands in shell history), and
 * Kerberos, which needs the optional `kerberos` package.
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
  } else if (profile?.auth === 'kerberos') {
    await import('kerberos' as string).catch(() => {
      throw new ConfigError('this profile uses Kerberos (SPNEGO), which needs the optional `kerberos` package', 'Install it next to apx (npm install kerberos; it builds against libkrb5-dev), then kinit. apx does not speak SPNEGO without it.');
    });
    throw new ConfigError('apx cannot authenticate with Kerberos (SPNEGO) yet, even with the `kerberos` package installed', 'Use a gateway with basic auth (apx cluster add NAME --auth basic), or simple auth, for now.');
  }
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
