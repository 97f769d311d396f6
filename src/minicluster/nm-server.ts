/** The NodeManager's REST routes: node info, containers, container log listings and log files. */
import type http from 'node:http';
import type { ContainerRegistry, MiniContainer } from './containers.js';
import type { Faults } from './faults.js';
import { hadoopHeaders, sendJson, sendRemoteException, sendText, type MiniRequest } from './http-server.js';
import { sendNmLogReadFailure } from './nm-log-failure.js';

export interface NmContext {
  containers: ContainerRegistry;
  nodeId: string;
  advertisedNm: () => string;
  startedOn: number;
  totalMB: number;
  totalVCores: number;
  faults?: Faults;
  /** Log aggregation on: containers it uploaded and forgot, and where their logs are served now. */
  aggregation?: { forgotten: Map<string, string>; webServiceUrl: () => string | undefined };
}

function logTime(ms: number): string {
  // e.g. "Tue Nov 24 02:41:53 +0000 2026", as the recordings show.
  const d = new Date(ms);
  const [wd, , , , time] = d.toUTCString().split(' ');
  const mon = d.toUTCString().split(' ')[2];
  return `${wd?.replace(',', '')} ${mon} ${String(d.getUTCDate()).padStart(2, '0')} ${time} +0000 ${d.getUTCFullYear()}`;
}

/** The log file wrapped in the headers and trailer the NodeManager adds, optionally only a part (size=±N). */
export function wrapLog(c: MiniContainer, file: string, size: number | undefined, nodeId: string): string {
  const content = Buffer.from(c.files.get(file) ?? '', 'utf8');
  let part = content;
  if (size !== undefined && size < 0) part = content.subarray(Math.max(0, content.length + size));
  else if (size !== undefined && size >= 0) part = content.subarray(0, size);
  const running = c.state === 'RUNNING' ? `.This log file belongs to a running container (${c.id}) and so may not be complete.` : '.';
  return [
    `Container: ${c.id} on ${nodeId}`,
    'LogAggregationType: LOCAL',
    '====================================================================',
    `LogType:${file}`,
    `LogLastModifiedTime:${logTime(c.lastModified.get(file) ?? c.startTime)}`,
    `LogLength:${content.length}`,
    'LogContents:',
    `${part.toString('utf8')}End of LogType:${file}${running}`,
    '*********************************************************************************',
    '',
    '',
  ].join('\n');
}

export function nodeManagerHandler(ctx: NmContext) {
  return (req: MiniRequest, res: http.ServerResponse): void => {
    const p = req.url.pathname.replace(/\/+$/, '');
    if (p === '/ws/v1/node' || p === '/ws/v1/node/info') return sendJson(res, 200, { nodeInfo: nodeInfo(ctx) });
    if (p === '/ws/v1/node/containers') {
      const running = [...ctx.containers.containers.values()].filter((c) => c.state === 'RUNNING');
      return sendJson(res, 200, running.length ? { containers: { container: running.map((c) => containerJson(ctx, c)) } } : { containers: {} });
    }
    if (forgottenContainer(ctx, req, res, p)) return;
    let m = /^\/ws\/v1\/node\/containers\/([^/]+)(\/logs)?$/.exec(p);
    if (m) {
      const c = ctx.containers.containers.get(m[1] as string);
      if (!c) return sendRemoteException(res, 404, 'NotFoundException', 'org.apache.hadoop.yarn.webapp.NotFoundException', `java.lang.Exception: container with id, ${m[1]}, not found`);
      if (!m[2]) return sendJson(res, 200, { container: containerJson(ctx, c) });
      const files = [...c.files.keys()].map((name) => ({ fileName: name, fileSize: String(Buffer.byteLength(c.files.get(name) ?? '')), lastModifiedTime: logTime(c.lastModified.get(name) ?? c.startTime) }));
      return sendJson(res, 200, { containerLogsInfo: { containerLogInfo: files, logAggregationType: 'LOCAL', containerId: c.id, nodeId: ctx.nodeId } });
    }
    m = /^\/ws\/v1\/node\/containerlogs\/([^/]+)\/([^/]+)$/.exec(p);
    if (m) {
      if (ctx.faults?.nodeManagerLogsFail) return sendNmLogReadFailure(res, p);
      const c = ctx.containers.containers.get(m[1] as string);
      const file = decodeURIComponent(m[2] as string);
      if (!c || !c.files.has(file)) return sendText(res, 404, 'java.lang.Exception: Cannot find this log on the local disk.');
      const size = req.url.searchParams.get('size');
      return sendText(res, 200, wrapLog(c, file, size === null ? undefined : Number(size), ctx.nodeId));
    }
    sendRemoteException(res, 404, 'NotFoundException', 'org.apache.hadoop.yarn.webapp.NotFoundException', `java.lang.Exception: ${p} not found`);
  };
}

const UNKNOWN_CONTAINER = "java.lang.Exception: Unknown container. Container either has not started or has already completed or doesn't belong to this node at all.";

/**
 * A container whose logs were aggregated is gone from the NodeManager (aggregated-logs/README
 * "NodeManager after aggregation"): its log endpoints answer 307 to `yarn.log.server.web-service.url`
 * + the same query minus nm.id + `redirected_from_node=true` (ds-nm-containerlogs-stderr-finished,
 * ds-nm-containers-logs-finished), or without that URL 404 text / 500 JSON (nows-ds-nm-*); the
 * container itself is a 404 NotFoundException (ds-nm-container-finished, the generic path below).
 */
function forgottenContainer(ctx: NmContext, req: MiniRequest, res: http.ServerResponse, p: string): boolean {
  const m = /^\/ws\/v1\/node\/(?:containerlogs\/([^/]+)\/([^/]+)|containers\/([^/]+)\/logs(?:\/([^/]+))?)$/.exec(p);
  const cid = m?.[1] ?? m?.[3];
  if (!m || !cid || !ctx.aggregation?.forgotten.has(cid)) return false;
  const file = m[2] ?? m[4];
  const ws = ctx.aggregation.webServiceUrl();
  if (ws) {
    const query = new URLSearchParams(req.url.searchParams);
    query.delete('nm.id');
    query.set('redirected_from_node', 'true');
    const location = `${ws}/containers/${cid}/logs${file ? `/${file}` : ''}?${query.toString()}`;
    res.writeHead(307, 'Temporary Redirect', { ...hadoopHeaders(file ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8'), Location: location, 'Content-Length': '0' });
    res.end();
    return true;
  }
  if (file) sendText(res, 404, UNKNOWN_CONTAINER);
  else sendRemoteException(res, 500, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', `org.apache.hadoop.yarn.webapp.NotFoundException: ${UNKNOWN_CONTAINER}`);
  return true;
}

function nodeInfo(ctx: NmContext) {
  return {
    healthReport: '', totalVmemAllocatedContainersMB: Math.round(ctx.totalMB * 2.1), totalPmemAllocatedContainersMB: ctx.totalMB,
    totalVCoresAllocatedContainers: ctx.totalVCores, vmemCheckEnabled: false, pmemCheckEnabled: true, lastNodeUpdateTime: ctx.startedOn,
    resourceTypes: 'memory-mb (unit=Mi), vcores', nodeHealthy: true, nodeManagerVersion: '3.3.6', nodeManagerBuildVersion: '3.3.6 (apx mini cluster)',
    nodeManagerVersionBuiltOn: '2023-06-18T08:31Z', hadoopVersion: '3.3.6', hadoopBuildVersion: '3.3.6 (apx mini cluster)', hadoopVersionBuiltOn: '2023-06-18T08:31Z',
    id: ctx.nodeId, nodeHostName: 'localhost', nmStartupTime: ctx.startedOn,
  };
}

function containerJson(ctx: NmContext, c: MiniContainer) {
  return {
    id: c.id, state: c.state, exitCode: c.exitCode, diagnostics: '', user: c.user, totalMemoryNeededMB: c.memoryMB, totalVCoresNeeded: c.vCores,
    executionType: 'GUARANTEED', containerLogsLink: `${ctx.advertisedNm()}/node/containerlogs/${c.id}/${c.user}`, nodeId: ctx.nodeId,
    containerLogFiles: [...c.files.keys()],
  };
}
