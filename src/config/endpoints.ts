/**
 * Where the cluster's services are, from Hadoop's own settings: the RM web address (http or https by
 * yarn.http.policy, several for HA), the WebHDFS address from fs.defaultFS / dfs.namenode.http-address
 * (HA nameservices included).
 */
import { ConfigError } from '../errors.js';
import type { HadoopConf } from './hadoop-xml.js';

function hostOf(address: string): string {
  return address.replace(/:\d+$/, '');
}

function withScheme(address: string, https: boolean): string {
  return /^https?:\/\//.test(address) ? address.replace(/\/+$/, '') : `${https ? 'https' : 'http'}://${address}`;
}

/** The RM web addresses (yarn.resourcemanager.webapp[.https].address[.<rm-id>]). */
export function resourceManagerUrls(conf: HadoopConf): string[] {
  const https = (conf.get('yarn.http.policy') ?? 'HTTP_ONLY').toUpperCase() === 'HTTPS_ONLY';
  const key = https ? 'yarn.resourcemanager.webapp.https.address' : 'yarn.resourcemanager.webapp.address';
  const port = https ? 8090 : 8088;
  const one = (suffix: string): string | undefined => {
    const explicit = conf.get(`${key}${suffix}`);
    if (explicit && !explicit.startsWith('0.0.0.0')) return explicit;
    const host = conf.get(`yarn.resourcemanager.hostname${suffix}`) ?? (suffix ? undefined : conf.get('yarn.resourcemanager.hostname'));
    if (host && host !== '0.0.0.0') return `${host}:${explicit ? explicit.split(':').pop() : port}`;
    return undefined;
  };
  if ((conf.get('yarn.resourcemanager.ha.enabled') ?? 'false') === 'true') {
    const ids = (conf.get('yarn.resourcemanager.ha.rm-ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const urls = ids.map((id) => one(`.${id}`)).filter((u): u is string => !!u);
    if (urls.length) return urls.map((u) => withScheme(u, https));
  }
  const single = one('');
  return single ? [withScheme(single, https)] : [];
}

/** fs.defaultFS → the NameNode HTTP(S) addresses WebHDFS is served on. */
export function webHdfsUrls(conf: HadoopConf): string[] {
  const defaultFs = conf.get('fs.defaultFS') ?? conf.get('fs.default.name');
  if (!defaultFs || !defaultFs.startsWith('hdfs://')) return [];
  const authority = new URL(defaultFs).host;
  const https = (conf.get('dfs.http.policy') ?? 'HTTP_ONLY').toUpperCase() === 'HTTPS_ONLY';
  const key = https ? 'dfs.namenode.https-address' : 'dfs.namenode.http-address';
  const nameservices = (conf.get('dfs.nameservices') ?? '').split(',').map((s) => s.trim());
  if (nameservices.includes(authority)) {
    const nns = (conf.get(`dfs.ha.namenodes.${authority}`) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const urls = nns.map((nn) => conf.get(`${key}.${authority}.${nn}`)).filter((u): u is string => !!u);
    if (urls.length === 0) throw new ConfigError(`fs.defaultFS names the nameservice ${authority}, but no ${key}.${authority}.<namenode> is set`);
    return urls.map((u) => withScheme(u, https));
  }
  const configured = conf.get(key);
  const port = configured?.split(':').pop() ?? (https ? '9871' : '9870');
  const host = configured && !configured.startsWith('0.0.0.0') ? hostOf(configured) : hostOf(authority);
  return [withScheme(`${host}:${port}`, https)];
}
