/**
 * `apx logs`: a container's log through the NodeManager while the app runs or the node still holds
 * it (log aggregation off), following by offset with -f, and a plain explanation when neither the
 * NodeManager nor a log server has it, or the NodeManager's own error when it fails to answer.
 */
import { ClusterError, UsageError } from '../errors.js';
import { LogFollower, type NmClient } from '../yarn/nm-client.js';
import type { RmClient } from '../yarn/rm-client.js';
import { TERMINAL_STATES, type AppReport } from '../yarn/types.js';
import { amContainerOf } from '../monitor/monitor.js';

export interface LogsRequest {
  appId: string;
  file: string;
  container?: string;
  follow: boolean;
  intervalMs: number;
  write: (text: string) => void;
  signal?: AbortSignal;
}

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
    return new ClusterError(`the NodeManager no longer has ${file} of ${container}, and log aggregation is off on this cluster (logAggregationStatus ${aggregation})`, 'The logs are gone with the container; turn on yarn.log-aggregation-enable to keep them.');
  }
  return new ClusterError(`${file} of ${container} is not on the NodeManager any more; it was aggregated (logAggregationStatus ${aggregation})`, `Read aggregated logs with \`yarn logs -applicationId ${report.id}\`; apx does not read the aggregated TFile format yet.`);
}

/** The node still has the container but not that file: the user named a file it never had. */
async function noSuchFile(nm: NmClient, where: { node: string; container: string }, report: AppReport, file: string): Promise<Error> {
  const files = await nm.logFiles(where.node, where.container).catch(() => undefined);
  if (!files || files.includes(file)) return gone(report, where.container, file);
  return new UsageError(`${where.container} has no log file '${file}'`, files.length ? `Its log files: ${files.join(', ')}. Pick one with --file.` : 'It has no log files yet.');
}

export async function showLogs(rm: RmClient, nm: NmClient, req: LogsRequest): Promise<void> {
  let report = await rm.report(req.appId);
  const where = await locate(rm, report, req.container);
  const follower = new LogFollower((bytes) => nm.tail(where.node, where.container, req.file, bytes), 4 * 1024 * 1024);
  // Only the NodeManager's own "not here" answers mean gone; its other failures (a 500, no route) are
  // thrown by the client with its status and message: saying "gone" then would send the user astray.
  const first = await nm.tail(where.node, where.container, req.file, 1);
  if (!first) throw await noSuchFile(nm, where, report, req.file);
  const emit = (lines: string[]) => lines.forEach((l) => req.write(`${l}\n`));
  emit(await follower.poll(!req.follow));
  while (req.follow && !req.signal?.aborted && !TERMINAL_STATES.has(report.state)) {
    await new Promise((r) => setTimeout(r, req.intervalMs));
    emit(await follower.poll());
    report = await rm.report(req.appId);
  }
  if (req.follow) emit(await follower.poll(true));
}
