/**
 * Which cluster a command talks to, and everything needed to reach it. Sources, lowest first:
 * HADOOP_CONF_DIR / YARN_CONF_DIR XML < cluster profile (--cluster / APX_CLUSTER) < environment
 * (APX_RM_URL, APX_WEBHDFS_URL, HADOOP_USER_NAME). With only an RM address known, the rest
 * (fs.defaultFS, the scheduler address the AM needs) is read from the RM's own /conf.
 * The mini cluster is used only when asked for by name: a missing configuration is an error.
 */
import os from 'node:os';
import { ConfigError } from '../errors.js';
import { HadoopConf, formatHadoopXml, parseHadoopXml } from './hadoop-xml.js';
import type { WithheldConfFile } from './conf-secrets.js';
import { loadHadoopConfDirs } from './files.js';
import { resourceManagerUrls, webHdfsUrls } from './endpoints.js';
import type { ClusterProfile } from './profiles.js';
import { SourcedMap } from './sourced.js';
import type { RequestAuth } from '../net/http.js';

export interface ClusterTarget {
  /** The profile name, or "hadoop-conf" when HADOOP_CONF_DIR alone says where the cluster is. */
  name: string;
  resourceManagers: string[];
  namenodes: string[];
  user: string;
  hadoopConf: HadoopConf;
  /** Files to ship as __spark_conf__/__hadoop_conf__/* (generated when the user has none). */
  hadoopConfFiles: Map<string, Buffer>;
  /** Files of HADOOP_CONF_DIR left out of that archive: secrets no Spark AM reads (for --dry-run and --verbose). */
  withheldConfFiles?: WithheldConfFile[];
  /** Spark settings from the profile (between spark-defaults.conf and --conf). */
  profileSparkConf: [string, string][];
  pySparkArchives?: string[];
  /** Where each endpoint setting came from, for --dry-run. */
  sources: SourcedMap;
  /** Set when the RM's /conf must still be read (only an RM address was given). */
  needsClusterConf: boolean;
  /** Stops what was started for this command (an embedded mini cluster). */
  close: () => Promise<void>;
  /** Whom to trust over https (a CA bundle; verification off only with --insecure). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Headers on every request (a gateway's basic auth). Never printed. */
  headers?: Record<string, string>;
  /** Kerberos (SPNEGO) on every request to a daemon; then `user` is the ticket's short name and no `user.name` is sent. */
  auth?: RequestAuth;
  /** The JobHistoryServer's REST base from the profile (aggregated logs). */
  jobHistory?: string;
  /** Behind a Knox-style gateway the RM's `/ws` API is at `<gateway>/resourcemanager`. */
  rmApiRoot?: string;
  /** --proxy-user: every request carries `doAs=` and the application is this user's (`user` is who authenticates). */
  proxyUser?: string;
}

export interface ResolveOptions {
  env: NodeJS.ProcessEnv;
  profile?: ClusterProfile;
  profileName?: string;
}

export function resolveUser(env: NodeJS.ProcessEnv, profile?: ClusterProfile): { user: string; source: string } {
  if (env.HADOOP_USER_NAME) return { user: env.HADOOP_USER_NAME, source: 'HADOOP_USER_NAME' };
  if (profile?.user) return { user: profile.user, source: 'cluster profile' };
  return { user: os.userInfo().username, source: 'the OS user' };
}

export function resolveCluster(opts: ResolveOptions): ClusterTarget {
  const { env, profile } = opts;
  const confEnv = !env.HADOOP_CONF_DIR && !env.YARN_CONF_DIR && profile?.hadoopConfDir ? { ...env, HADOOP_CONF_DIR: profile.hadoopConfDir } : env;
  const dirs = loadHadoopConfDirs(confEnv);
  const sources = new SourcedMap();
  const confDirLabel = dirs.dirs.join(', ');
  let rms = resourceManagerUrls(dirs.conf);
  if (rms.length) sources.set('resourcemanager', rms.join(','), `yarn-site.xml in ${confDirLabel}`);
  let nns = webHdfsUrls(dirs.conf);
  if (nns.length) sources.set('webhdfs', nns.join(','), `fs.defaultFS in ${confDirLabel}`);
  if (profile?.resourceManagers?.length) {
    rms = profile.resourceManagers;
    sources.set('resourcemanager', rms.join(','), `cluster profile ${opts.profileName}`);
  }
  if (profile?.webhdfs?.length) {
    nns = profile.webhdfs;
    sources.set('webhdfs', nns.join(','), `cluster profile ${opts.profileName}`);
  }
  const gateway = profile?.gatewayPath?.replace(/\/+$/, '');
  if (gateway) {
    // Knox: <gateway>/resourcemanager is the RM's /ws, <gateway>/webhdfs the NameNode's /webhdfs;
    // both go through the gateway named by the RM address.
    const origins = (list: string[]) => list.map((u) => `${new URL(u).origin}${gateway}`);
    nns = origins(rms);
    rms = origins(rms).map((u) => `${u}/resourcemanager`);
    sources.set('resourcemanager', rms.join(','), `cluster profile ${opts.profileName} (gateway)`);
    sources.set('webhdfs', nns.join(','), `cluster profile ${opts.profileName} (gateway)`);
  }
  if (env.APX_RM_URL) {
    rms = env.APX_RM_URL.split(',').map((s) => s.trim().replace(/\/+$/, ''));
    sources.set('resourcemanager', rms.join(','), 'APX_RM_URL');
  }
  if (env.APX_WEBHDFS_URL) {
    nns = env.APX_WEBHDFS_URL.split(',').map((s) => s.trim().replace(/\/+$/, ''));
    sources.set('webhdfs', nns.join(','), 'APX_WEBHDFS_URL');
  }
  if (rms.length === 0) {
    throw new ConfigError(
      'no cluster is configured: apx does not know where the ResourceManager is',
      'Set HADOOP_CONF_DIR to your cluster\'s client configuration, or add a profile (apx cluster add NAME --rm URL) and pass --cluster NAME; `--cluster mini` runs against the embedded mini cluster.',
    );
  }
  const { user, source } = resolveUser(env, profile);
  sources.set('user', user, source);
  const generated = !dirs.files.has('yarn-site.xml');
  return {
    name: opts.profileName ?? 'hadoop-conf',
    resourceManagers: rms,
    namenodes: nns,
    user,
    hadoopConf: dirs.conf,
    hadoopConfFiles: dirs.files,
    withheldConfFiles: dirs.withheld,
    profileSparkConf: [...(profile?.queue ? [['spark.yarn.queue', profile.queue] as [string, string]] : []), ...Object.entries(profile?.sparkConf ?? {})],
    pySparkArchives: profile?.pySparkArchives,
    jobHistory: profile?.jobHistory,
    sources,
    needsClusterConf: generated || nns.length === 0,
    rmApiRoot: gateway ? '' : undefined,
    close: async () => {},
  };
}

/** Keys the AM and the executors need from the cluster: addresses, HA, security, log aggregation. */
const SHIPPED_PREFIXES = ['yarn.resourcemanager.', 'yarn.http.policy', 'yarn.log-aggregation', 'yarn.nodemanager.remote-app-log-dir', 'fs.defaultFS', 'dfs.nameservices', 'dfs.ha.namenodes.', 'dfs.namenode.rpc-address', 'dfs.namenode.http-address', 'dfs.namenode.https-address', 'dfs.client.failover.proxy.provider.', 'hadoop.security.authentication', 'dfs.http.policy'];

/**
 * Fills in what only the cluster knows when the user gave just an RM address: fs.defaultFS and
 * WebHDFS from the RM's /conf, and generated yarn-site.xml / core-site.xml for __hadoop_conf__/.
 */
export function applyClusterConf(target: ClusterTarget, confXml: string, rmUrl: string): void {
  const remote = new HadoopConf({});
  remote.add(parseHadoopXml(confXml, `${rmUrl}/conf`));
  for (const [k, v] of remote.entries()) {
    if (!target.hadoopConf.has(k) && SHIPPED_PREFIXES.some((p) => k.startsWith(p))) target.hadoopConf.set(k, v, `${rmUrl}/conf`);
  }
  if (target.namenodes.length === 0) {
    target.namenodes = webHdfsUrls(target.hadoopConf);
    if (target.namenodes.length) target.sources.set('webhdfs', target.namenodes.join(','), `fs.defaultFS from ${rmUrl}/conf`);
  }
  if (!target.hadoopConfFiles.has('yarn-site.xml')) {
    const pick = (pred: (k: string) => boolean) => remote.entries().filter(([k]) => pred(k));
    const yarn = pick((k) => k.startsWith('yarn.resourcemanager.') || k === 'yarn.http.policy' || k.startsWith('yarn.log-aggregation') || k === 'yarn.nodemanager.remote-app-log-dir');
    const core = pick((k) => k === 'fs.defaultFS' || k === 'hadoop.security.authentication' || k.startsWith('dfs.'))
      .filter(([k]) => SHIPPED_PREFIXES.some((p) => k.startsWith(p)));
    target.hadoopConfFiles.set('yarn-site.xml', Buffer.from(formatHadoopXml(yarn, `generated by apx from ${rmUrl}/conf`)));
    if (!target.hadoopConfFiles.has('core-site.xml')) target.hadoopConfFiles.set('core-site.xml', Buffer.from(formatHadoopXml(core, `generated by apx from ${rmUrl}/conf`)));
  }
  target.needsClusterConf = false;
}
