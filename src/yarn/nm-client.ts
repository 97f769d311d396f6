/**
 * The NodeManager's container logs (NodeManagerRest.md). `size=-N` returns the last N bytes, and the
 * wrapper's `LogLength:` tells the whole file's length, so a follower asks for the tail and keeps
 * only what is new since its last offset: one small request per poll, never the whole file again.
 */
import { send } from '../net/http.js';
import { logIsGone, nodeManagerLogError } from './nm-answer.js';
import type { HttpRequest, HttpResponse, RequestAuth } from '../net/http.js';

export interface WrappedLog {
  container: string;
  logType: string;
  /** The whole file's length on the node. */
  length: number;
  contents: string;
  running: boolean;
}

/** Parses the `Container:/LogType:/LogLength:/LogContents:` wrapping of one or more log files. */
export function parseWrappedLogs(text: string): WrappedLog[] {
  const out: WrappedLog[] = [];
  const re = /Container: (\S+) on \S+\n(?:LogAggregationType: \S+\n)?=+\nLogType:(.+)\nLogLastModifiedTime:.*\nLogLength:(\d+)\nLogContents:\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const endMarker = `End of LogType:${m[2]}`;
    const end = text.indexOf(endMarker, start);
    const trailer = end >= 0 ? text.slice(end, text.indexOf('\n', end) >= 0 ? text.indexOf('\n', end) : undefined) : '';
    out.push({
      container: m[1] as string, logType: m[2] as string, length: Number(m[3]),
      contents: end >= 0 ? text.slice(start, end) : text.slice(start), running: trailer.includes('running container'),
    });
    re.lastIndex = end >= 0 ? end : text.length;
  }
  return out;
}

export interface NmClientOptions {
  user?: string;
  headers?: Record<string, string>;
  auth?: RequestAuth;
  tls?: HttpRequest['tls'];
  timeoutMs?: number;
}

export class NmClient {
  constructor(private readonly options: NmClientOptions = {}) {}

  /** A GET to a NodeManager's REST API, the answer whole. */
  async get(nodeHttp: string, path: string, query: Record<string, string> = {}): Promise<HttpResponse> {
    const base = /^https?:\/\//.test(nodeHttp) ? nodeHttp : `http://${nodeHttp}`;
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    if (this.options.user) url.searchParams.set('user.name', this.options.user);
    return send({ method: 'GET', url: url.toString(), headers: this.options.headers, auth: this.options.auth, tls: this.options.tls, timeoutMs: this.options.timeoutMs ?? 10_000 });
  }

  /**
   * One log file framed by the NodeManager (`LogAggregationType: LOCAL`), as `yarn logs` prints a
   * running container's (`size`: bytes from the start, or from the end when negative); undefined
   * when the NodeManager says the log is not there (see logIsGone). Any other answer throws, with
   * the NodeManager's status and message.
   */
  async framed(nodeHttp: string, containerId: string, file: string, size?: number): Promise<Buffer | undefined> {
    const res = await this.get(nodeHttp, `/ws/v1/node/containerlogs/${encodeURIComponent(containerId)}/${encodeURIComponent(file)}`, size === undefined ? {} : { size: String(size) });
    if (res.status === 200) return res.body;
    if (logIsGone(res)) return undefined;
    throw nodeManagerLogError(res, nodeHttp.replace(/^https?:\/\//, ''), `read ${file} of ${containerId}`);
  }

  /** The last `tailBytes` of a container's log file through the NodeManager at `nodeHttp` (host:port or URL). */
  async tail(nodeHttp: string, containerId: string, file: string, tailBytes: number): Promise<WrappedLog | undefined> {
    const body = await this.framed(nodeHttp, containerId, file, -tailBytes);
    return body && parseWrappedLogs(body.toString('utf8'))[0];
  }

  /**
   * The names of a container's log files on the node (GET /ws/v1/node/containers/{id}/logs, recorded
   * in nm-container-logs-list-finished.http); undefined when the node no longer knows the container.
   */
  async logFiles(nodeHttp: string, containerId: string): Promise<string[] | undefined> {
    return (await listContainerLogs(this, nodeHttp, containerId))?.files.map((f) => f.fileName);
  }
}

export interface NmLogFile {
  fileName: string;
  fileSize: number;
  lastModifiedTime: string;
}

/** Jersey's JSON: one element comes as the element itself. */
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A container's log files and its node id as the NodeManager lists them (`/ws/v1/node/containers/{cid}/logs`). */
export async function listContainerLogs(nm: NmClient, nodeHttp: string, containerId: string): Promise<{ nodeId: string; files: NmLogFile[] } | undefined> {
  const res = await nm.get(nodeHttp, `/ws/v1/node/containers/${encodeURIComponent(containerId)}/logs`);
  if (res.status !== 200) {
    if (logIsGone(res) || res.status === 404) return undefined;
    throw nodeManagerLogError(res, nodeHttp, `list the logs of ${containerId}`);
  }
  type Info = { containerLogInfo?: { fileName: string; fileSize: string; lastModifiedTime: string } | { fileName: string; fileSize: string; lastModifiedTime: string }[]; nodeId: string };
  const body = JSON.parse(res.body.toString('utf8')) as { containerLogsInfo: Info | Info[] };
  const info = asList(body.containerLogsInfo)[0];
  return { nodeId: info?.nodeId ?? '', files: asList(info?.containerLogInfo).map((f) => ({ fileName: f.fileName, fileSize: Number(f.fileSize), lastModifiedTime: f.lastModifiedTime })) };
}

/** Text that arrives in pieces, as whole lines: a line cut by a read waits for the rest (or a flush). */
export class LineBuffer {
  private partial = '';

  push(chunk: string, flush = false): string[] {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    if (flush && this.partial) {
      lines.push(this.partial);
      this.partial = '';
    }
    return lines;
  }

  /** Forgets a partial line whose rest will never come (the bytes between were skipped). */
  drop(): void {
    this.partial = '';
  }
}

/** Follows one log file by offset: returns only complete new lines, keeps a partial line for later. */
export class LogFollower {
  private offset = 0;
  private readonly lines = new LineBuffer();
  /** Bytes that grew faster than one tail could carry (shown as a gap, never silently). */
  skipped = 0;

  constructor(
    private readonly fetch: (tailBytes: number) => Promise<WrappedLog | undefined>,
    private readonly tailBytes = 64 * 1024,
  ) {}

  async poll(flush = false): Promise<string[]> {
    const log = await this.fetch(this.tailBytes);
    if (!log) return [];
    if (log.length < this.offset) this.offset = 0;
    const fresh = log.length - this.offset;
    if (fresh <= 0 && !flush) return [];
    const bytes = Buffer.from(log.contents, 'utf8');
    let chunk = bytes.subarray(Math.max(0, bytes.length - fresh)).toString('utf8');
    if (fresh > bytes.length) {
      this.skipped += fresh - bytes.length;
      this.lines.drop();
      chunk = `… ${fresh - bytes.length} bytes of log skipped …\n${chunk}`;
    }
    this.offset = log.length;
    return this.lines.push(chunk, flush);
  }
}
