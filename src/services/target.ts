/** Resolves the cluster a command talks to: the `mini` profile, a named profile, or Hadoop's own config. */
import { resolveCluster, type ClusterTarget } from '../config/cluster.js';
import { MINI_PROFILE, selectedProfileName, unknownProfile } from '../config/profiles.js';
import { ConfigError } from '../errors.js';
import { currentProfile, loadProfile, profileNames } from '../config/profile-store.js';

export async function resolveTarget(flag: string | undefined, env: NodeJS.ProcessEnv, opts: { allowEmbeddedMini: boolean }): Promise<ClusterTarget> {
  const name = selectedProfileName(flag, env, currentProfile(env));
  if (name === MINI_PROFILE) {
    const { connectMini } = await import('../minicluster/target.js');
    const target = await connectMini(env, opts.allowEmbeddedMini);
    if (!target) throw new ConfigError('no mini cluster is running', 'Start one in another terminal with `apx minicluster` (submit --cluster mini starts its own).');
    return target;
  }
  if (name !== undefined) {
    const profile = loadProfile(name, env);
    if (!profile) throw unknownProfile(name, profileNames(env));
    return resolveCluster({ env, profile, profileName: name });
  }
  return resolveCluster({ env });
}
