/**
 * The JobHistoryServer's aggregated-log REST API (HsWebServices, Hadoop 3.3.6), as recorded in
 * shared/hadoop-3.3.6/aggregated-logs/ds-jhs-*.http: a listing of containers and files
 * (`/aggregatedlogs`, one container ⇒ an object, not an array) and each file framed exactly like
 * `yarn logs` (`/containerlogs/{cid}/{file}?size=±N`), which apx streams to its output untouched.
 */
import { ClusterError } from '../errors.js';
import { openStream, parseJson, readAll, send, type HttpRequest, type RequestAuth } from '../net/http.js';
import { errorFromResponse, readRemoteException } from '../net/remote-exception.js';
import { rawGet, type RawResponse } from '../net/raw-get.js';
import { redactText } from '../net/redact.js';

export interface JhsFile {
  fileName: string;
  fileSize: number;
  lastModifiedTime: string;
}

export interface JhsContainerLogs {
  containerId: string;
  nodeId: string;
  logAggregationType: string;
  files: JhsFile[];
}

export interface JhsClientOptions {
  /** The REST base, e.g. http://jhs:19888/ws/v1/history (yarn.log.server.web-service.url). */
  baseUrl: string;
  user?: string;
  headers?: Record<string, string>;
  auth?: RequestAuth;
  tls?: HttpRequest['tls'];
  timeoutMs?: number;
}

/** Jersey's JSON: a one-element list comes as the element itself. */
function list<T>(v: T | T[] | undefined | null): T[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** The application has no aggregated logs in HDFS (yet, or any more): the JHS says so with a 500. */
export class NoAggregatedLogsError extends ClusterError {}

interface RawContainer {
  containerLogInfo?: { fileName: string; fileSize: string; lastModifiedTime: string } | { fileName: string; fileSize: string; lastModifiedTime: string }[];
  logAggregationType: string;
  containerId: string;
  nodeId: string;
}

export class JhsClient {
  constructor(private readonly o: JhsClientOptions) {}

  get baseUrl(): string {
    return this.o.baseUrl.replace(/\/+$/, '');
  }

  private url(path: string, query: Record<string, string | undefined>): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    if (this.o.user) url.searchParams.set('user.name', this.o.user);
    return url.toString();
  }

  /** Containers and their files, in the node files' order. */
  async containers(appId: string): Promise<JhsContainerLogs[]> {
    const url = this.url('/aggregatedlogs', { appid: appId });
    const res = await send({ method: 'GET', url, headers: { ...this.o.headers, accept: 'application/json' }, auth: this.o.auth, tls: this.o.tls, timeoutMs: this.o.timeoutMs ?? 30_000 });
    if (res.status !== 200) {
      const remote = readRemoteException(res);
      if (res.status === 500 && remote && /Can not find remote application directory|does not exist/.test(remote.message)) {
        throw new NoAggregatedLogsError(`the JobHistoryServer at ${new URL(url).host} has no aggregated logs for ${appId}: ${redactText(remote.message.split('\n')[0] ?? '')}`, 'They appear once every NodeManager has uploaded them; if they were removed (yarn.log-aggregation.retain-seconds) they are gone.');
      }
      throw errorFromResponse(res, `list the aggregated logs of ${appId}`);
    }
    const body = parseJson<{ containerLogsInfo?: RawContainer | RawContainer[] }>(res, 'aggregatedlogs');
    return list(body.containerLogsInfo).map((c) => ({
      containerId: c.containerId, nodeId: c.nodeId, logAggregationType: c.logAggregationType,
      files: list(c.containerLogInfo).map((f) => ({ fileName: f.fileName, fileSize: Number(f.fileSize), lastModifiedTime: f.lastModifiedTime })),
    }));
  }

  /**
   * One file framed like `yarn logs`, streamed to `write` as it arrives. False when the JHS says it
   * has no such file (a 200 `Can not find logs for container:…`, recorded).
   */
  async containerLog(containerId: string, file: string, size: number | undefined, write: (chunk: Buffer) => void | Promise<void>): Promise<boolean> {
    return (await this.openContainerLog(containerId, file, size)).pass(write);
  }

  /**
   * Sends the request for one file and waits for its status only; the body stays unread (the
   * socket paused) until `pass` is called. Opening the next file while the current one streams
   * hides a round trip per file, which adds up over the hundreds of files of a large Spark app.
   */
  async openContainerLog(containerId: string, file: string, size: number | undefined): Promise<{ pass(write: (chunk: Buffer) => void | Promise<void>): Promise<boolean>; cancel(): void }> {
    const url = this.url(`/containerlogs/${encodeURIComponent(containerId)}/${encodeURIComponent(file)}`, { size: size === undefined ? undefined : String(size) });
    if (url.startsWith('http:')) return this.openPlain(url, containerId, file);
    const res = await openStream({ url, headers: this.o.headers, auth: this.o.auth, tls: this.o.tls, timeoutMs: this.o.timeoutMs ?? 60_000 });
    if (res.status !== 200) throw errorFromResponse(await readAll(res), `read ${file} of ${containerId} from the JobHistoryServer`);
    return { pass: (write) => pass(res.body, write), cancel: () => res.body.destroy() };
  }

  /** Over plain http, the body goes from the socket to `write` without node:http (see net/raw-get.ts). */
  private async openPlain(url: string, containerId: string, file: string): Promise<{ pass(write: (chunk: Buffer) => void | Promise<void>): Promise<boolean>; cancel(): void }> {
    const attempt = this.o.auth ? await this.o.auth.begin(new URL(url)) : undefined;
    const res = await rawGet({ url, headers: { ...this.o.headers, ...attempt?.headers }, timeoutMs: this.o.timeoutMs ?? 60_000 });
    await attempt?.finish({ status: res.status, statusText: res.statusText, headers: res.headers, body: Buffer.alloc(0) });
    if (res.status !== 200) throw errorFromResponse(await res.readAll(), `read ${file} of ${containerId} from the JobHistoryServer`);
    return { pass: (write) => passRaw(res, write), cancel: () => res.destroy() };
  }
}

/** As `pass`, for the plain-http reader; the first bytes wait until they can tell a missing file. */
async function passRaw(res: RawResponse, write: (chunk: Buffer) => void | Promise<void>): Promise<boolean> {
  let head: Buffer[] | undefined = [];
  let missing = false;
  const decide = (): void | Promise<void> => {
    const first = Buffer.concat(head ?? []);
    head = undefined;
    if (isMissingFile(first)) {
      missing = true;
      res.destroy();
      return;
    }
    if (first.length) return write(first);
  };
  await res.pass((b) => {
    if (missing) return;
    if (!head) return write(b);
    head.push(b);
    if (head.reduce((n, p) => n + p.length, 0) >= MISSING.length) return decide();
  });
  if (head) await decide();
  return !missing;
}

/** The JHS's answer for a file the container does not have: 200 and this text (recorded). */
const MISSING = 'Can not find logs for container';
function isMissingFile(first: Buffer): boolean {
  return first.subarray(0, 32).toString('latin1').startsWith(MISSING);
}

/**
 * Passes a body on chunk by chunk, pausing only while `write` says to wait (a promise): no promise
 * per chunk when the output keeps up, which is what lets it run at the speed of `curl > file`.
 */
function pass(body: NodeJS.ReadableStream & { destroy(): void }, write: (chunk: Buffer) => void | Promise<void>): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    let first = true;
    body.on('data', (b: Buffer) => {
      if (first && isMissingFile(b)) {
        body.destroy();
        resolve(false);
        return;
      }
      first = false;
      try {
        const waiting = write(b);
        if (waiting) {
          body.pause();
          waiting.then(() => body.resume(), reject);
        }
      } catch (e) {
        reject(e);
      }
    });
    body.on('end', () => resolve(true));
    body.on('error', reject);
  });
}
