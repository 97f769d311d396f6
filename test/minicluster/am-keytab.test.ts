/**
 * The mini AM fails as Spark's does when its keytab was not shipped (ApplicationMaster.main →
 * SparkHadoopUtil.loginUserFromKeytab; no recording, the sources): what apx ships must be what the AM
 * finds in its working directory.
 */
import { describe, expect, it } from 'vitest';
import { amKeytabLoginFailure } from '../../src/minicluster/am-keytab.js';
import { parseSparkVersion, type SparkVersion } from '../../src/spark/versions.js';

const conf = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('the AM\'s keytab login', () => {
  it('succeeds when spark.kerberos.keytab names a localized file', () => {
    expect(amKeytabLoginFailure(conf({ 'spark.kerberos.principal': 'etl@APX.TEST', 'spark.kerberos.keytab': 'etl.keytab-1' }), new Set(['etl.keytab-1', '__app__.jar']))).toBeUndefined();
    expect(amKeytabLoginFailure(conf({}), new Set())).toBeUndefined();
  });

  it('fails like SparkHadoopUtil when the file is not there, or no keytab is named', () => {
    expect(amKeytabLoginFailure(conf({ 'spark.kerberos.principal': 'etl@APX.TEST', 'spark.kerberos.keytab': '/home/etl/etl.keytab' }), new Set(['__app__.jar']))).toEqual([
      'Exception in thread "main" org.apache.spark.SparkException: Keytab file: /home/etl/etl.keytab does not exist',
    ]);
    expect(amKeytabLoginFailure(conf({ 'spark.yarn.principal': 'etl@APX.TEST' }), new Set())).toEqual(['Exception in thread "main" java.lang.NullPointerException']);
  });

  it('a 2.4 AM reads only spark.yarn.principal/keytab (yarn/config.scala v2.4.0)', () => {
    const v24 = parseSparkVersion('2.4.8') as SparkVersion;
    expect(amKeytabLoginFailure(conf({ 'spark.yarn.principal': 'etl@APX.TEST', 'spark.yarn.keytab': 'etl.keytab-1' }), new Set(['etl.keytab-1']), v24)).toBeUndefined();
    expect(amKeytabLoginFailure(conf({ 'spark.yarn.principal': 'etl@APX.TEST', 'spark.kerberos.keytab': 'etl.keytab-1' }), new Set(['etl.keytab-1']), v24)).toEqual(['Exception in thread "main" java.lang.NullPointerException']);
    expect(amKeytabLoginFailure(conf({ 'spark.kerberos.principal': 'etl@APX.TEST', 'spark.kerberos.keytab': 'etl.keytab-1' }), new Set(), v24)).toBeUndefined();
  });
});
