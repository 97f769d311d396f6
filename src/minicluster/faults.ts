/**
 * Faults a test can inject into the mini cluster, each consumed by the requests it hits, so a test
 * says exactly what goes wrong and when: a burst of 5xx, slow answers, a reset connection.
 * Whole-daemon outages (RM down for 30 s) live on MiniService.downFor.
 */
/** `datanode` is the first DataNode; a cluster started with `dataNodes: n` adds datanode2…datanode<n>. */
export type ServiceName = 'rm' | 'rm2' | 'nm' | 'namenode' | 'namenode2' | 'datanode' | `datanode${number}` | 'gateway' | 'jhs';

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'delay'; ms: number }
  /** The connection is cut before the request is handled. */
  | { kind: 'reset' }
  /** The request is handled, then the connection is cut before the answer: the client cannot know. */
  | { kind: 'drop-response' };

export interface RequestRecord {
  service: ServiceName;
  method: string;
  path: string;
  /** The query string as sent (`?op=CREATE&excludedatanodes=…`), for tests that check parameters. */
  query: string;
  at: number;
}

interface Armed {
  service: ServiceName;
  /** Only requests whose path starts with this are hit (default: all); a trailing $ means exactly this path. */
  pathPrefix?: string;
  remaining: number;
  fault: Fault;
  method?: string;
}

export class Faults {
  private armed: Armed[] = [];
  /** DataNode: destroy the connection after this many body bytes, for the next `count` uploads. */
  uploadResets: { afterBytes: number; remaining: number }[] = [];
  /** NameNode: redirect the next `count` CREATEs to a DataNode address where nothing listens. */
  brokenDataNodeRedirects = 0;
  /** NodeManager: every container-log content request answers 500 until switched off (nm-log-failure.ts). */
  nodeManagerLogsFail = false;

  /** Every request each daemon received, for tests and benchmarks that count them. */
  readonly requests: RequestRecord[] = [];

  inject(service: ServiceName, fault: Fault, count = 1, pathPrefix?: string, method?: string): void {
    this.armed.push({ service, fault, remaining: count, pathPrefix, method });
  }

  resetUploadAfter(afterBytes: number, count = 1): void {
    this.uploadResets.push({ afterBytes, remaining: count });
  }

  clear(): void {
    this.armed = [];
    this.requests.length = 0;
    this.uploadResets = [];
    this.brokenDataNodeRedirects = 0;
    this.nodeManagerLogsFail = false;
  }

  take(service: ServiceName, path: string, method = 'GET', query = ''): Fault | undefined {
    this.requests.push({ service, method, path, query, at: Date.now() });
    if (this.requests.length > 100_000) this.requests.splice(0, 50_000);
    const hit = this.armed.find((a) => a.service === service && a.remaining > 0 && matchesPath(a.pathPrefix, path) && (!a.method || a.method === method));
    if (!hit) return undefined;
    hit.remaining--;
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return hit.fault;
  }

  takeUploadReset(): number | undefined {
    const r = this.uploadResets.find((u) => u.remaining > 0);
    if (!r) return undefined;
    r.remaining--;
    return r.afterBytes;
  }
}

function matchesPath(pattern: string | undefined, path: string): boolean {
  if (!pattern) return true;
  return pattern.endsWith('$') ? path === pattern.slice(0, -1) : path.startsWith(pattern);
}
