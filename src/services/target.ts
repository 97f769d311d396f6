/** Resolves the cluster a command talks to: the `mini` profile, a named profile, or Hadoop's own config. */
import { resolveCluster, type ClusterTarget } from '../config/cluster.js';
import { MINI_PROFILE, selectedProfileName, unknownProfile } from '../config/profiles.js';
import { ConfigError } from '../errors.js';
import { currentProfile, loadProfile, profileNames } from '../config/profile-store.js';
import { applySecurity, promptHidden, type KeytabLogin } from './security.js';

export interface TargetOptions {
  allowEmbeddedMini: boolean;
  insecure?: boolean;
  /** Told, for the mini profile, whether a running `apx minicluster` or an embedded one is used. */
  announce?: (line: string) => void;
  /** --principal/--keytab: with Kerberos, log in from the keytab instead of the ticket cache. */
  keytabLogin?: KeytabLogin;
  /**
   * How to ask for a gateway password. Left out, the CLI asks on the terminal when stdin is one;
   * a library caller passes its own callback, or null for never (it owns no terminal).
   */
  prompt?: ((question: string) => Promise<string>) | null;
  /** Where the --insecure warning goes (stderr unless told). */
  warn?: (line: string) => void;
}

export async function resolveTarget(flag: string | undefined, env: NodeJS.ProcessEnv, opts: TargetOptions): Promise<ClusterTarget> {
  const name = selectedProfileName(flag, env, currentProfile(env));
  if (name === MINI_PROFILE) {
    const { connectMini } = await import('../minicluster/target.js');
    const target = await connectMini(env, opts.allowEmbeddedMini, opts.announce);
    if (!target) throw new ConfigError('no mini cluster is running', 'Start one in another terminal with `apx minicluster` (submit --cluster mini starts its own).');
    await applySecurity(target, undefined, env, { insecure: opts.insecure, warn: opts.warn, keytabLogin: opts.keytabLogin });
    return target;
  }
  const profile = name === undefined ? undefined : loadProfile(name, env);
  if (name !== undefined && !profile) throw unknownProfile(name, profileNames(env));
  const target = resolveCluster({ env, profile, profileName: name });
  const prompt = opts.prompt === undefined ? (process.stdin.isTTY ? promptHidden : undefined) : (opts.prompt ?? undefined);
  await applySecurity(target, profile, env, { insecure: opts.insecure, prompt, warn: opts.warn, keytabLogin: opts.keytabLogin });
  return target;
}
