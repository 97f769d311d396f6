/**
 * --principal/--keytab for yarn-cluster mode, as Spark 3.x's yarn Client does it (pure; the upload
 * is the submit service's):
 * - KEYTAB is spark.kerberos.keytab with the alternative spark.yarn.keytab, PRINCIPAL likewise
 *   (core config package; Spark 2.4 had only the spark.yarn.* names).
 * - Client's constructor: "Both principal and keytab must be defined, or neither."; the keytab must
 *   be a local file ("Keytab should reference a local file."); the AM's copy is named
 *   `new File(keytab).getName() + "-" + UUID.randomUUID()` so it can clash with no user file.
 * - prepareLocalResources: distribute(keytab, destName = <that name>, appMasterOnly = true): uploaded
 *   to the staging directory (under its own file name) and localized for the AM only.
 * - createConfArchive: __spark_conf__.properties gets KEYTAB = the localized name; without a
 *   keytab, PRINCIPAL and KEYTAB are removed so the AM never sees them.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { SparkConf } from './submission.js';
import type { KerberosLoginKeys } from './versions.js';

export const KEYTAB_KEY = 'spark.kerberos.keytab';
export const PRINCIPAL_KEY = 'spark.kerberos.principal';

export interface KerberosLogin {
  principal: string;
  /** The local keytab file. */
  keytab: string;
}

export function kerberosLogin(conf: SparkConf): KerberosLogin | undefined {
  const keytab = conf.get(KEYTAB_KEY) ?? conf.get('spark.yarn.keytab');
  const principal = conf.get(PRINCIPAL_KEY) ?? conf.get('spark.yarn.principal');
  if (!keytab && !principal) return undefined;
  if (!keytab || !principal) {
    throw new UsageError('both principal and keytab must be given, or neither', keytab ? 'Add --principal NAME@REALM for the keytab.' : 'Add --keytab FILE holding the keys of that principal.');
  }
  if (/^local:/.test(keytab) || (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(keytab) && !keytab.startsWith('file:'))) {
    throw new UsageError(`the keytab '${keytab}' must be a file on this machine`, 'Spark ships the keytab from the submitting machine: give a local path.');
  }
  return { principal, keytab: keytab.startsWith('file:') ? decodeURIComponent(new URL(keytab).pathname) : keytab };
}

/** The name the AM finds its copy under (Client.amKeytabFileName). */
export function amKeytabName(keytab: string, uuid: string): string {
  return `${path.basename(keytab)}-${uuid}`;
}

/**
 * createConfArchive's rule for the properties the AM reads, under the names its release reads them
 * (versions.ts kerberosLoginKeys: a 2.4 AM knows only spark.yarn.principal/keytab, so the principal
 * moves there and the local keytab path is not shipped under a name nobody reads).
 */
export function applyKeytabProperties(props: Map<string, string>, amKeytab: string | undefined, keys: KerberosLoginKeys = { principal: PRINCIPAL_KEY, keytab: KEYTAB_KEY }): void {
  if (amKeytab) {
    if (keys.principal !== PRINCIPAL_KEY) {
      const principal = props.get(PRINCIPAL_KEY) ?? props.get(keys.principal);
      if (principal !== undefined) props.set(keys.principal, principal);
      props.delete(PRINCIPAL_KEY);
      props.delete(KEYTAB_KEY);
    }
    props.set(keys.keytab, amKeytab);
    return;
  }
  for (const k of new Set([PRINCIPAL_KEY, KEYTAB_KEY, keys.principal, keys.keytab])) props.delete(k);
}
