/**
 * Faults a test can inject into the mini cluster, each consumed by the requests it hits, so a test
 * says exactly what goes wrong and when: a burst of 5xx, slow answers, a reset connection.
 * Whole-daemon outages (RM down for 30 s) live on MiniService.downFor.
 */
export type ServiceName = 'rm' | 'nm' | 'namenode' | 'datanode' | 'standby-rm';

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' };

interface Armed {
  service: ServiceName;
  /** Only requests whose path starts with this are hit (default: all). */
  pathPrefix?: string;
  remaining: number;
  fault: Fault;
}

export class Faults {
  private armed: Armed[] = [];
  /** DataNode: destroy the connection after this many body bytes, for the next `count` uploads. */
  uploadResets: { afterBytes: number; remaining: number }[] = [];
  /** NameNode: redirect the next `count` CREATEs to a DataNode address where nothing listens. */
  brokenDataNodeRedirects = 0;

  inject(service: ServiceName, fault: Fault, count = 1, pathPrefix?: string): void {
    this.armed.push({ service, fault, remaining: count, pathPrefix });
  }

  resetUploadAfter(afterBytes: number, count = 1): void {
    this.uploadResets.push({ afterBytes, remaining: count });
  }

  clear(): void {
    this.armed = [];
    this.uploadResets = [];
    this.brokenDataNodeRedirects = 0;
  }

  take(service: ServiceName, path: string): Fault | undefined {
    const hit = this.armed.find((a) => a.service === service && a.remaining > 0 && (!a.pathPrefix || path.startsWith(a.pathPrefix)));
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
