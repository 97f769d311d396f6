/** The REST clients for one cluster target, built once per command. */
import type { ClusterTarget } from '../config/cluster.js';
import { WebHdfsClient } from '../hdfs/webhdfs.js';
import { NmClient } from '../yarn/nm-client.js';
import { RmClient } from '../yarn/rm-client.js';
import { SparkUiClient } from '../yarn/spark-ui-client.js';

export interface ClusterClients {
  rm: RmClient;
  hdfs?: WebHdfsClient;
  nm: NmClient;
  sparkUi: SparkUiClient;
}

/**
 * How every client reaches this cluster. Under Kerberos the ticket says who we are, so no `user.name`.
 * A proxy user is `doAs=` on every request, with simple auth and SPNEGO alike (what Hadoop's
 * DelegationTokenAuthenticationFilter and WebHDFS's DoAsParam take).
 */
export function connectionOf(target: ClusterTarget) {
  return { user: target.auth ? undefined : target.user, tls: target.tls, headers: target.headers, auth: target.auth, authParams: target.proxyUser ? { doAs: target.proxyUser } : undefined };
}

export function clientsFor(target: ClusterTarget): ClusterClients {
  const common = connectionOf(target);
  return {
    rm: new RmClient({ resourceManagers: target.resourceManagers, apiRoot: target.rmApiRoot, ...common }),
    hdfs: hdfsFor(target),
    nm: new NmClient(common),
    sparkUi: new SparkUiClient(common),
  };
}

export function hdfsFor(target: ClusterTarget): WebHdfsClient | undefined {
  return target.namenodes.length ? new WebHdfsClient({ namenodes: target.namenodes, ...connectionOf(target) }) : undefined;
}
