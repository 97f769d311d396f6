/** `apx cluster add|list|use|show|remove`: named cluster profiles. */
import fs from 'node:fs';
import { ConfigError, ExitCode, UsageError } from '../errors.js';
import { loadHadoopConfDirs } from '../config/files.js';
import { resourceManagerUrls, webHdfsUrls } from '../config/endpoints.js';
import { currentProfile, loadProfile, openStore, profileNames } from '../config/profile-store.js';
import { MINI_PROFILE, isSecretKey, unknownProfile, type ClusterProfile } from '../config/profiles.js';
import { parseConfFlag } from '../services/submission-config.js';

export interface ClusterAddOptions {
  rm?: string;
  webhdfs?: string;
  user?: string;
  auth?: string;
  caFile?: string;
  passwordFile?: string;
  gateway?: string;
  jobhistory?: string;
  queue?: string;
  conf: string[];
  fromHadoopConf?: string;
}

const list = (v?: string) => (v ? v.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean) : undefined);

function checkUrl(url: string, flag: string): void {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`${flag} '${url}' is not an http(s) URL`, 'For example: --rm http://rm1.example.com:8088');
  }
}

export async function runClusterAdd(name: string, o: ClusterAddOptions): Promise<number> {
  if (name === MINI_PROFILE) throw new UsageError(`'${MINI_PROFILE}' is the built-in mini cluster profile; choose another name`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new UsageError(`'${name}' is not a usable profile name (letters, digits, . _ -)`);
  const profile: ClusterProfile = {};
  if (o.fromHadoopConf) {
    if (!fs.existsSync(o.fromHadoopConf)) throw new ConfigError(`Hadoop configuration directory ${o.fromHadoopConf} does not exist`);
    const dirs = loadHadoopConfDirs({ HADOOP_CONF_DIR: o.fromHadoopConf });
    profile.resourceManagers = resourceManagerUrls(dirs.conf);
    profile.webhdfs = webHdfsUrls(dirs.conf);
    profile.hadoopConfDir = fs.realpathSync(o.fromHadoopConf);
    if (!profile.resourceManagers.length) throw new ConfigError(`${o.fromHadoopConf}/yarn-site.xml does not name a ResourceManager web address`);
  }
  if (o.rm) profile.resourceManagers = list(o.rm);
  if (o.webhdfs) profile.webhdfs = list(o.webhdfs);
  for (const url of [...(profile.resourceManagers ?? []), ...(profile.webhdfs ?? [])]) checkUrl(url, '--rm/--webhdfs');
  if (!profile.resourceManagers?.length) throw new UsageError('a profile needs a ResourceManager address: --rm URL or --from-hadoop-conf DIR');
  if (o.user) profile.user = o.user;
  if (o.auth) {
    if (!['simple', 'kerberos', 'basic'].includes(o.auth)) throw new UsageError(`--auth '${o.auth}' is not one of simple, kerberos, basic`);
    profile.auth = o.auth as ClusterProfile['auth'];
  }
  if (o.caFile) {
    if (!fs.existsSync(o.caFile)) throw new ConfigError(`CA file ${o.caFile} does not exist`);
    profile.caFile = fs.realpathSync(o.caFile);
  }
  if (o.passwordFile) profile.passwordFile = fs.existsSync(o.passwordFile) ? fs.realpathSync(o.passwordFile) : o.passwordFile;
  if (o.gateway) profile.gatewayPath = o.gateway;
  if (o.jobhistory) {
    checkUrl(o.jobhistory, '--jobhistory');
    profile.jobHistory = o.jobhistory.replace(/\/+$/, '');
  }
  if (o.queue) profile.queue = o.queue;
  if (o.conf.length) {
    profile.sparkConf = {};
    for (const kv of o.conf) {
      const [k, v] = parseConfFlag(kv);
      if (isSecretKey(k)) throw new UsageError(`--conf ${k}: a secret does not belong in a profile file`, 'Pass it from the environment or a file at submission time instead.');
      profile.sparkConf[k] = v;
    }
  }
  const store = await openStore();
  store.save(name, profile);
  process.stderr.write(`saved cluster profile '${name}' in ${store.path}\n`);
  return ExitCode.Success;
}

export function runClusterList(opts: { json?: boolean }): number {
  const current = currentProfile();
  const names = profileNames();
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ current: current ?? null, clusters: [MINI_PROFILE, ...names] })}\n`);
    return ExitCode.Success;
  }
  const rows = [[MINI_PROFILE, '(built-in: the embedded mini cluster)'], ...names.map((n) => [n, (loadProfile(n)?.resourceManagers ?? []).join(', ')])];
  const w = Math.max(...rows.map((r) => (r[0] as string).length));
  for (const [n, rm] of rows) process.stdout.write(`${n === current ? '*' : ' '} ${(n as string).padEnd(w)}  ${rm}\n`);
  return ExitCode.Success;
}

export async function runClusterUse(name: string): Promise<number> {
  if (name !== MINI_PROFILE && !loadProfile(name)) throw unknownProfile(name, profileNames());
  (await openStore()).use(name);
  process.stderr.write(`commands now use the cluster profile '${name}' (--cluster and APX_CLUSTER still override it)\n`);
  return ExitCode.Success;
}

/** Shown with secrets redacted: a profile never holds one, but a --conf value might look like one. */
export function redactProfile(p: ClusterProfile): ClusterProfile {
  const sparkConf = p.sparkConf ? Object.fromEntries(Object.entries(p.sparkConf).map(([k, v]) => [k, isSecretKey(k) ? '***' : v])) : undefined;
  return { ...p, ...(sparkConf ? { sparkConf } : {}) };
}

export function runClusterShow(name: string, opts: { json?: boolean }): number {
  const p = loadProfile(name);
  if (!p) throw unknownProfile(name, profileNames());
  const shown = redactProfile(p);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ name, ...shown }, null, 2)}\n`);
    return ExitCode.Success;
  }
  const lines = [
    `name            ${name}${currentProfile() === name ? ' (current)' : ''}`,
    `resourcemanager ${(shown.resourceManagers ?? []).join(', ')}`,
    `webhdfs         ${(shown.webhdfs ?? []).join(', ') || '(from the cluster\'s /conf)'}`,
    `user            ${shown.user ?? '(HADOOP_USER_NAME or the OS user)'}`,
    `auth            ${shown.auth ?? 'simple'}`,
    ...(shown.caFile ? [`ca file         ${shown.caFile}`] : []),
    ...(shown.passwordFile ? [`password file   ${shown.passwordFile}`] : []),
    ...(shown.gatewayPath ? [`gateway path    ${shown.gatewayPath}`] : []),
    ...(shown.jobHistory ? [`jobhistory      ${shown.jobHistory}`] : []),
    ...(shown.hadoopConfDir ? [`hadoop conf     ${shown.hadoopConfDir}`] : []),
    ...(shown.queue ? [`queue           ${shown.queue}`] : []),
    ...Object.entries(shown.sparkConf ?? {}).map(([k, v]) => `conf            ${k}=${v}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.Success;
}

/** Removing a profile that is not there: name the ones that are (adding one is not what was meant). */
function noProfileToRemove(name: string, names: string[]): ConfigError {
  if (name === MINI_PROFILE) return new ConfigError(`'${MINI_PROFILE}' is built in and cannot be removed`, 'apx cluster list shows the profiles.');
  return new ConfigError(
    `there is no cluster profile '${name}' to remove`,
    names.length ? `The profiles are: ${names.join(', ')} (apx cluster list shows them).` : 'There are no profiles besides the built-in mini (apx cluster list shows them).',
  );
}

export async function runClusterRemove(name: string): Promise<number> {
  const removed = (await openStore()).remove(name);
  if (!removed) throw noProfileToRemove(name, profileNames());
  process.stderr.write(`removed cluster profile '${name}'\n`);
  return ExitCode.Success;
}
