/**
 * Where a cluster serves or keeps aggregated logs. The JobHistoryServer's REST base, first found of:
 * APX_JHS_URL, the profile's jobhistory, `yarn.log.server.web-service.url` (the NodeManager's own
 * redirect target), `mapreduce.jobhistory.webapp.address`, and the origin of `yarn.log.server.url`
 * (all three set on the recorded cluster: aggregated-logs/README "Settings in force"). The HDFS
 * directory: `yarn.nodemanager.remote-app-log-dir` (default /tmp/logs) and its `-suffix` (logs).
 */
import type { HadoopConf } from '../config/hadoop-xml.js';
import type { LogDirSettings } from './layout.js';

const REST = '/ws/v1/history';

/** A bare origin (http://jhs:19888) means its REST base. */
function restBase(url: string): string {
  const u = new URL(url);
  return u.pathname.replace(/\/+$/, '') ? url.replace(/\/+$/, '') : `${u.origin}${REST}`;
}

export function jobHistoryBase(conf: Pick<HadoopConf, 'get'>, env: NodeJS.ProcessEnv, profile?: string): { url: string; source: string } | undefined {
  if (env.APX_JHS_URL) return { url: restBase(env.APX_JHS_URL), source: 'APX_JHS_URL' };
  if (profile) return { url: restBase(profile), source: 'the cluster profile' };
  const ws = conf.get('yarn.log.server.web-service.url');
  if (ws) return { url: ws.replace(/\/+$/, ''), source: 'yarn.log.server.web-service.url' };
  const address = conf.get('mapreduce.jobhistory.webapp.address');
  if (address) return { url: `http://${address}${REST}`, source: 'mapreduce.jobhistory.webapp.address' };
  const server = conf.get('yarn.log.server.url');
  if (server) return { url: `${new URL(server).origin}${REST}`, source: 'yarn.log.server.url' };
  return undefined;
}

export function logDirSettings(conf: Pick<HadoopConf, 'get'>): LogDirSettings {
  return { remoteDir: conf.get('yarn.nodemanager.remote-app-log-dir') || '/tmp/logs', suffix: conf.get('yarn.nodemanager.remote-app-log-dir-suffix') || 'logs' };
}
