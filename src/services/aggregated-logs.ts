/**
 * `apx logs` for a finished application whose logs YARN aggregated into HDFS: through the
 * JobHistoryServer's REST API where the cluster has one, else straight from the node files over
 * WebHDFS with apx's own TFile reader. Never asks a NodeManager (it forgot the containers).
 * Output is framed like `yarn logs` (or NDJSON records with --json).
 */
import { createHash } from 'node:crypto';
import { ClusterError, UsageError } from '../errors.js';
import { containerInfoTable, fileHeader, fileTrailer, logTimestamp, sizeWindow } from '../aggregated-logs/framing.js';
import type { JhsClient, JhsContainerLogs } from '../aggregated-logs/jhs-client.js';
import { appLogDirs, isNodeFile, type LogDirSettings } from '../aggregated-logs/layout.js';
import { readNodeFile } from '../aggregated-logs/log-format.js';
import { eachSelectedFile, listNodeFile, printNodeFile, type NodeFileRef, type Write } from '../aggregated-logs/print.js';
import { fileMatcher, sameNode, type LogSelection } from '../aggregated-logs/select.js';
import { NotTFileError, type ByteSource } from '../aggregated-logs/tfile.js';
import type { FileStatus } from '../hdfs/types.js';
import { isNotFound, type WebHdfsClient } from '../hdfs/webhdfs.js';
import type { AppReport } from '../yarn/types.js';

export interface AggregatedLogsRequest {
  report: AppReport;
  selection: LogSelection;
  list: boolean;
  json: boolean;
  write: Write;
}

/** One log file as a --json record. */
export interface LogRecord {
  container: string;
  node: string;
  file: string;
  length: number;
  modified: string;
  contents: string;
}

const jsonLine = (o: unknown) => `${JSON.stringify(o)}\n`;

// ---- JobHistoryServer REST ---------------------------------------------------------------------

export async function viaJobHistory(jhs: JhsClient, req: AggregatedLogsRequest): Promise<number> {
  const { selection: sel } = req;
  const wantFile = fileMatcher(sel.files);
  const containers = (await jhs.containers(req.report.id)).filter((c) => (!sel.containers || sel.containers.has(c.containerId)) && sameNode(c.nodeId, sel.node));
  if (req.list) return listed(containers.map((c) => ({ container: c.containerId, node: c.nodeId, files: c.files.filter((f) => wantFile(f.fileName)).map((f) => ({ file: f.fileName, length: f.fileSize, modified: f.lastModifiedTime })) })), req);
  const wanted = containers.flatMap((c) => c.files.filter((f) => wantFile(f.fileName)).map((f) => ({ c, f })));
  const open = (i: number) => {
    const w = wanted[i] as (typeof wanted)[number];
    const opened = jhs.openContainerLog(w.c.containerId, w.f.fileName, sel.size);
    opened.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    return opened;
  };
  let printed = 0;
  let next = wanted.length ? open(0) : undefined;
  try {
    for (let i = 0; i < wanted.length; i++) {
      const { c, f } = wanted[i] as (typeof wanted)[number];
      const current = await (next as ReturnType<typeof open>);
      next = i + 1 < wanted.length ? open(i + 1) : undefined;
      if (req.json) {
        const parts: Buffer[] = [];
        if (!(await current.pass((b) => void parts.push(b)))) continue;
        await req.write(jsonLine(recordFromFramed(c, f.fileName, f.fileSize, f.lastModifiedTime, Buffer.concat(parts))));
      } else if (!(await current.pass(req.write))) continue;
      printed++;
    }
  } finally {
    next?.then((n) => n.cancel(), () => {});
  }
  return printed;
}

/** The JHS frames each file; a --json record wants the bytes alone. */
function recordFromFramed(c: JhsContainerLogs, file: string, length: number, modified: string, body: Buffer): LogRecord {
  const head = Buffer.from(fileHeader(c.containerId, c.nodeId, file, modified, length));
  const tail = Buffer.from(fileTrailer(file));
  const framed = body.subarray(0, head.length).equals(head) && body.subarray(body.length - tail.length).equals(tail);
  const contents = framed ? body.subarray(head.length, body.length - tail.length) : body;
  return { container: c.containerId, node: c.nodeId, file, length, modified, contents: contents.toString('utf8') };
}

async function listed(containers: { container: string; node: string; files: { file: string; length: number; modified: string }[] }[], req: AggregatedLogsRequest): Promise<number> {
  for (const c of containers) await req.write(req.json ? jsonLine(c) : containerInfoTable(c.container, c.node, c.files));
  return containers.length;
}

// ---- Node files over WebHDFS -------------------------------------------------------------------

export function webHdfsSource(hdfs: WebHdfsClient, path: string, size: number): ByteSource {
  return { size, range: (offset, length) => (length === 0 ? (async function* () {})() : hdfs.readRange(path, offset, length)) };
}

async function listIfThere(hdfs: WebHdfsClient, dir: string): Promise<FileStatus[] | undefined> {
  try {
    return await hdfs.list(dir);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function ifileError(appId: string, where: string): ClusterError {
  return new ClusterError(
    `the logs of ${appId} are in YARN's IFile (indexed) format (${where}), which apx cannot read without a JVM: its index is Java-serialized`,
    'Read them through the JobHistoryServer (set yarn.log.server.web-service.url or mapreduce.jobhistory.webapp.address, or APX_JHS_URL), or with `yarn logs -applicationId ' + appId + '`.',
  );
}

/** An IFile node file starts with the SHA-256 of the application id (LogAggregationIndexedFileController). */
async function looksLikeIFile(source: ByteSource, appId: string): Promise<boolean> {
  const parts: Buffer[] = [];
  for await (const c of source.range(0, Math.min(32, source.size))) parts.push(c);
  return Buffer.concat(parts).equals(createHash('sha256').update(appId).digest());
}

/**
 * The owners whose log directories may hold the app: the one named, else every user directory under
 * the remote log dir (as the JobHistoryServer and `yarn logs` glob the owner of an app the RM forgot).
 */
async function owners(hdfs: WebHdfsClient, dirs: LogDirSettings, report: AppReport, ownerKnown: boolean): Promise<string[]> {
  if (ownerKnown) return [report.user];
  const users = ((await listIfThere(hdfs, dirs.remoteDir)) ?? []).filter((s) => s.type === 'DIRECTORY').map((s) => s.pathSuffix);
  return [report.user, ...users.filter((u) => u !== report.user)];
}

export async function viaWebHdfs(hdfs: WebHdfsClient, dirs: LogDirSettings, req: AggregatedLogsRequest, ownerKnown = true): Promise<number> {
  const { report, selection: sel } = req;
  const tried: string[] = [];
  const candidates = (await owners(hdfs, dirs, report, ownerKnown)).flatMap((user) => appLogDirs(dirs, user, report.id));
  for (const candidate of candidates) {
    tried.push(candidate.dir);
    const entries = await listIfThere(hdfs, candidate.dir);
    if (!entries) continue;
    const nodes = entries.filter((e) => e.type === 'FILE' && isNodeFile(e.pathSuffix) && sameNode(e.pathSuffix, sel.node));
    if (candidate.format === 'ifile' && nodes.length) throw ifileError(report.id, candidate.dir);
    if (!nodes.length) continue;
    let printed = 0;
    for (const n of nodes) {
      const path = `${candidate.dir}/${n.pathSuffix}`;
      const source = webHdfsSource(hdfs, path, n.length);
      const ref = { source, node: n.pathSuffix, modified: logTimestamp(n.modificationTime) };
      try {
        if (req.list) {
          const byContainer = await listNodeFile(source, sel);
          printed += await listed([...byContainer].map(([container, files]) => ({ container, node: ref.node, files: files.map((f) => ({ file: f.file, length: f.length, modified: ref.modified })) })), req);
        } else if (req.json) printed += await jsonNodeFile(ref, sel, req.write);
        else printed += await printNodeFile(ref, sel, req.write);
      } catch (e) {
        if (e instanceof NotTFileError && (await looksLikeIFile(source, report.id))) throw ifileError(report.id, path);
        if (e instanceof NotTFileError) throw new ClusterError(`${path} is not a readable aggregated log file: ${e.message}`, `Read it with \`yarn logs -applicationId ${report.id}\`.`);
        throw e;
      }
    }
    return printed;
  }
  throw new ClusterError(
    `no aggregated logs of ${report.id} in HDFS (looked in ${tried[0]} and the older layouts)`,
    'YARN removes them after yarn.log-aggregation.retain-seconds; if the cluster keeps them elsewhere, check yarn.nodemanager.remote-app-log-dir.',
  );
}

function jsonNodeFile(ref: NodeFileRef, sel: LogSelection, write: Write): Promise<number> {
  return eachSelectedFile(ref.source, sel, async (entry, window) => {
    const parts: Buffer[] = [];
    await window((chunk) => {
      parts.push(Buffer.from(chunk));
    });
    const record: LogRecord = { container: entry.container, node: ref.node, file: entry.file, length: entry.length, modified: ref.modified, contents: Buffer.concat(parts).toString('utf8') };
    await write(jsonLine(record));
  });
}

// ---- --am --------------------------------------------------------------------------------------

/** `--am 1`, `--am 1,2`, `--am -1` (the latest attempt), `--am ALL`: the AM containers of those attempts. */
export function amContainers(spec: string, attempts: { id: number; containerId: string }[]): string[] {
  const sorted = [...attempts].sort((a, b) => a.id - b.id);
  const out: string[] = [];
  for (const part of spec.split(',').map((s) => s.trim())) {
    if (part.toUpperCase() === 'ALL') return sorted.map((a) => a.containerId);
    const n = Number(part);
    if (!Number.isInteger(n) || n === 0 || n < -1) throw new UsageError(`--am '${spec}' is not an attempt number`, 'Use --am 1 (the first attempt), --am 2,3, --am -1 (the latest) or --am ALL.');
    const attempt = n === -1 ? sorted[sorted.length - 1] : sorted.find((a) => a.id === n);
    if (!attempt) throw new UsageError(`the application has no attempt ${n} (it had ${sorted.length})`, 'apx status shows its attempts; --am ALL prints every AM.');
    out.push(attempt.containerId);
  }
  return out;
}
