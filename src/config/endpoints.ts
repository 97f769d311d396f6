/**
 * Where the cluster's services are, from Hadoop's own settings: the RM web address (http or https by
 * yarn.http.policy, several for HA), the WebHDFS address from fs.defaultFS / dfs.namenode.http-address
 * (HA nameservices included).
 */
import { ConfigError } from '../errors.js';
import type { HadoopConf } from './hadoop-xml.js';
import { confList } from './settings.js';

function hostOf(address: string): string {
  return address.replace(/:\d+$/, '');
}

function withScheme(address: string, https: boolean): string {
  return /^https?:\/\//.test(address) ? address.replace(/\/+$/, '') : `${https ? 'https' : 'http'}://${address}`;
}

/** The RM ids of an HA ResourceManager pair (yarn.resourcemanager.ha.rm-ids); none when HA is off. */
export function haResourceManagerIds(conf: HadoopConf): string[] {
  return (conf.get('yarn.resourcemanager.ha.enabled') ?? 'false') === 'true' ? confList(conf, 'yarn.resourcemanager.ha.rm-ids') : [];
}

/** The nameservice fs.defaultFS names when HDFS is HA (listed in dfs.nameservices), else undefined. */
export function haNameservice(conf: HadoopConf): string | undefined {
  const defaultFs = conf.get('fs.defaultFS') ?? conf.get('fs.default.name');
  if (!defaultFs?.startsWith('hdfs://')) return undefined;
  const authority = new URL(defaultFs).host;
  return confList(conf, 'dfs.nameservices').includes(authority) ? authority : undefined;
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
  const urls = haResourceManagerIds(conf).map((id) => one(`.${id}`)).filter((u): u is string => !!u);
  if (urls.length) return urls.map((u) => withScheme(u, https));
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
  if (haNameservice(conf) === authority) {
    const nns = confList(conf, `dfs.ha.namenodes.${authority}`);
    const urls = nns.map((nn) => conf.get(`${key}.${authority}.${nn}`)).filter((u): u is string => !!u);
    if (urls.length === 0) throw new ConfigError(`fs.defaultFS names the nameservice ${authority}, but no ${key}.${authority}.<namenode> is set`);
    return urls.map((u) => withScheme(u, https));
  }
  const configured = conf.get(key);
  const port = configured?.split(':').pop() ?? (https ? '9871' : '9870');
  const host = configured && !configured.startsWith('0.0.0.0') ? hostOf(configured) : hostOf(authority);
  return [withScheme(`${host}:${port}`, https)];
}
