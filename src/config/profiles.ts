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
  /** simple (user.name), kerberos (SPNEGO) or basic (a gateway's HTTP basic auth). */
  auth?: 'simple' | 'kerberos' | 'basic';
  /** A CA bundle to trust for https (verification stays on). */
  caFile?: string;
  /** For basic auth: a file holding the password (the profile itself never holds one). */
  passwordFile?: string;
  /** A gateway's base path, e.g. /gateway/prod (Apache Knox). */
  gatewayPath?: string;
  /** The JobHistoryServer's REST base (…/ws/v1/history) serving aggregated logs of finished applications. */
  jobHistory?: string;
  /** Hadoop client configuration to use when HADOOP_CONF_DIR is not set (shipped to the AM too). */
  hadoopConfDir?: string;
  queue?: string;
  sparkConf?: Record<string, string>;
  /** Where the cluster keeps pyspark.zip and py4j (used when neither PYSPARK_ARCHIVES_PATH nor SPARK_HOME is set). */
  pySparkArchives?: string[];
}

export const MINI_PROFILE = 'mini';

/** The profile name a command uses: --cluster, else APX_CLUSTER, else the one `apx cluster use` chose. */
export function selectedProfileName(flag: string | undefined, env: NodeJS.ProcessEnv, current?: string): string | undefined {
  return flag ?? (env.APX_CLUSTER || current || undefined);
}

/** Keys whose values are secrets: never printed (`cluster show`, --dry-run, errors). */
export function isSecretKey(key: string): boolean {
  return /password|secret|token|credential|keytab|\.key$|auth\.signature/i.test(key);
}

export function unknownProfile(name: string, known: string[]): ConfigError {
  return new ConfigError(`unknown cluster profile '${name}'`, `Known profiles: ${[MINI_PROFILE, ...known].join(', ')}. Add one with apx cluster add ${name} --rm URL.`);
}
