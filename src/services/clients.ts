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

export function clientsFor(target: ClusterTarget): ClusterClients {
  const common = { user: target.user, tls: target.tls, headers: target.headers };
  return {
    rm: new RmClient({ resourceManagers: target.resourceManagers, apiRoot: target.rmApiRoot, ...common }),
    hdfs: hdfsFor(target),
    nm: new NmClient(common),
    sparkUi: new SparkUiClient(common),
  };
}

export function hdfsFor(target: ClusterTarget): WebHdfsClient | undefined {
  return target.namenodes.length ? new WebHdfsClient({ namenodes: target.namenodes, user: target.user, tls: target.tls, headers: target.headers }) : undefined;
}
