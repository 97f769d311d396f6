/**
 * A cluster-mode AM given a principal logs in from the keytab first (Spark 3.x ApplicationMaster.main:
 * `sparkConf.get(PRINCIPAL) match { case Some(principal) if isClusterMode =>
 * SparkHadoopUtil.get.loginUserFromKeytab(principal, sparkConf.get(KEYTAB).orNull)`, the keytab
 * being the name its copy was localized under in the working directory). SparkHadoopUtil
 * .loginUserFromKeytab checks the file first: `SparkException("Keytab file: $keytabFilename does not
 * exist")`, uncaught in main; no keytab at all is `new File(null)`, a NullPointerException. No
 * recording: this follows the sources.
 */
import { kerberosLoginKeys, type SparkVersion } from '../spark/versions.js';

export function amKeytabLoginFailure(sparkConf: ReadonlyMap<string, string>, localized: ReadonlySet<string>, version?: SparkVersion): string[] | undefined {
  // A 2.4 AM reads only spark.yarn.principal/keytab; from 3.0 spark.kerberos.*, spark.yarn.* as alternatives (versions.ts).
  const keys = kerberosLoginKeys(version);
  const read = (key: string, legacy: string) => sparkConf.get(key) ?? (key === legacy ? undefined : sparkConf.get(legacy));
  const principal = read(keys.principal, 'spark.yarn.principal');
  if (!principal) return undefined;
  const keytab = read(keys.keytab, 'spark.yarn.keytab');
  if (keytab === undefined) return ['Exception in thread "main" java.lang.NullPointerException'];
  if (localized.has(keytab)) return undefined;
  return [`Exception in thread "main" org.apache.spark.SparkException: Keytab file: ${keytab} does not exist`];
}
