/**
 * A cluster-mode AM given a principal logs in from the keytab first (Spark 3.x ApplicationMaster.main:
 * `sparkConf.get(PRINCIPAL) match { case Some(principal) if isClusterMode =>
 * SparkHadoopUtil.get.loginUserFromKeytab(principal, sparkConf.get(KEYTAB).orNull)`, the keytab
 * being the name its copy was localized under in the working directory). SparkHadoopUtil
 * .loginUserFromKeytab checks the file first: `SparkException("Keytab file: $keytabFilename does not
 * exist")`, uncaught in main; no keytab at all is `new File(null)`, a NullPointerException. No
 * recording: this follows the sources.
 */
export function amKeytabLoginFailure(sparkConf: ReadonlyMap<string, string>, localized: ReadonlySet<string>): string[] | undefined {
  const principal = sparkConf.get('spark.kerberos.principal') ?? sparkConf.get('spark.yarn.principal');
  if (!principal) return undefined;
  const keytab = sparkConf.get('spark.kerberos.keytab') ?? sparkConf.get('spark.yarn.keytab');
  if (keytab === undefined) return ['Exception in thread "main" java.lang.NullPointerException'];
  if (localized.has(keytab)) return undefined;
  return [`Exception in thread "main" org.apache.spark.SparkException: Keytab file: ${keytab} does not exist`];
}
