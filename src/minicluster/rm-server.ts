/** The ResourceManager's REST routes and its web proxy, answering like Hadoop 3.3.6 does. */
import type http from 'node:http';
import { YARN_STATES, type SubmissionBody } from '../yarn/types.js';
import { formatHadoopXml } from '../config/hadoop-xml.js';
import type { ContainerRegistry } from './containers.js';
import { sendJson, sendMoved, sendRemoteException, sendText, type MiniRequest } from './http-server.js';
import { appAttemptId, type MiniApp, type ResourceManagerModel, type RmContext } from './resource-manager.js';
import { sparkPretty } from './spark-json.js';
import { createRmDelegationToken, renewalFailure } from './rm-security.js';
import type { RmLifecycle } from './rm-restart.js';
import { decodeToken, TokenFormatError } from '../security/hadoop-token.js';
import { nodesJson, schedulerJson, type QueueUsage, type ResolvedLayout } from './scheduler-layout.js';

const BAD_REQUEST = 'org.apache.hadoop.yarn.webapp.BadRequestException';
const NOT_FOUND = 'org.apache.hadoop.yarn.webapp.NotFoundException';
const APP_ID = /^application_\d+_\d+$/;

export interface RmServerContext extends RmContext {
  model: ResourceManagerModel;
  containers: ContainerRegistry;
  /** The configuration served at /conf (what a real RM reports as effective). */
  conf: () => [string, string][];
  /** Start time, haState and the recovery window of this RM (rm-restart.ts). */
  lifecycle: RmLifecycle;
  /** The nodes, queues and allocation limits /scheduler, /nodes and new-application report. */
  layout: ResolvedLayout;
}

function resourceInfo(memory: number, vCores: number) {
  const info = (name: string, units: string, value: number) => ({ attributes: {}, maximumAllocation: 9223372036854775807, minimumAllocation: 0, name, resourceType: 'COUNTABLE', units, value });
  return { memory, vCores, resourceInformations: { resourceInformation: [info('memory-mb', 'Mi', memory), info('vcores', '', vCores)] } };
}

export function appReport(ctx: RmServerContext, app: MiniApp): Record<string, unknown> {
  ctx.model.accountUsage(app);
  const terminal = ctx.model.isTerminal(app);
  const attempt = app.attempts[app.attempts.length - 1];
  const alloc = ctx.model.allocated(app);
  const rm = ctx.advertisedRm();
  // Recorded: FINISHED keeps the proxy URL, FAILED and KILLED point at the RM's app page.
  const tracking = terminal
    ? app.state === 'FINISHED' ? `${rm}/proxy/${app.id}/` : `${rm}/cluster/app/${app.id}`
    : app.registered ? `${rm}/proxy/${app.id}/` : undefined;
  const report: Record<string, unknown> = {
    id: app.id, user: app.user, name: app.name, queue: app.queue, state: app.state, finalStatus: app.finalStatus,
    progress: terminal ? 100.0 : app.registered ? 10.0 : 0.0,
    trackingUI: terminal ? 'History' : app.registered ? 'ApplicationMaster' : 'UNASSIGNED',
    ...(tracking ? { trackingUrl: tracking } : {}),
    diagnostics: app.diagnostics, clusterId: ctx.lifecycle.clusterTimestamp, applicationType: app.type, applicationTags: app.tags.join(','),
    priority: app.priority, startedTime: app.startedTime, launchTime: app.launchTime, finishedTime: app.finishedTime,
    elapsedTime: (app.finishedTime || Date.now()) - app.startedTime,
    ...(attempt ? { amContainerLogs: `${ctx.advertisedNm()}/node/containerlogs/${attempt.containerId}/${app.user}`, amHostHttpAddress: ctx.advertisedNm().replace(/^https?:\/\//, '') } : {}),
    masterNodeId: attempt ? ctx.nodeId : '',
    allocatedMB: terminal ? -1 : alloc.mb, allocatedVCores: terminal ? -1 : alloc.vcores, reservedMB: terminal ? -1 : 0, reservedVCores: terminal ? -1 : 0,
    runningContainers: terminal ? -1 : alloc.containers, memorySeconds: app.memorySeconds, vcoreSeconds: app.vcoreSeconds,
    queueUsagePercentage: terminal ? 0 : (alloc.mb / ctx.maxMemoryMB) * 100, clusterUsagePercentage: terminal ? 0 : (alloc.mb / ctx.maxMemoryMB) * 100,
    resourceSecondsMap: { entry: { key: 'vcores', value: String(app.vcoreSeconds) } },
    preemptedResourceMB: 0, preemptedResourceVCores: 0, numNonAMContainerPreempted: 0, numAMContainerPreempted: 0,
    // Recorded after a restart (rm-restart/rm-app-report-after-recovery.http): the usage stored at
    // the restart comes back counted as preempted too.
    preemptedMemorySeconds: app.recoveredUsage?.memorySeconds ?? 0, preemptedVcoreSeconds: app.recoveredUsage?.vcoreSeconds ?? 0,
    preemptedResourceSecondsMap: {}, logAggregationStatus: ctx.logAggregation ? ctx.logAggregation.status(app.id, terminal) : 'DISABLED', unmanagedApplication: false,
    appNodeLabelExpression: app.submission['app-node-label-expression'] ?? '', amNodeLabelExpression: app.submission['am-container-node-label-expression'] ?? '',
    timeouts: { timeout: [{ type: 'LIFETIME', expiryTime: 'UNLIMITED', remainingTimeInSeconds: -1 }] },
  };
  return report;
}

/** `resourceSecondsMap` repeats the key `entry` in the real JSON; JSON.stringify cannot, so splice it in. */
function reportJson(ctx: RmServerContext, app: MiniApp): string {
  const memoryEntry = `"entry":{"key":"memory-mb","value":"${app.memorySeconds}"},`;
  const json = JSON.stringify(appReport(ctx, app)).replace('"resourceSecondsMap":{', `"resourceSecondsMap":{${memoryEntry}`);
  const preempted = app.recoveredUsage;
  if (!preempted) return json;
  const entries = `"entry":{"key":"memory-mb","value":"${preempted.memorySeconds}"},"entry":{"key":"vcores","value":"${preempted.vcoreSeconds}"}`;
  return json.replace('"preemptedResourceSecondsMap":{}', `"preemptedResourceSecondsMap":{${entries}}`);
}

function badRequest(res: http.ServerResponse, message: string): void {
  sendRemoteException(res, 400, 'BadRequestException', BAD_REQUEST, message);
}

function lookupApp(ctx: RmServerContext, id: string, res: http.ServerResponse): MiniApp | undefined {
  if (!id.startsWith('application')) {
    badRequest(res, `java.lang.IllegalArgumentException: Invalid ApplicationId prefix: ${id}. The valid ApplicationId should start with prefix application`);
    return undefined;
  }
  if (!APP_ID.test(id)) {
    badRequest(res, `java.lang.IllegalArgumentException: Invalid ApplicationId: ${id}`);
    return undefined;
  }
  // While recovering, the RM has not reloaded its applications: a known one is a 404 like an
  // unknown one (rm-restart/rm-app-report-during-recovery.http).
  const app = ctx.lifecycle.recovering ? undefined : ctx.model.apps.get(id);
  if (!app) sendRemoteException(res, 404, 'NotFoundException', NOT_FOUND, `java.lang.Exception: app with id: ${id} not found`);
  return app;
}

export function resourceManagerHandler(ctx: RmServerContext) {
  return async (req: MiniRequest, res: http.ServerResponse): Promise<void> => {
    const p = req.url.pathname.replace(/\/+$/, '') || '/';
    if (p.startsWith('/proxy/')) return proxy(ctx, req, res);
    if (p === '/conf') return sendText(res, 200, formatHadoopXml(ctx.conf()), 'text/xml; charset=utf-8');
    if (p === '/cluster' || p.startsWith('/cluster/app/')) return sendText(res, 200, '<html><body>apx mini cluster</body></html>', 'text/html;charset=utf-8');
    if (!p.startsWith('/ws/v1/cluster')) return sendText(res, 404, 'Not Found');
    const rest = p.slice('/ws/v1/cluster'.length);
    const m = /^\/apps\/([^/]+)(\/state|\/appattempts)?$/.exec(rest);
    const c = /^\/apps\/([^/]+)\/appattempts\/([^/]+)\/containers(?:\/([^/]+))?$/.exec(rest);
    if (c) return attemptContainers(ctx, res, c[1] as string, c[2] as string, c[3]);
    if (rest === '' || rest === '/info') return sendJson(res, 200, { clusterInfo: clusterInfo(ctx) });
    if (rest === '/metrics') return sendJson(res, 200, { clusterMetrics: metrics(ctx) });
    if (rest === '/scheduler') return sendJson(res, 200, scheduler(ctx));
    if (rest === '/nodes') return sendJson(res, 200, nodes(ctx));
    if (rest === '/apps/new-application' && req.method === 'POST') {
      return sendJson(res, 200, { 'application-id': ctx.model.newApplicationId(), 'maximum-resource-capability': resourceInfo(ctx.layout.maxAllocation.memoryMB, ctx.layout.maxAllocation.vcores) });
    }
    if (rest === '/apps' && req.method === 'POST') return submit(ctx, req, res);
    if (rest === '/delegation-token' && req.method === 'POST') return createRmDelegationToken(ctx.kerberos, req, res);
    if (rest === '/apps' && req.method === 'GET') return listApps(ctx, req, res);
    if (!m) return sendRemoteException(res, 404, 'NotFoundException', NOT_FOUND, `java.lang.Exception: ${p} not found`);
    const app = lookupApp(ctx, decodeURIComponent(m[1] as string), res);
    if (!app) return;
    if (!m[2] && req.method === 'GET') return sendJson(res, 200, `{"app":${reportJson(ctx, app)}}`);
    if (m[2] === '/appattempts') return sendJson(res, 200, { appAttempts: { appAttempt: app.attempts.map((a) => attemptJson(ctx, app, a)) } });
    if (m[2] === '/state' && req.method === 'GET') return sendJson(res, 200, { state: app.killing ? 'KILLING' : app.state });
    if (m[2] === '/state' && req.method === 'PUT') return changeState(ctx, req, res, app);
    return sendRemoteException(res, 405, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', 'Method Not Allowed');
  };
}

function clusterInfo(ctx: RmServerContext) {
  return {
    id: ctx.lifecycle.clusterTimestamp, startedOn: ctx.lifecycle.startedOn, state: 'STARTED', haState: ctx.lifecycle.haState,
    rmStateStoreName: 'org.apache.hadoop.yarn.server.resourcemanager.recovery.NullRMStateStore',
    resourceManagerVersion: '3.3.6', resourceManagerBuildVersion: '3.3.6 (apx mini cluster)', resourceManagerVersionBuiltOn: '2023-06-18T08:31Z',
    hadoopVersion: '3.3.6', hadoopBuildVersion: '3.3.6 (apx mini cluster)', hadoopVersionBuiltOn: '2023-06-18T08:31Z',
    haZooKeeperConnectionState: 'Could not find leader elector. Verify both HA and automatic failover are enabled.',
  };
}

/** Shaped like rm-cluster-metrics.http: every key, in the recorded order, with the recorded types. */
function metrics(ctx: RmServerContext) {
  const apps = [...ctx.model.apps.values()];
  const count = (s: string) => apps.filter((a) => a.state === s).length;
  const allocated = apps.reduce((a, app) => a + ctx.model.allocated(app).mb, 0);
  const vcores = apps.reduce((a, app) => a + ctx.model.allocated(app).vcores, 0);
  const containers = apps.reduce((a, app) => a + ctx.model.allocated(app).containers, 0);
  return {
    appsSubmitted: apps.length, appsCompleted: count('FINISHED'), appsPending: count('ACCEPTED'), appsRunning: count('RUNNING'), appsFailed: count('FAILED'), appsKilled: count('KILLED'),
    reservedMB: 0, availableMB: ctx.maxMemoryMB - allocated, allocatedMB: allocated, pendingMB: 0, reservedVirtualCores: 0,
    availableVirtualCores: ctx.maxVCores - vcores, allocatedVirtualCores: vcores, pendingVirtualCores: 0,
    containersAllocated: containers, containersReserved: 0, containersPending: 0,
    totalMB: ctx.maxMemoryMB, totalVirtualCores: ctx.maxVCores,
    // Integer percentages, as ClusterMetricsInfo computes them.
    utilizedMBPercent: Math.floor((allocated * 100) / ctx.maxMemoryMB), utilizedVirtualCoresPercent: Math.floor((vcores * 100) / ctx.maxVCores),
    rmSchedulerBusyPercent: 0,
    totalNodes: 1, lostNodes: 0, unhealthyNodes: 0, decommissioningNodes: 0,
    decommissionedNodes: 0, rebootedNodes: 0, activeNodes: 1, shutdownNodes: 0,
    totalUsedResourcesAcrossPartition: resourceInfo(allocated, vcores),
    totalClusterResourcesAcrossPartition: resourceInfo(ctx.maxMemoryMB, ctx.maxVCores),
    totalReservedResourcesAcrossPartition: resourceInfo(0, 0),
    totalAllocatedContainersAcrossPartition: containers,
    crossPartitionMetricsAvailable: true,
  };
}

/** Per queue: what the mini's own live applications hold, and how many run or wait. */
function queueUsage(ctx: RmServerContext): QueueUsage {
  return (queue) => {
    const apps = [...ctx.model.apps.values()].filter((a) => a.queue === queue || a.queue === `root.${queue}`);
    const live = apps.filter((a) => !ctx.model.isTerminal(a));
    return {
      mb: live.reduce((n, a) => n + ctx.model.allocated(a).mb, 0), vcores: live.reduce((n, a) => n + ctx.model.allocated(a).vcores, 0),
      active: apps.filter((a) => a.state === 'RUNNING').length, pending: apps.filter((a) => a.state === 'ACCEPTED').length,
    };
  };
}

function scheduler(ctx: RmServerContext) {
  return schedulerJson(ctx.layout, queueUsage(ctx));
}

function nodes(ctx: RmServerContext) {
  return nodesJson(ctx.layout, queueUsage(ctx), {
    id: ctx.nodeId, httpAddress: ctx.advertisedNm().replace(/^https?:\/\//, ''), lastHealthUpdate: ctx.lifecycle.startedOn,
    numContainers: [...ctx.containers.containers.values()].filter((c) => c.state === 'RUNNING').length,
  });
}

/**
 * `…/appattempts/{attemptId}/containers[/{cid}]`: the attempt's containers while it runs, `{}` once it
 * finished, and then 404 ContainerNotFoundException for one of them (aggregated-logs/
 * ds-rm-appattempt-containers-running, -containers-finished, -container-finished).
 */
function attemptContainers(ctx: RmServerContext, res: http.ServerResponse, appId: string, attemptId: string, cid?: string): void {
  const app = lookupApp(ctx, decodeURIComponent(appId), res);
  if (!app) return;
  const n = Number(attemptId.split('_').at(-1));
  const attempt = app.attempts.find((a) => a.id === n);
  const live = attempt && !attempt.finishedTime ? ctx.containers.ofApp(app.id).filter((x) => Number(x.id.split('_').at(-2)) === n && x.state === 'RUNNING') : [];
  const nm = ctx.advertisedNm();
  const json = (x: (typeof live)[number]) => ({
    containerId: x.id, allocatedMB: String(x.memoryMB), allocatedVCores: String(x.vCores), assignedNodeId: ctx.nodeId, priority: '0',
    startedTime: String(x.startTime), finishedTime: '0', elapsedTime: String(Date.now() - x.startTime), logUrl: `${nm}/node/containerlogs/${x.id}/${app.user}`,
    containerExitStatus: '0', containerState: 'RUNNING', nodeHttpAddress: nm, nodeId: ctx.nodeId,
    allocatedResources: { entry: [{ key: 'memory-mb', value: String(x.memoryMB) }, { key: 'vcores', value: String(x.vCores) }] }, exposedPorts: '',
  });
  if (cid === undefined) return sendJson(res, 200, live.length ? { container: live.map(json) } : {});
  const one = live.find((x) => x.id === cid);
  if (!one) return sendRemoteException(res, 404, 'NotFoundException', NOT_FOUND, `org.apache.hadoop.yarn.exceptions.ContainerNotFoundException: Container with id '${cid}' doesn't exist in RM.`);
  sendJson(res, 200, json(one));
}

function attemptJson(ctx: RmServerContext, app: MiniApp, a: MiniApp['attempts'][number]) {
  const nm = ctx.advertisedNm();
  return {
    id: a.id, startTime: a.startTime, finishedTime: a.finishedTime, containerId: a.containerId, nodeHttpAddress: nm.replace(/^https?:\/\//, ''), nodeId: ctx.nodeId,
    logsLink: `${nm}/node/containerlogs/${a.containerId}/${app.user}`, blacklistedNodes: '', nodesBlacklistedBySystem: '',
    appAttemptId: appAttemptId(app.id, a.id), exportPorts: 'null',
  };
}

async function submit(ctx: RmServerContext, req: MiniRequest, res: http.ServerResponse): Promise<void> {
  let body: SubmissionBody;
  const text = (await req.body()).toString('utf8');
  try {
    body = JSON.parse(text) as SubmissionBody;
  } catch (e) {
    return sendRemoteException(res, 400, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', `javax.xml.bind.UnmarshalException\n - with linked exception:\n[javax.xml.stream.XMLStreamException: ${(e as Error).message}]`);
  }
  const id = body['application-id'];
  if (!id || !APP_ID.test(id)) return badRequest(res, `java.lang.Exception: Could not parse application id ${id ?? ''}`);
  for (const r of body['am-container-spec']?.['local-resources']?.entry ?? []) {
    if (!(r.value?.size > 0)) return badRequest(res, `java.lang.Exception: Resource size for ${r.key} must be greater than 0 (got ${r.value?.size})`);
  }
  const unreadable = unreadableTokenLength(body);
  if (unreadable !== undefined) return sendRemoteException(res, 500, 'NegativeArraySizeException', 'java.lang.NegativeArraySizeException', String(unreadable));
  ctx.model.submit(body, req.user, ctx.kerberos ? renewalFailure(ctx.kerberos, body) : undefined);
  const location = `http://127.0.0.1:${req.raw.socket.localPort}/ws/v1/cluster/apps/${id}`;
  sendJson(res, 202, '', { Location: location, 'Content-Length': '0' });
}

/**
 * RMWebServices decodes every shipped token (Token.decodeFromUrlString) before anything else: a
 * value that is not a token fails there with 500 NegativeArraySizeException and no application
 * (kerberos/rm-submit-bad-token-value.http). The negative length read, or undefined when all decode.
 */
function unreadableTokenLength(body: SubmissionBody): number | undefined {
  for (const { value } of body['am-container-spec']?.credentials?.tokens?.entry ?? []) {
    try {
      decodeToken(value);
    } catch (e) {
      if (e instanceof TokenFormatError && e.negativeLength !== undefined) return e.negativeLength;
    }
  }
  return undefined;
}

function listApps(ctx: RmServerContext, req: MiniRequest, res: http.ServerResponse): void {
  const q = req.url.searchParams;
  const states = q.get('states') ? (q.get('states') as string).split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : [];
  const invalid = states.find((s) => !(YARN_STATES as readonly string[]).includes(s));
  if (invalid) {
    return badRequest(res, `java.lang.Exception: Invalid application-state ${invalid} specified. It should be one of [${YARN_STATES.join(', ')}]`);
  }
  const types = (q.get('applicationTypes') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const tags = (q.get('applicationTags') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const user = q.get('user');
  const queue = q.get('queue');
  const begin = Number(q.get('startedTimeBegin') ?? 0);
  const end = Number(q.get('startedTimeEnd') ?? Number.MAX_SAFE_INTEGER);
  const limit = q.get('limit') ? Number(q.get('limit')) : Infinity;
  const apps: string[] = [];
  // While recovering the list is empty: RMWebServices.getApps reads the RM context that recovery has
  // not filled yet (Hadoop source; no recording of a list during recovery).
  for (const app of ctx.lifecycle.recovering ? [] : ctx.model.apps.values()) {
    if (apps.length >= limit) break;
    if (states.length && !states.includes(app.state)) continue;
    if (types.length && !types.includes(app.type.toUpperCase())) continue;
    if (tags.length && !tags.some((t) => app.tags.includes(t))) continue;
    if (user && app.user !== user) continue;
    if (queue && app.queue !== queue) continue;
    if (app.startedTime < begin || app.startedTime > end) continue;
    apps.push(reportJson(ctx, app));
  }
  sendJson(res, 200, apps.length ? `{"apps":{"app":[${apps.join(',')}]}}` : '{"apps":{}}');
}

async function changeState(ctx: RmServerContext, req: MiniRequest, res: http.ServerResponse, app: MiniApp): Promise<void> {
  let target: string | undefined;
  try {
    target = (JSON.parse((await req.body()).toString('utf8')) as { state?: string }).state;
  } catch {
    return badRequest(res, 'java.lang.Exception: Could not parse the state request');
  }
  if (target !== 'KILLED') {
    // Recorded: any other target answers 200 with the current state.
    return sendJson(res, 200, { state: app.killing ? 'KILLING' : app.state });
  }
  const answer = ctx.model.kill(app, req.user);
  const extra: Record<string, string> = answer.status === 202 ? { Location: `http://127.0.0.1:${req.raw.socket.localPort}/ws/v1/cluster/apps/${app.id}/state` } : {};
  sendJson(res, answer.status, { state: answer.state }, extra);
}

/**
 * The RM web proxy: while the AM is registered it forwards to the Spark UI (here: the simulated
 * driver's REST API); before registration and after the end it answers 302 to the RM's app page.
 */
function proxy(ctx: RmServerContext, req: MiniRequest, res: http.ServerResponse): void {
  const m = /^\/proxy\/([^/]+)(\/.*)?$/.exec(req.url.pathname);
  const id = m?.[1] ?? '';
  const sub = m?.[2] ?? '/';
  const app = ctx.model.apps.get(id);
  const rm = ctx.advertisedRm();
  if (!app) return sendText(res, 404, `Application ${id} could not be found in RM or history server`, 'text/html;charset=utf-8');
  const driver = app.driver;
  if (ctx.model.isTerminal(app) || !app.registered || !driver || !driver.uiStarted) {
    const keepPath = ctx.model.isTerminal(app) && app.state !== 'FINISHED' && sub !== '/';
    return sendMoved(res, `${rm}/cluster/app/${id}${keepPath ? `${sub}${req.url.search}` : ''}`);
  }
  const api = /^\/api\/v1\/applications(?:\/([^/]+)(?:\/(\d+))?(?:\/(jobs|stages|executors|allexecutors))?)?\/?$/.exec(sub);
  const pretty = (body: unknown) => {
    res.writeHead(200, 'OK', { 'Cache-Control': 'no-cache, no-store, must-revalidate', Date: new Date().toUTCString(), Pragma: 'no-cache', 'Content-Type': 'application/json;charset=utf-8' });
    res.end(sparkPretty(body));
  };
  if (!api) return sendText(res, 200, `<html><head><title>${driver.appName} - Spark Jobs</title></head><body>Spark Jobs</body></html>`, 'text/html;charset=utf-8');
  if (!api[1]) return pretty(driver.applicationsJson());
  if (api[1] !== id) return sendText(res, 404, `unknown app: ${api[1]}`);
  switch (api[3]) {
    case 'jobs': return pretty(driver.jobsJson());
    case 'stages': return pretty(driver.stagesJson(req.url.searchParams.get('status') ?? undefined));
    case 'executors':
    case 'allexecutors': return pretty(driver.executorsJson());
    default: return pretty(driver.applicationsJson()[0]);
  }
}
