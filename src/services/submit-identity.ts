/**
 * Who a submission runs as, besides the user apx authenticates as: --proxy-user (Hadoop proxy users,
 * SparkSubmit's proxyUser.doAs) and --principal/--keytab (SparkSubmit's loginUserFromKeytab and the
 * yarn Client shipping the keytab to the AM).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { ClusterTarget } from '../config/cluster.js';
import type { SourcedMap } from '../config/sourced.js';
import { amKeytabName, kerberosLogin, KEYTAB_KEY, PRINCIPAL_KEY } from '../spark/keytab.js';
import type { SparkSubmission } from '../spark/submission.js';
import type { SubmitFlags } from './submission-config.js';

/**
 * --proxy-user: SparkSubmit runs the submission in proxyUser.doAs; apx sends doAs= on every request
 * and the application, its staging dir and its cache are the proxied user's. SparkSubmitArguments
 * refuses it together with --principal ("Only one of --proxy-user or --principal can be provided.").
 */
export function applyProxyUser(flags: SubmitFlags, target: Pick<ClusterTarget, 'proxyUser'>): void {
  if (flags.proxyUser === undefined) return;
  if (flags.principal !== undefined) throw proxyWithPrincipal();
  if (!/^[A-Za-z0-9._@-][A-Za-z0-9._@$-]*$/.test(flags.proxyUser)) throw new UsageError(`--proxy-user '${flags.proxyUser}' is not a user name`, 'Give the short name of the user to act for, e.g. --proxy-user etl.');
  target.proxyUser = flags.proxyUser;
}

/**
 * --principal/--keytab as flags, checked before apx connects: with Kerberos, apx then logs in from
 * the keytab as SparkSubmit does (security.ts). Also SparkSubmitArguments' "Only one of --proxy-user
 * or --principal can be provided.", before anything logs in.
 */
export function keytabLoginFromFlags(flags: SubmitFlags, cwd: string): { principal: string; keytab: string } | undefined {
  if (flags.proxyUser !== undefined && flags.principal !== undefined) throw proxyWithPrincipal();
  if (flags.principal === undefined && flags.keytab === undefined) return undefined;
  const login = kerberosLogin(new Map([[KEYTAB_KEY, flags.keytab ?? ''], [PRINCIPAL_KEY, flags.principal ?? '']].filter(([, v]) => v !== '') as [string, string][]));
  if (!login) return undefined;
  return { principal: login.principal, keytab: checkedKeytabFile(login.keytab, cwd) };
}

function proxyWithPrincipal(): UsageError {
  return new UsageError('only one of --proxy-user or --principal can be given', 'A proxy user submits with your own credentials on someone else\'s behalf; a principal and keytab log in as that principal. Drop one.');
}

/** SparkSubmit: "Keytab file: … does not exist"; also unreadable or empty (YARN refuses a 0-byte resource). */
function checkedKeytabFile(keytab: string, cwd: string): string {
  const file = path.resolve(cwd, keytab);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new UsageError(`keytab file ${keytab} does not exist`, 'Give --keytab the path of a keytab file on this machine (ktutil or your KDC admin makes one).');
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new UsageError(`keytab file ${keytab} cannot be read`, 'Check its permissions: the submitting user must be able to read it.');
  }
  if (stat.size === 0) throw new UsageError(`keytab file ${keytab} is empty`, 'Export the principal\'s keys into it (ktutil, or kadmin ktadd).');
  return file;
}

/**
 * The keytab the AM gets. Given only in the configuration (spark.kerberos.keytab in spark-defaults or
 * --conf, read after apx connected), apx has authenticated with the ticket cache: a ticket of another
 * principal is refused rather than submitting as one user with the keys of another.
 */
export function keytabForAm(conf: SourcedMap, target: Pick<ClusterTarget, 'auth'>, cwd: string): SparkSubmission['amKeytab'] {
  const login = kerberosLogin(conf.toMap());
  if (!login) return undefined;
  const file = checkedKeytabFile(login.keytab, cwd);
  const ticket = (target.auth as { principal?: string } | undefined)?.principal;
  if (ticket && ticket !== login.principal && ticket.split('@')[0] !== login.principal) {
    throw new UsageError(`your Kerberos ticket is for ${ticket}, not for --principal ${login.principal}`, `Give them as --principal and --keytab (apx then logs in from the keytab), or run kinit -kt ${login.keytab} ${login.principal} first.`);
  }
  return { path: file, name: amKeytabName(file, randomUUID()) };
}
