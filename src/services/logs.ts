/**
 * `apx logs`: a container's log through the NodeManager while the app runs or the node still holds
 * it (log aggregation off), following by offset with -f; once YARN aggregated a finished app's logs,
 * from the JobHistoryServer or HDFS (services/aggregated-logs.ts), after waiting (bounded) while the
 * upload is still NOT_START/RUNNING. A plain explanation when neither has them.
 */
import { ClusterError, UsageError } from '../errors.js';
import type { JhsClient } from '../aggregated-logs/jhs-client.js';
import type { LogDirSettings } from '../aggregated-logs/layout.js';
import type { Write } from '../aggregated-logs/print.js';
import type { WebHdfsClient } from '../hdfs/webhdfs.js';
import { NetworkError } from '../net/http.js';
import { RemoteError } from '../net/remote-exception.js';
import { containerInfoTable } from '../aggregated-logs/framing.js';
import { fileMatcher, sameNode } from '../aggregated-logs/select.js';
import { LogFollower, listContainerLogs, parseWrappedLogs, type NmClient } from '../yarn/nm-client.js';
import type { RmClient } from '../yarn/rm-client.js';
import { TERMINAL_STATES, type AppReport } from '../yarn/types.js';
import { amContainerOf } from '../monitor/monitor.js';
import { amContainers, viaJobHistory, viaWebHdfs } from './aggregated-logs.js';

export interface LogsRequest {
  appId: string;
  /** Which files (names or patterns); the NodeManager path shows the first (default stderr), aggregated logs all of them. */
  files?: string[];
  containers?: string[];
  node?: string;
  am?: string;
  size?: number;
  list?: boolean;
  json?: boolean;
  /** Every container of a running app (the latest attempt's), not only the AM. */
  all?: boolean;
  follow: boolean;
  intervalMs: number;
  /** How long to wait for YARN to finish aggregating a finished app's logs. */
  waitMs?: number;
  /** Told once when the wait starts (a spinner on a terminal), and when it ends. */
  onWaiting?: (status: string | undefined) => void;
  write: Write;
  /** A line for the user that is not output (stderr). */
  warn?: (line: string) => void;
  signal?: AbortSignal;
}

export interface LogSources {
  rm: RmClient;
  nm: NmClient;
  /** Where finished apps' aggregated logs are read: the JobHistoryServer, else HDFS. */
  aggregated?: () => Promise<{ jhs?: JhsClient; hdfs?: WebHdfsClient; dirs: LogDirSettings; user: string }>;
}

const PENDING = new Set(['NOT_START', 'RUNNING', 'RUNNING_WITH_FAILURE']);

async function locate(rm: RmClient, report: AppReport, container?: string): Promise<{ node: string; container: string }> {
  const am = amContainerOf(report);
  if (!container) {
    if (!am) throw new ClusterError(`${report.id} has no ApplicationMaster container yet (state ${report.state})`, 'Its logs appear once YARN launches the AM; try again, or use -f.');
    return am;
  }
  const attempt = (await rm.attempts(report.id)).find((a) => a.containerId === container);
  if (attempt) return { node: attempt.nodeHttpAddress, container };
  if (am) return { node: am.node, container };
  throw new ClusterError(`cannot tell which node ran ${container}`);
}

function gone(report: AppReport, container: string, file: string): ClusterError {
  const aggregation = report.logAggregationStatus ?? 'UNKNOWN';
  if (aggregation === 'DISABLED' || aggregation === 'NOT_START') {
    return new LogsGoneError(`the NodeManager no longer has ${file} of ${container}, and log aggregation is off on this cluster (logAggregationStatus ${aggregation})`, 'The logs are gone with the container; turn on yarn.log-aggregation-enable to keep them.');
  }
  return new LogsGoneError(`${file} of ${container} is not on the NodeManager any more; it was aggregated (logAggregationStatus ${aggregation})`, `apx logs ${report.id} reads aggregated logs once the application has finished.`);
}

/** The node still has the container but not that file: the user named a file it never had. */
async function noSuchFile(nm: NmClient, where: { node: string; container: string }, report: AppReport, file: string): Promise<Error> {
  const files = await nm.logFiles(where.node, where.container).catch(() => undefined);
  if (!files || files.includes(file)) return gone(report, where.container, file);
  return new UsageError(`${where.container} has no log file '${file}'`, files.length ? `Its log files: ${files.join(', ')}. Pick one with --file.` : 'It has no log files yet.');
}

/** Polls the report while YARN is still uploading a finished app's logs, up to waitMs. */
async function awaitAggregation(rm: RmClient, report: AppReport, req: LogsRequest): Promise<AppReport> {
  if (!PENDING.has(report.logAggregationStatus ?? '')) return report;
  const deadline = Date.now() + (req.waitMs ?? 120_000);
  req.onWaiting?.(report.logAggregationStatus);
  try {
    while (PENDING.has(report.logAggregationStatus ?? '')) {
      if (req.signal?.aborted) throw req.signal.reason instanceof Error ? req.signal.reason : new ClusterError('interrupted');
      if (Date.now() >= deadline) {
        throw new ClusterError(
          `the logs of ${report.id} are not aggregated yet (logAggregationStatus ${report.logAggregationStatus} after ${Math.round((req.waitMs ?? 120_000) / 1000)} s)`,
          'The NodeManagers upload them once the application ends; try again later, or wait longer with --wait.',
        );
      }
      await new Promise((r) => setTimeout(r, req.intervalMs));
      report = await rm.report(report.id);
    }
  } finally {
    req.onWaiting?.(undefined);
  }
  return report;
}

/**
 * A finished app the RM no longer knows (it keeps yarn.resourcemanager.max-completed-applications):
 * its aggregated logs may still be there. Like `yarn logs` ("Unable to get ApplicationState.
 * Attempting to fetch logs directly from the filesystem"), look for them, owner unknown.
 */
async function forgottenByRm(src: LogSources, req: LogsRequest, notFound: RemoteError): Promise<void> {
  if (!src.aggregated || req.follow || req.am) throw notFound;
  const where = await src.aggregated();
  const report = { id: req.appId, user: where.user, state: 'FINISHED', finalStatus: 'UNDEFINED' } as AppReport;
  try {
    await showAggregated(src.rm, where, report, req, false);
  } catch (e) {
    if (e instanceof ClusterError && !(e instanceof NetworkError)) {
      throw new ClusterError(`${notFound.message}, and no aggregated logs of it were found either`, 'Check the id (apx list shows recent applications) and the cluster (--cluster).');
    }
    throw e;
  }
}

export async function showLogs(src: LogSources, req: LogsRequest): Promise<void> {
  let report: AppReport;
  try {
    report = await src.rm.report(req.appId);
  } catch (e) {
    if (e instanceof RemoteError && e.exception === 'NotFoundException') return forgottenByRm(src, req, e);
    throw e;
  }
  if (TERMINAL_STATES.has(report.state) && report.logAggregationStatus && report.logAggregationStatus !== 'DISABLED' && src.aggregated) {
    report = await awaitAggregation(src.rm, report, req);
    return showAggregated(src.rm, await src.aggregated(), report, req);
  }
  try {
    return await showFromNodeManager(src.rm, src.nm, report, req);
  } catch (e) {
    // The report's status is the RM's own setting: DISABLED there while the NodeManagers aggregate
    // (recorded: rm-app-report-logagg-disabled-rm-aggregation-off), or no status at all on older
    // Hadoop. When the NodeManager says the logs are gone, look where aggregation would have put them.
    if (!(e instanceof LogsGoneError) || !TERMINAL_STATES.has(report.state) || !src.aggregated) throw e;
    try {
      return await showAggregated(src.rm, await src.aggregated(), report, req);
    } catch (aggregated) {
      if (aggregated instanceof ClusterError && !(aggregated instanceof NetworkError)) throw e;
      throw aggregated;
    }
  }
}

/** The NodeManager no longer has the logs. */
class LogsGoneError extends ClusterError {}

async function showAggregated(rm: RmClient, where: Awaited<ReturnType<NonNullable<LogSources['aggregated']>>>, report: AppReport, req: LogsRequest, ownerKnown = true): Promise<void> {
  if (req.follow) throw new UsageError(`${report.id} has ended (${report.state}): there is nothing to follow`, `Drop -f: apx logs ${report.id} prints its aggregated logs.`);
  let containers = req.containers?.length ? new Set(req.containers) : undefined;
  if (req.am) {
    const ams = amContainers(req.am, await rm.attempts(report.id));
    containers = new Set([...(containers ?? []), ...ams]);
  }
  let wrote = false;
  const write: Write = (chunk) => {
    wrote = true;
    return req.write(chunk);
  };
  const request = { report, selection: { containers, node: req.node, files: req.files, size: req.size }, list: !!req.list, json: !!req.json, write };
  let printed: number;
  if (where.jhs) {
    try {
      printed = await viaJobHistory(where.jhs, request);
    } catch (e) {
      // An unreachable JobHistoryServer is no reason to fail while HDFS holds the same files; once
      // output has started, switching would print some of it twice.
      if (!(e instanceof NetworkError) || !where.hdfs || wrote) throw e;
      req.warn?.(`apx: ${e.message}; reading the aggregated logs from HDFS instead`);
      printed = await viaWebHdfs(where.hdfs, where.dirs, request, ownerKnown);
    }
  } else if (where.hdfs) printed = await viaWebHdfs(where.hdfs, where.dirs, request, ownerKnown);
  else throw new ClusterError(`${report.id} has finished and its logs were aggregated, but apx knows neither a JobHistoryServer nor WebHDFS for this cluster`, 'Set APX_JHS_URL or the profile\'s --jobhistory, or a WebHDFS address (apx cluster add NAME --webhdfs URL).');
  if (printed === 0) {
    const what = [req.files?.length ? `file ${req.files.join(', ')}` : '', containers ? `container ${[...containers].join(', ')}` : '', req.node ? `node ${req.node}` : ''].filter(Boolean).join(', ');
    throw new UsageError(`no aggregated log of ${report.id} matches ${what || 'the request'}`, `apx logs ${report.id} --list shows its containers and files.`);
  }
}

/** Several containers or files, or a listing: each file framed by its NodeManager, as `yarn logs` prints a running app. */
function wantsMany(req: LogsRequest): boolean {
  const files = req.files ?? [];
  return !!(req.list || req.all || req.json || (req.containers?.length ?? 0) > 1 || files.length > 1 || files.some((f) => !/^[\w.-]+$/.test(f)) || req.size !== undefined);
}

async function runningContainers(rm: RmClient, report: AppReport, req: LogsRequest): Promise<{ containerId: string; node: string }[]> {
  const attempts = await rm.attempts(report.id);
  const latest = attempts[attempts.length - 1];
  const live = latest ? await rm.attemptContainers(report.id, latest.appAttemptId) : [];
  let containers = live.map((c) => ({ containerId: c.containerId, node: c.nodeHttpAddress }));
  // Finished containers are gone from the RM's list; their node is the AM's (one-node clusters) or unknown.
  const am = amContainerOf(report);
  if (am && !containers.some((c) => c.containerId === am.container)) containers.unshift({ containerId: am.container, node: am.node });
  if (req.containers?.length) {
    const wanted = new Set(req.containers);
    const known = containers.filter((c) => wanted.has(c.containerId));
    for (const id of wanted) if (!known.some((c) => c.containerId === id) && am) known.push({ containerId: id, node: am.node });
    containers = known;
  } else if (!req.all && !req.list) containers = containers.filter((c) => c.containerId === am?.container);
  if (req.node) containers = containers.filter((c) => sameNode(c.node.replace(/^https?:\/\//, ''), req.node) || c.node.includes(req.node as string));
  return containers;
}

async function showRunning(rm: RmClient, nm: NmClient, report: AppReport, req: LogsRequest): Promise<void> {
  const containers = await runningContainers(rm, report, req);
  const wantFile = fileMatcher(req.files?.length ? req.files : req.list ? undefined : ['stderr']);
  let printed = 0;
  for (const c of containers) {
    const listing = await listContainerLogs(nm, c.node, c.containerId);
    if (!listing) continue;
    const files = listing.files.filter((f) => wantFile(f.fileName));
    if (req.list) {
      const rows = files.map((f) => ({ file: f.fileName, length: f.fileSize, modified: f.lastModifiedTime, type: 'LOCAL' }));
      await req.write(req.json ? `${JSON.stringify({ container: c.containerId, node: listing.nodeId, files: rows })}\n` : containerInfoTable(c.containerId, listing.nodeId, rows));
      printed++;
      continue;
    }
    for (const f of files) {
      const body = await nm.framed(c.node, c.containerId, f.fileName, req.size);
      if (!body) continue;
      if (req.json) {
        const [log] = parseWrappedLogs(body.toString('utf8'));
        await req.write(`${JSON.stringify({ container: c.containerId, node: listing.nodeId, file: f.fileName, length: log?.length ?? f.fileSize, modified: f.lastModifiedTime, contents: log?.contents ?? '' })}\n`);
      } else await req.write(body);
      printed++;
    }
  }
  if (printed === 0) throw gone(report, containers.map((c) => c.containerId).join(', ') || 'its containers', req.files?.join(', ') || 'the logs');
}

async function showFromNodeManager(rm: RmClient, nm: NmClient, report: AppReport, req: LogsRequest): Promise<void> {
  if (wantsMany(req)) {
    if (req.follow) throw new UsageError('-f follows one file of one container', 'Drop --all/--list/--json/--size, or name one --container and one --file.');
    return showRunning(rm, nm, report, req);
  }
  const file = req.files?.[0] ?? 'stderr';
  const where = await locate(rm, report, req.containers?.[0]);
  const follower = new LogFollower((bytes) => nm.tail(where.node, where.container, file, bytes), 4 * 1024 * 1024);
  // Only the NodeManager's own "not here" answers mean gone; its other failures (a 500, no route) are
  // thrown by the client with its status and message: saying "gone" then would send the user astray.
  const first = await nm.tail(where.node, where.container, file, 1);
  if (!first) throw await noSuchFile(nm, where, report, file);
  const emit = async (lines: string[]) => {
    for (const l of lines) await req.write(`${l}\n`);
  };
  await emit(await follower.poll(!req.follow));
  while (req.follow && !req.signal?.aborted && !TERMINAL_STATES.has(report.state)) {
    await new Promise((r) => setTimeout(r, req.intervalMs));
    await emit(await follower.poll());
    report = await rm.report(req.appId);
  }
  if (req.follow) await emit(await follower.poll(true));
}
