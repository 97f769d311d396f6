/**
 * The mini cluster's JobHistoryServer, only its aggregated-log REST API (HsWebServices in Hadoop
 * 3.3.6), answering as recorded in shared/hadoop-3.3.6/aggregated-logs/: jhs-info,
 * ds-jhs-aggregatedlogs* (one container ⇒ an object), ds-jhs-containers-logs*,
 * ds-jhs-containerlogs-* (framed like `yarn logs`, `size=±N`, 200 "Can not find logs" for a missing
 * file), jhs-*-bad-*, *-unknown-app, the 307 to the NodeManager while the app runs, and the 404 page
 * for `/containers/{cid}/logs/{file}`, which the JHS does not serve. No auth filter (anonymous 200).
 * It reads the node files from the mini HDFS with apx's TFile reader.
 */
import type http from 'node:http';
import { logTimestamp } from '../aggregated-logs/framing.js';
import { localSource } from '../aggregated-logs/local-source.js';
import { listNodeFile, printNodeFile } from '../aggregated-logs/print.js';
import type { LogFileEntry } from '../aggregated-logs/log-format.js';
import { hadoopHeaders, sendJson, sendRemoteException, sendText, statusText, type MiniRequest } from './http-server.js';
import type { HdfsStore, INode } from './hdfs-store.js';
import { MINI_LOG_DIRS, type LogAggregator } from './log-aggregation.js';
import type { MiniApp, ResourceManagerModel } from './resource-manager.js';

export interface JhsContext {
  model: ResourceManagerModel;
  store: HdfsStore;
  aggregator: LogAggregator;
  advertisedNm: () => string;
  startedOn: number;
}

const APP_ID = /^application_\d+_\d+$/;
const CONTAINER_ID = /^container_(?:e\d+_)?(\d+)_(\d+)_\d+_\d+$/;

function appOfContainer(cid: string): string | undefined {
  const m = CONTAINER_ID.exec(cid);
  return m ? `application_${m[1]}_${m[2]}` : undefined;
}

/**
 * An app the RM does not know (any more): the JHS then globs the owner in HDFS (per HsWebServices /
 * LogAggregationFileController source; the recorded unknown app had no logs: jhs-*-unknown-app).
 */
function forgottenApp(ctx: JhsContext, appId: string): Pick<MiniApp, 'id' | 'user'> | undefined {
  const users = ctx.store.lookup(MINI_LOG_DIRS.remoteDir)?.children.keys() ?? [];
  for (const user of users) if (nodeFiles(ctx, { id: appId, user })) return { id: appId, user };
  return undefined;
}

/** The app's node files, or undefined when its remote directory is missing or empty. */
function nodeFiles(ctx: JhsContext, app: Pick<MiniApp, 'id' | 'user'>): INode[] | undefined {
  const dir = ctx.store.lookup(ctx.aggregator.appDir(app.id, app.user));
  const files = dir ? [...dir.children.values()].filter((n) => n.type === 'FILE' && !n.name.endsWith('.tmp')) : [];
  return files.length ? files : undefined;
}

async function listing(ctx: JhsContext, app: Pick<MiniApp, 'id' | 'user'>, containers?: Set<string>) {
  const out: { containerLogInfo: { fileName: string; fileSize: string; lastModifiedTime: string }[]; logAggregationType: string; containerId: string; nodeId: string }[] = [];
  for (const node of nodeFiles(ctx, app) ?? []) {
    const byContainer = await listNodeFile(localSource(node.blob as string), { containers });
    const modified = logTimestamp(node.modificationTime);
    for (const [containerId, files] of byContainer) {
      out.push({ containerLogInfo: files.map((f: LogFileEntry) => ({ fileName: f.file, fileSize: String(f.length), lastModifiedTime: modified })), logAggregationType: 'AGGREGATED', containerId, nodeId: node.name });
    }
  }
  return out;
}

/** Jersey's JSON notation: one element is the element itself (ds-jhs-aggregatedlogs-container). */
const jersey = <T>(list: T[]): T | T[] => (list.length === 1 ? (list[0] as T) : list);

/** Recorded: once for a finished app not uploaded yet (…-finished-not-yet-aggregated), twice for an app the RM does not know (jhs-aggregatedlogs-unknown-app). */
function noRemoteDir(res: http.ServerResponse, appId: string, known: boolean): void {
  const line = `Can not find remote application directory for the application:${appId}\n`;
  sendRemoteException(res, 500, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', `java.io.IOException: ${line}${known ? '' : line}`, 'application/json');
}

function redirectToNm(ctx: JhsContext, req: MiniRequest, res: http.ServerResponse, path: string, contentType: string): void {
  res.writeHead(307, statusText(307), { ...hadoopHeaders(contentType), Location: `${ctx.advertisedNm()}${path}${req.url.search}`, 'Content-Length': '0' });
  res.end();
}

export function jobHistoryHandler(ctx: JhsContext) {
  return async (req: MiniRequest, res: http.ServerResponse): Promise<void> => {
    const p = req.url.pathname.replace(/\/+$/, '');
    const q = req.url.searchParams;
    if (p === '/ws/v1/history' || p === '/ws/v1/history/info') {
      return sendJson(res, 200, { historyInfo: { startedOn: ctx.startedOn, hadoopVersion: '3.3.6', hadoopBuildVersion: '3.3.6 (apx mini cluster)', hadoopVersionBuiltOn: '2023-06-18T08:31Z' } });
    }
    if (p === '/ws/v1/history/aggregatedlogs') {
      const containerId = q.get('containerid') ?? undefined;
      const appId = q.get('appid') ?? (containerId ? appOfContainer(containerId) : undefined);
      if (!appId) return sendRemoteException(res, 400, 'IllegalArgumentException', 'java.lang.IllegalArgumentException', 'Should set application id, application attempt id or container id.', 'application/json');
      if (!APP_ID.test(appId)) return sendRemoteException(res, 400, 'BadRequestException', 'org.apache.hadoop.yarn.webapp.BadRequestException', `java.lang.IllegalArgumentException: Invalid ApplicationId prefix: ${appId}. The valid ApplicationId should start with prefix application`, 'application/json');
      return aggregatedLogs(ctx, req, res, appId, containerId);
    }
    let m = /^\/ws\/v1\/history\/containers\/([^/]+)\/logs(\/[^/]+)?$/.exec(p);
    if (m) {
      // Recorded: the JHS does not serve a file under /containers/{cid}/logs/ (ds-jhs-containers-logs-file-not-served).
      if (m[2]) return sendText(res, 404, '<html>\n  <body>\n    <h1>Sorry, got error 404</h1>\n  </body>\n</html>\n', 'text/html;charset=utf-8');
      const appId = appOfContainer(m[1] as string);
      if (!appId) return sendText(res, 404, `Not Found. Invalid ContainerId: ${m[1]}`);
      return aggregatedLogs(ctx, req, res, appId, m[1] as string);
    }
    m = /^\/ws\/v1\/history\/containerlogs\/([^/]+)\/([^/]+)$/.exec(p);
    if (m) return containerLog(ctx, req, res, m[1] as string, decodeURIComponent(m[2] as string));
    sendRemoteException(res, 404, 'NotFoundException', 'org.apache.hadoop.yarn.webapp.NotFoundException', `java.lang.Exception: ${p} not found`);
  };
}

async function aggregatedLogs(ctx: JhsContext, req: MiniRequest, res: http.ServerResponse, appId: string, containerId?: string): Promise<void> {
  const app = ctx.model.apps.get(appId);
  if (app && !ctx.model.isTerminal(app)) {
    if (containerId) return redirectToNm(ctx, req, res, `/ws/v1/node/containers/${containerId}/logs`, 'application/json');
    // Recorded (ds-jhs-aggregatedlogs-running): the older layout is what it reports missing.
    return sendRemoteException(res, 500, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', `java.io.IOException: File /tmp/logs/${app.user}/logs-tfile/${appId} does not exist.\n`, 'application/json');
  }
  const found = app ?? forgottenApp(ctx, appId);
  if (!found || !nodeFiles(ctx, found)) return noRemoteDir(res, appId, !!app);
  const attempt = req.url.searchParams.get('appattemptid');
  let list = await listing(ctx, found, containerId ? new Set([containerId]) : undefined);
  // appattempt_…_000002 → containers container_…_02_…: the attempt number is the id's second-to-last field.
  if (attempt) list = list.filter((c) => Number(c.containerId.split('_').at(-2)) === Number(attempt.split('_').at(-1)));
  if (containerId && !list.length) return sendRemoteException(res, 500, 'NotFoundException', 'org.apache.hadoop.yarn.webapp.NotFoundException', 'java.lang.Exception: Can not get log meta for request.', 'application/json');
  sendJson(res, 200, { containerLogsInfo: jersey(list) }, {}, 'application/json');
}

async function containerLog(ctx: JhsContext, req: MiniRequest, res: http.ServerResponse, containerId: string, file: string): Promise<void> {
  const appId = appOfContainer(containerId);
  if (!appId) return sendText(res, 404, `Not Found. Invalid ContainerId: ${containerId}`);
  const format = req.url.searchParams.get('format');
  if (format && !['text', 'octet-stream'].includes(format)) return sendText(res, 400, 'The valid values for the parameter : format are [text, octet-stream]');
  const sizeText = req.url.searchParams.get('size');
  const size = sizeText === null ? undefined : Number(sizeText);
  // Recorded (ds-jhs-containerlogs-size-bad): Jersey fails to write its own error as text/plain.
  if (size !== undefined && !Number.isInteger(size)) return sendRemoteException(res, 500, 'WebApplicationException', 'javax.ws.rs.WebApplicationException', 'com.sun.jersey.api.MessageException: A message body writer for Java class org.apache.hadoop.yarn.webapp.RemoteExceptionData, and Java type class org.apache.hadoop.yarn.webapp.RemoteExceptionData, and MIME media type text/plain; charset=utf-8 was not found.\n', 'application/vnd.sun.wadl+json');
  const app = ctx.model.apps.get(appId);
  if (app && !ctx.model.isTerminal(app)) return redirectToNm(ctx, req, res, `/ws/v1/node/containers/${containerId}/logs/${file}`, 'text/plain;charset=utf-8');
  const found = app ?? forgottenApp(ctx, appId);
  const nodes = found ? nodeFiles(ctx, found) : undefined;
  if (!found || !nodes) {
    // Recorded (jhs-containerlogs-unknown-app): Jetty's own error page, status text "Server Error".
    const why = `java.io.IOException: Can not find remote application directory for the application:${appId}\nCan not find remote application directory for the application:${appId}\n`;
    res.writeHead(500, 'Server Error', { 'Content-Type': 'text/html;charset=iso-8859-1', Connection: 'close' });
    res.end(`<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error 500 ${why}</title>\n</head>\n<body><h2>HTTP ERROR 500 ${why}</h2>\n<table>\n<tr><th>URI:</th><td>${req.url.pathname}</td></tr>\n<tr><th>STATUS:</th><td>500</td></tr>\n</table>\n</body>\n</html>\n`);
    return;
  }
  const contentType = format === 'octet-stream' ? 'application/octet-stream' : 'text/plain';
  let started = false;
  for (const node of nodes) {
    await printNodeFile({ source: localSource(node.blob as string), node: node.name, modified: logTimestamp(node.modificationTime) }, { containers: new Set([containerId]), files: [file], size }, (chunk) => {
      if (!started) res.writeHead(200, statusText(200), hadoopHeaders(contentType));
      started = true;
      if (res.write(chunk)) return;
      return new Promise<void>((resolve) => res.once('drain', resolve));
    });
  }
  // Recorded (ds-jhs-containerlogs-missing-file): 200 and this text, no newline.
  if (!started) return sendText(res, 200, `Can not find logs for container:${containerId}`, 'text/plain');
  res.end();
}
