/**
 * A real MIT Kerberos KDC (Debian's krb5-kdc) on loopback for one test file: a realm in a temp dir,
 * the mini cluster's HTTP/127.0.0.1 keytab, users with keytabs, and `kinit` into a ticket cache of
 * our own. Nothing touches the machine's /etc/krb5.conf or the user's tickets.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDir } from './mini.js';

export const REALM = 'APX.TEST';

export interface TestKdc {
  dir: string;
  realm: string;
  krb5Config: string;
  /** Keytab of HTTP/127.0.0.1@APX.TEST, for the mini cluster. */
  httpKeytab: string;
  /** A fresh ticket cache holding a TGT for `user` (FILE:…), for KRB5CCNAME; `lifetime` as kinit -l takes it. */
  kinit(user: string, lifetime?: string): string;
  stop(): void;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.error?.message ?? ''} ${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForPort(port: number, kdc: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (kdc.exitCode !== null) throw new Error(`krb5kdc exited: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('krb5kdc did not start listening');
}

export async function startKdc(): Promise<TestKdc> {
  const dir = tempDir('apx-kdc-');
  const port = await freePort();
  const krb5Config = path.join(dir, 'krb5.conf');
  const kdcConf = path.join(dir, 'kdc.conf');
  // No DNS: the service principal is HTTP/127.0.0.1, as the URL names the host.
  fs.writeFileSync(krb5Config, `[libdefaults]
  default_realm = ${REALM}
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
  udp_preference_limit = 1
[realms]
  ${REALM} = {
    kdc = 127.0.0.1:${port}
  }
`);
  fs.writeFileSync(kdcConf, `[kdcdefaults]
  kdc_ports = ${port}
  kdc_tcp_ports = ${port}
[realms]
  ${REALM} = {
    database_name = ${dir}/principal
    key_stash_file = ${dir}/stash
    acl_file = ${dir}/kadm5.acl
    kdc_ports = ${port}
    kdc_tcp_ports = ${port}
  }
[logging]
  kdc = FILE:${dir}/kdc.log
`);
  const env = { ...process.env, KRB5_CONFIG: krb5Config, KRB5_KDC_PROFILE: kdcConf };
  run('kdb5_util', ['create', '-s', '-r', REALM, '-P', 'kdc-master-key-for-tests'], env);
  const addKeytab = (principal: string, keytab: string) => {
    run('kadmin.local', ['-q', `addprinc -randkey ${principal}`], env);
    run('kadmin.local', ['-q', `ktadd -k ${keytab} ${principal}`], env);
  };
  const httpKeytab = path.join(dir, 'http.keytab');
  addKeytab('HTTP/127.0.0.1', httpKeytab);
  const kdc = spawn('krb5kdc', ['-n', '-r', REALM], { env, stdio: 'ignore' });
  await waitForPort(port, kdc, path.join(dir, 'kdc.log'));
  // The mini cluster (in this process) reads the realm from here.
  process.env.KRB5_CONFIG = krb5Config;
  return {
    dir, realm: REALM, krb5Config, httpKeytab,
    kinit(user: string, lifetime?: string): string {
      const keytab = path.join(dir, `${user}.keytab`);
      if (!fs.existsSync(keytab)) addKeytab(user, keytab);
      const cache = `FILE:${path.join(dir, `${user}-${Date.now()}.cc`)}`;
      run('kinit', [...(lifetime ? ['-l', lifetime] : []), '-kt', keytab, user], { ...env, KRB5CCNAME: cache });
      return cache;
    },
    stop(): void {
      kdc.kill('SIGTERM');
    },
  };
}
