/**
 * Named cluster profiles. The built-in `mini` profile points at the embedded mini cluster; it is only
 * ever used when asked for by name, so a pipeline with missing configuration fails instead of
 * silently "succeeding" against a simulation.
 */
import { ConfigError } from '../errors.js';

export interface ClusterProfile {
  resourceManagers?: string[];
  webhdfs?: string[];
  user?: string;
  queue?: string;
  sparkConf?: Record<string, string>;
  /** Where the cluster keeps pyspark.zip and py4j (used when neither PYSPARK_ARCHIVES_PATH nor SPARK_HOME is set). */
  pySparkArchives?: string[];
}

export const MINI_PROFILE = 'mini';

export type ProfileLookup = (name: string) => ClusterProfile | undefined;

/** The profile name a command uses: --cluster, else APX_CLUSTER, else none (Hadoop's own config). */
export function selectedProfileName(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? (env.APX_CLUSTER || undefined);
}

export function unknownProfile(name: string, known: string[]): ConfigError {
  return new ConfigError(`unknown cluster profile '${name}'`, `Known profiles: ${[MINI_PROFILE, ...known].join(', ')}. Add one with apx cluster add ${name} --rm URL.`);
}
