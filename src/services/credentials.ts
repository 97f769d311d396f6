/**
 * Delegation tokens for an application on a Kerberos cluster. In cluster mode the driver runs
 * without the user's ticket, so, like Spark's YARN client (HadoopDelegationTokenManager), apx gets
 * an HDFS token (the NodeManager localizes the staging dir with it, the driver reads and writes with
 * it) and an RM token, and ships them in the submission's `credentials`. The renewer is the RM's
 * principal, so that YARN renews them for as long as the application runs.
 *
 * Tokens are secrets: only their kind and service are ever said.
 */
import { lookup } from 'node:dns/promises';
import type { ClusterTarget } from '../config/cluster.js';
import { haNameservice, haResourceManagerIds } from '../config/endpoints.js';
import type { HadoopConf } from '../config/hadoop-xml.js';
import { ConfigError } from '../errors.js';
import type { WebHdfsClient } from '../hdfs/webhdfs.js';
import { decodeToken, encodeToken } from '../security/hadoop-token.js';
import type { RmClient } from '../yarn/rm-client.js';
import type { SubmissionBody } from '../yarn/types.js';

export type Credentials = NonNullable<SubmissionBody['am-container-spec']['credentials']>;

export interface FetchedCredentials {
  credentials: Credentials;
  /** Kind and service of each token, for people. */
  tokens: { kind: string; service: string }[];
  renewer: string;
}

const HDFS_KIND = 'HDFS_DELEGATION_TOKEN';
const RM_PORT = 8032;

/** yarn.resourcemanager.principal with _HOST made the RM's host, as Hadoop's Master.getMasterPrincipal does. */
export function tokenRenewer(conf: HadoopConf, rmHost: string): string {
  const principal = conf.get('yarn.resourcemanager.principal');
  if (!principal) {
    throw new ConfigError(
      "no renewer for delegation tokens: the cluster's yarn.resourcemanager.principal is not set",
      'Give apx the cluster\'s client configuration (HADOOP_CONF_DIR or apx cluster add NAME --from-hadoop-conf DIR): YARN must be able to renew the tokens.',
    );
  }
  return principal.replace('_HOST', rmHost.toLowerCase());
}

/** The HDFS token's service: `ha-hdfs:<nameservice>` for an HA file system, else the NameNode's own (its RPC address). */
export function hdfsTokenService(conf: HadoopConf): string | undefined {
  const nameservice = haNameservice(conf);
  return nameservice ? `ha-hdfs:${nameservice}` : undefined;
}

/** The RM token's service: every RM's RPC address, by IP as Hadoop writes it (hadoop.security.token.service.use_ip). */
export async function rmTokenService(conf: HadoopConf): Promise<string> {
  const ids = haResourceManagerIds(conf);
  const addressOf = (suffix: string) =>
    conf.get(`yarn.resourcemanager.address${suffix}`) ?? `${conf.get(`yarn.resourcemanager.hostname${suffix}`) ?? conf.get('yarn.resourcemanager.hostname') ?? '0.0.0.0'}:${RM_PORT}`;
  const addresses = ids.length ? ids.map((id) => addressOf(`.${id}`)) : [addressOf('')];
  const useIp = (conf.get('hadoop.security.token.service.use_ip') ?? 'true') === 'true';
  const resolved = await Promise.all(addresses.map((a) => (useIp ? byIp(a) : a)));
  return resolved.join(',');
}

async function byIp(address: string): Promise<string> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  const ip = await lookup(host).then((r) => r.address, () => host);
  return `${ip}${address.slice(i)}`;
}

export async function fetchCredentials(target: ClusterTarget, clients: { rm: RmClient; hdfs: WebHdfsClient }): Promise<FetchedCredentials> {
  const conf = target.hadoopConf;
  const renewer = tokenRenewer(conf, new URL(clients.rm.baseUrl).hostname);
  const hdfsToken = await clients.hdfs.delegationToken(renewer, { kind: HDFS_KIND, service: hdfsTokenService(conf) });
  if (!hdfsToken) {
    throw new ConfigError('the NameNode gave no delegation token: security looks off on this cluster', 'Use a profile with --auth simple for a cluster without Kerberos.');
  }
  const hdfs = decodeToken(hdfsToken);
  // The RM leaves its token's service empty; a client finds a token by service, so set it.
  const rmAnswer = await clients.rm.createDelegationToken(renewer);
  const rm = { ...decodeToken(rmAnswer.token), service: await rmTokenService(conf) };
  const entries = [
    { key: hdfs.service, value: hdfsToken },
    { key: rm.service, value: encodeToken(rm) },
  ];
  return {
    credentials: { tokens: { entry: entries }, secrets: { entry: [] } },
    tokens: [hdfs, rm].map((t) => ({ kind: t.kind, service: t.service })),
    renewer,
  };
}
