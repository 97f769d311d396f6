/**
 * A typed WebHDFS client: one small method per operation (WebHDFS.md), two-step CREATE through the
 * DataNode redirect, RemoteException → typed errors, and NameNode rotation for HA (a standby answers
 * StandbyException; a dead NameNode refuses the connection).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { ClusterError } from '../errors.js';
import { NetworkError, openStream, parseJson, readAll, send, type HttpRequest, type HttpResponse, type RequestAuth } from '../net/http.js';
import { RemoteError, errorFromResponse, readRemoteException } from '../net/remote-exception.js';
import { DEFAULT_RETRY, neverSent, transient, withRetry, type RetryPolicy } from '../net/retry.js';
import type { ContentSummary, FileStatus } from './types.js';

export interface WebHdfsOptions {
  /** NameNode HTTP(S) base URLs, e.g. http://nn1:9870 (several for HA). */
  namenodes: string[];
  /** Simple-auth user (`user.name`); omitted when another mechanism authenticates. */
  user?: string;
  /** Extra query parameters that authenticate (a delegation token). */
  authParams?: Record<string, string>;
  tls?: HttpRequest['tls'];
  timeoutMs?: number;
  /** Extra headers on every request (a gateway's basic auth). */
  headers?: Record<string, string>;
  /** Kerberos (SPNEGO) to the NameNode; the DataNode leg carries the NameNode's delegation token instead. */
  auth?: RequestAuth;
  retry?: RetryPolicy;
}

/** Operations that may be repeated safely after an unclear failure. RENAME and CREATE may not. */
const IDEMPOTENT = new Set(['GETDELEGATIONTOKEN', 'GETHOMEDIRECTORY', 'GETFILESTATUS', 'LISTSTATUS', 'GETCONTENTSUMMARY', 'OPEN', 'GETFILECHECKSUM', 'GETXATTRS', 'MKDIRS', 'SETPERMISSION', 'SETTIMES', 'DELETE']);

export interface CreateOptions {
  overwrite?: boolean;
  permission?: string;
  /** Known length of the stream; lets the DataNode request carry a Content-Length. */
  length?: number;
  onProgress?: (bytesSent: number) => void;
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | undefined>;

export class WebHdfsClient {
  private active = 0;
  /**
   * DataNodes (by IP) that failed an upload of this client: later CREATEs ask the NameNode to pick
   * another, since it keeps offering a dead one until it misses heartbeats for 10.5 min.
   */
  private readonly failedDataNodes = new Set<string>();

  constructor(private readonly options: WebHdfsOptions) {
    if (options.namenodes.length === 0) throw new ClusterError('no WebHDFS address is configured');
  }

  get namenode(): string {
    return this.options.namenodes[this.active] as string;
  }

  async homeDirectory(): Promise<string> {
    const res = await this.call('GET', '/', 'GETHOMEDIRECTORY');
    return parseJson<{ Path: string }>(res, 'GETHOMEDIRECTORY').Path;
  }

  /**
   * GETDELEGATIONTOKEN, renewable by `renewer`. `kind`/`service` ask the NameNode to label it for HDFS RPC
   * (HDFS_DELEGATION_TOKEN, ha-hdfs:<nameservice>) instead of for WebHDFS. Undefined when security is off.
   */
  async delegationToken(renewer: string, label: { kind?: string; service?: string } = {}): Promise<string | undefined> {
    const res = await this.call('GET', '/', 'GETDELEGATIONTOKEN', { renewer, kind: label.kind, service: label.service });
    return parseJson<{ Token: { urlString: string } | null }>(res, 'GETDELEGATIONTOKEN').Token?.urlString;
  }

  async mkdirs(path: string, permission?: string): Promise<boolean> {
    return this.booleanOp('PUT', path, 'MKDIRS', { permission });
  }

  /** The status of `path`, or undefined when it does not exist. */
  async stat(path: string): Promise<FileStatus | undefined> {
    try {
      const res = await this.call('GET', path, 'GETFILESTATUS');
      return parseJson<{ FileStatus: FileStatus }>(res, 'GETFILESTATUS').FileStatus;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async list(path: string): Promise<FileStatus[]> {
    const res = await this.call('GET', path, 'LISTSTATUS');
    return parseJson<{ FileStatuses: { FileStatus: FileStatus[] } }>(res, 'LISTSTATUS').FileStatuses.FileStatus;
  }

  async contentSummary(path: string): Promise<ContentSummary> {
    const res = await this.call('GET', path, 'GETCONTENTSUMMARY');
    return parseJson<{ ContentSummary: ContentSummary }>(res, 'GETCONTENTSUMMARY').ContentSummary;
  }

  /** RENAME answers false (not an error) when the source is missing or the rename is refused. */
  async rename(path: string, destination: string): Promise<boolean> {
    return this.booleanOp('PUT', path, 'RENAME', { destination });
  }

  /** DELETE of a missing path answers false; of a non-empty dir without recursive, an error. */
  async delete(path: string, recursive = false): Promise<boolean> {
    return this.booleanOp('DELETE', path, 'DELETE', { recursive });
  }

  async setPermission(path: string, permission: string): Promise<void> {
    await this.call('PUT', path, 'SETPERMISSION', { permission });
  }

  async setTimes(path: string, times: { modificationTime?: number; accessTime?: number }): Promise<void> {
    await this.call('PUT', path, 'SETTIMES', { modificationtime: times.modificationTime, accesstime: times.accessTime });
  }

  /** Reads a whole (small) file: the NameNode redirects to a DataNode. */
  async read(path: string): Promise<Buffer> {
    const redirect = await this.call('GET', path, 'OPEN', {}, { expect: 307 });
    const res = await send({ method: 'GET', url: locationOf(redirect), headers: this.options.headers, tls: this.options.tls, timeoutMs: this.options.timeoutMs });
    if (res.status !== 200) throw errorFromResponse(res, `OPEN ${path}`);
    return res.body;
  }

  /**
   * Streams `length` bytes from `offset` (OPEN with offset/length through the DataNode redirect):
   * random access into a large file without reading the rest of it.
   */
  async *readRange(path: string, offset: number, length: number): AsyncGenerator<Buffer> {
    const redirect = await this.call('GET', path, 'OPEN', { offset, length }, { expect: 307 });
    const res = await openStream({ url: locationOf(redirect), headers: this.options.headers, tls: this.options.tls, timeoutMs: this.options.timeoutMs });
    if (res.status !== 200) throw errorFromResponse(await readAll(res), `OPEN ${path}`);
    for await (const chunk of res.body) yield chunk as Buffer;
  }

  /**
   * CREATE in two steps, as WebHDFS.md asks: the NameNode answers 307 with a DataNode URL, and the
   * data goes only to that URL (never to the NameNode, which would drop it). A DataNode that fails
   * is remembered and excluded from the next CREATEs (`excludedatanodes`).
   */
  async create(path: string, data: Readable | Buffer, opts: CreateOptions = {}): Promise<void> {
    const dataNode = await this.chooseDataNode(path, opts);
    // Interrupted while the NameNode answered: no DataNode request, so no file to race the cleanup.
    opts.signal?.throwIfAborted();
    try {
      const res = await send({
        method: 'PUT',
        url: dataNode,
        headers: { ...this.options.headers, 'content-type': 'application/octet-stream' },
        body: data,
        contentLength: opts.length,
        onBodyProgress: opts.onProgress,
        signal: opts.signal,
        tls: this.options.tls,
        timeoutMs: this.options.timeoutMs ?? 120_000,
      });
      if (res.status !== 201) throw errorFromResponse(res, `upload of ${path} to DataNode ${new URL(dataNode).host}`);
    } catch (e) {
      if (!dataNodeFault(e) || opts.signal?.aborted) throw e;
      const { host, hostname } = new URL(dataNode);
      this.failedDataNodes.add(await ipOf(hostname));
      // The DataNode URL is long and says nothing more: where and what, in a few words.
      throw e instanceof NetworkError ? new NetworkError(`cannot reach DataNode ${host}: ${e.reason ?? e.message}`, e.code) : e;
    }
  }

  /** The DataNode URL for a CREATE, avoiding the ones that failed; when the NameNode has no other, any. */
  private async chooseDataNode(path: string, opts: CreateOptions): Promise<string> {
    const ask = (exclude?: string) =>
      this.call('PUT', path, 'CREATE', { overwrite: opts.overwrite ?? false, permission: opts.permission, excludedatanodes: exclude }, { expect: 307 });
    if (this.failedDataNodes.size === 0) return locationOf(await ask());
    try {
      return locationOf(await ask([...this.failedDataNodes].join(',')));
    } catch (e) {
      // Every DataNode excluded: NamenodeWebHdfsMethods.redirectURI says so with an IOException (403).
      if (!(e instanceof RemoteError && /Failed to find datanode/.test(e.message))) throw e;
      this.failedDataNodes.clear();
      return locationOf(await ask());
    }
  }

  private async booleanOp(method: HttpRequest['method'], path: string, op: string, query: Query = {}): Promise<boolean> {
    const res = await this.call(method, path, op, query);
    return parseJson<{ boolean: boolean }>(res, op).boolean;
  }

  /** One NameNode call, retried with backoff when that is safe (see IDEMPOTENT). */
  private call(method: HttpRequest['method'], path: string, op: string, query: Query = {}, how: { expect?: number } = {}): Promise<HttpResponse> {
    return withRetry(() => this.callOnce(method, path, op, query, how), {
      retryable: (e) => (IDEMPOTENT.has(op) ? transient(e) : neverSent(e)),
      policy: this.options.retry ?? DEFAULT_RETRY,
    });
  }

  /** Rotates to the next NameNode on a standby answer or a connection failure. */
  private async callOnce(method: HttpRequest['method'], path: string, op: string, query: Query, how: { expect?: number }): Promise<HttpResponse> {
    const tried = this.options.namenodes.length;
    let lastError: unknown;
    for (let i = 0; i < tried; i++) {
      const url = this.urlFor(path, op, query);
      try {
        const res = await send({ method, url, headers: this.options.headers, auth: this.options.auth, tls: this.options.tls, timeoutMs: this.options.timeoutMs });
        if (res.status === (how.expect ?? 200)) return res;
        const remote = readRemoteException(res);
        if (remote?.exception === 'StandbyException' && tried > 1) {
          lastError = errorFromResponse(res, `${op} ${path}`);
          this.active = (this.active + 1) % tried;
          continue;
        }
        throw errorFromResponse(res, `${op} ${path}`);
      } catch (e) {
        if (!(e instanceof NetworkError) || tried === 1) throw e;
        lastError = e;
        this.active = (this.active + 1) % tried;
      }
    }
    throw lastError;
  }

  private urlFor(path: string, op: string, query: Query): string {
    // Appended, not resolved: a gateway base URL (…/gateway/prod) keeps its path.
    const url = new URL(`${this.namenode.replace(/\/+$/, '')}/webhdfs/v1${encodePath(path)}`);
    url.searchParams.set('op', op);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    if (this.options.user) url.searchParams.set('user.name', this.options.user);
    for (const [k, v] of Object.entries(this.options.authParams ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }
}

function encodePath(path: string): string {
  const abs = path.startsWith('/') ? path : `/${path}`;
  return abs.split('/').map(encodeURIComponent).join('/');
}

function locationOf(res: HttpResponse): string {
  const location = res.headers.location;
  if (!location) throw new ClusterError(`the NameNode answered ${res.status} without a Location to a DataNode`);
  return location;
}

/** A failure of the DataNode itself (unreachable, reset, 5xx), not a refusal of the request. */
function dataNodeFault(e: unknown): boolean {
  return e instanceof NetworkError || (e instanceof ClusterError && e.status !== undefined && e.status >= 500);
}

/**
 * `excludedatanodes` names a DataNode by IP alone: `host:port` means the transfer port (9866), which
 * the redirect does not tell, and the NameNode's map is keyed by IP, not host name
 * (NamenodeWebHdfsMethods.chooseDatanode → DatanodeManager.getDatanodeByHost/getDatanodeByXferAddr).
 */
async function ipOf(host: string): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return bare;
  try {
    return (await lookup(bare)).address;
  } catch {
    return bare;
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof RemoteError && (e.exception === 'FileNotFoundException' || e.status === 404);
}
