/**
 * Where a cluster's aggregated logs can be read: its JobHistoryServer (REST) and WebHDFS, and the
 * remote log directory. From the local Hadoop configuration or profile, else the ResourceManager's
 * own `/conf` (one request, only when a finished app's logs are wanted).
 */
import type { ClusterTarget } from '../config/cluster.js';
import { webHdfsUrls } from '../config/endpoints.js';
import { HadoopConf, parseHadoopXml } from '../config/hadoop-xml.js';
import { JhsClient } from '../aggregated-logs/jhs-client.js';
import type { LogDirSettings } from '../aggregated-logs/layout.js';
import { jobHistoryBase, logDirSettings } from '../aggregated-logs/settings.js';
import type { WebHdfsClient } from '../hdfs/webhdfs.js';
import type { RmClient } from '../yarn/rm-client.js';
import { connectionOf, hdfsFor } from './clients.js';

const LOG_KEYS = ['yarn.log.server.web-service.url', 'mapreduce.jobhistory.webapp.address', 'yarn.log.server.url', 'yarn.nodemanager.remote-app-log-dir'];

export async function aggregatedLogSources(target: ClusterTarget, rm: RmClient, env: NodeJS.ProcessEnv = process.env): Promise<{ jhs?: JhsClient; hdfs?: WebHdfsClient; dirs: LogDirSettings; user: string }> {
  let conf: Pick<HadoopConf, 'get'> = target.hadoopConf;
  const known = LOG_KEYS.some((k) => target.hadoopConf.get(k));
  // Behind a gateway the RM's /conf is not reachable; the profile or APX_JHS_URL must say.
  if (!known && target.rmApiRoot === undefined && !env.APX_JHS_URL && !target.jobHistory) {
    const remote = new HadoopConf({});
    remote.add(parseHadoopXml(await rm.conf(), `${rm.baseUrl}/conf`));
    conf = remote;
    if (target.namenodes.length === 0) target.namenodes = webHdfsUrls(remote);
  }
  const jhs = jobHistoryBase(conf, env, target.jobHistory);
  return {
    jhs: jhs ? new JhsClient({ baseUrl: jhs.url, ...connectionOf(target) }) : undefined,
    hdfs: hdfsFor(target),
    dirs: logDirSettings(conf),
    user: target.user,
  };
}
