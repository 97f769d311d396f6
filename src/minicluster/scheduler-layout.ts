/**
 * The mini's nodes and queues, and its /ws/v1/cluster/scheduler and /nodes answers. The capacity
 * scheduler's and the nodes' shapes follow shared/hadoop-3.3.6/rm-cluster-scheduler.http and
 * rm-cluster-nodes.http (the keys a client reads, in the recorded nesting); the fair scheduler's
 * follows Hadoop's ResourceManagerRest.md "Fair Scheduler API" — there is no recording of it.
 * Tests give other sizes: MiniClusterOptions.layout.
 */

export interface MiniNode {
  memoryMB: number;
  vcores: number;
}

export interface MiniQueue {
  /** Leaf name (capacity: `etl`; fair: shown as `root.etl`). */
  name: string;
  /** Percent of the cluster guaranteed (capacity) / the fair share's percent (fair). */
  capacity: number;
  /** Percent of the cluster it may grow to. */
  maxCapacity: number;
  /** Held by other applications now (besides the mini's own running ones). */
  usedMB?: number;
  usedVCores?: number;
  /** Capacity scheduler's user-limit-factor (recorded default 1.0). */
  userLimitFactor?: number;
  /** Applications that waited or wait in this queue (numPendingApplications). */
  pendingApps?: number;
}

export interface MiniSchedulerLayout {
  scheduler?: 'capacity' | 'fair';
  nodes?: MiniNode[];
  queues?: MiniQueue[];
  /** yarn.nodemanager.aux-services names spark_shuffle (Spark's external shuffle service). */
  shuffleService?: boolean;
  /** yarn.scheduler.minimum-allocation-mb (and the fair scheduler's increment). */
  minAllocationMB?: number;
  /** yarn.scheduler.maximum-allocation-mb / -vcores. */
  maxAllocation?: MiniNode;
}

/** The mini's historical shape: one 8192 MB, 8-vcore node and the default queue at 100 %. */
export const DEFAULT_LAYOUT = {
  scheduler: 'capacity',
  nodes: [{ memoryMB: 8192, vcores: 8 }],
  queues: [{ name: 'default', capacity: 100, maxCapacity: 100 }],
  shuffleService: false,
  minAllocationMB: 512,
  maxAllocation: { memoryMB: 8192, vcores: 8 },
} as const satisfies Required<MiniSchedulerLayout>;

export type ResolvedLayout = { scheduler: 'capacity' | 'fair'; nodes: MiniNode[]; queues: MiniQueue[]; shuffleService: boolean; minAllocationMB: number; maxAllocation: MiniNode };

export function resolveLayout(l: MiniSchedulerLayout = {}): ResolvedLayout {
  return {
    scheduler: l.scheduler ?? DEFAULT_LAYOUT.scheduler,
    nodes: l.nodes ?? [...DEFAULT_LAYOUT.nodes],
    queues: l.queues ?? [...DEFAULT_LAYOUT.queues],
    shuffleService: l.shuffleService ?? false,
    minAllocationMB: l.minAllocationMB ?? DEFAULT_LAYOUT.minAllocationMB,
    maxAllocation: l.maxAllocation ?? { ...DEFAULT_LAYOUT.maxAllocation },
  };
}

export function clusterTotal(l: ResolvedLayout): MiniNode {
  return l.nodes.reduce((a, n) => ({ memoryMB: a.memoryMB + n.memoryMB, vcores: a.vcores + n.vcores }), { memoryMB: 0, vcores: 0 });
}

/** Usage the mini's own applications add, per queue name. */
export type QueueUsage = (queue: string) => { mb: number; vcores: number; active: number; pending: number };

/** The recorded resource object: memory, vCores and their resourceInformations. */
export function resourceJson(memory: number, vCores: number) {
  const info = (name: string, units: string, value: number) => ({ attributes: {}, maximumAllocation: 9223372036854775807, minimumAllocation: 0, name, resourceType: 'COUNTABLE', units, value });
  return { memory, vCores, resourceInformations: { resourceInformation: [info('memory-mb', 'Mi', memory), info('vcores', '', vCores)] } };
}

function used(q: MiniQueue, usage: QueueUsage) {
  const u = usage(q.name);
  return { mb: (q.usedMB ?? 0) + u.mb, vcores: (q.usedVCores ?? 0) + u.vcores, active: u.active, pending: (q.pendingApps ?? 0) + u.pending };
}

const part = (total: number, pct: number) => Math.floor((total * pct) / 100);

export function schedulerJson(l: ResolvedLayout, usage: QueueUsage) {
  return l.scheduler === 'fair' ? fairJson(l, usage) : capacityJson(l, usage);
}

function capacityJson(l: ResolvedLayout, usage: QueueUsage) {
  const total = clusterTotal(l);
  const maxAlloc = resourceJson(l.maxAllocation.memoryMB, l.maxAllocation.vcores);
  const queues = l.queues.map((q) => {
    const u = used(q, usage);
    const usedPct = (u.mb / Math.max(1, part(total.memoryMB, q.capacity))) * 100;
    const absUsed = (u.mb / Math.max(1, total.memoryMB)) * 100;
    const min = resourceJson(part(total.memoryMB, q.capacity), part(total.vcores, q.capacity));
    const max = resourceJson(part(total.memoryMB, q.maxCapacity), part(total.vcores, q.maxCapacity));
    return {
      type: 'capacitySchedulerLeafQueueInfo', queuePath: `root.${q.name}`, capacity: q.capacity, usedCapacity: usedPct, maxCapacity: q.maxCapacity,
      absoluteCapacity: q.capacity, absoluteMaxCapacity: q.maxCapacity, absoluteUsedCapacity: absUsed, numApplications: u.active + u.pending,
      queueName: q.name, isAbsoluteResource: false, state: 'RUNNING',
      resourcesUsed: resourceJson(u.mb, u.vcores),
      minEffectiveCapacity: min, maxEffectiveCapacity: max, maximumAllocation: maxAlloc,
      numActiveApplications: u.active, numPendingApplications: u.pending, numContainers: 0,
      maxApplications: 10000, maxApplicationsPerUser: 10000, userLimit: 100, users: {}, userLimitFactor: q.userLimitFactor ?? 1.0,
    };
  });
  const usedAll = queues.reduce((a, q) => a + q.resourcesUsed.memory, 0);
  return {
    scheduler: {
      schedulerInfo: {
        type: 'capacityScheduler', capacity: 100.0, usedCapacity: (usedAll / Math.max(1, total.memoryMB)) * 100, maxCapacity: 100.0, queueName: 'root', isAbsoluteResource: false,
        queues: { queue: queues },
        maximumAllocation: maxAlloc,
      },
    },
  };
}

function fairJson(l: ResolvedLayout, usage: QueueUsage) {
  const total = clusterTotal(l);
  const r = (m: number, v: number) => ({ memory: m, vCores: v });
  const cluster = r(total.memoryMB, total.vcores);
  const leaves = l.queues.map((q) => {
    const u = used(q, usage);
    return {
      maxApps: 2147483647, minResources: r(0, 0), maxResources: r(part(total.memoryMB, q.maxCapacity), part(total.vcores, q.maxCapacity)),
      usedResources: r(u.mb, u.vcores), fairResources: r(part(total.memoryMB, q.capacity), part(total.vcores, q.capacity)),
      clusterResources: cluster, queueName: `root.${q.name}`, schedulingPolicy: 'fair', type: 'fairSchedulerLeafQueueInfo',
      numActiveApps: u.active, numPendingApps: u.pending,
    };
  });
  const usedMB = leaves.reduce((a, q) => a + q.usedResources.memory, 0);
  const usedV = leaves.reduce((a, q) => a + q.usedResources.vCores, 0);
  return {
    scheduler: {
      schedulerInfo: {
        rootQueue: {
          childQueues: { queue: leaves },
          clusterResources: cluster, fairResources: cluster, maxApps: 2147483647, maxResources: cluster, minResources: r(0, 0),
          queueName: 'root', schedulingPolicy: 'fair', usedResources: r(usedMB, usedV),
        },
        type: 'fairScheduler',
      },
    },
  };
}

export interface NodeIdentity {
  id: string;
  httpAddress: string;
  lastHealthUpdate: number;
  numContainers: number;
}

/** /nodes: the first node is the mini's NodeManager; the others only exist in this answer. Usage fills nodes in order. */
export function nodesJson(l: ResolvedLayout, usage: QueueUsage, first: NodeIdentity) {
  let leftMB = l.queues.reduce((a, q) => a + used(q, usage).mb, 0);
  let leftV = l.queues.reduce((a, q) => a + used(q, usage).vcores, 0);
  return {
    nodes: {
      node: l.nodes.map((n, i) => {
        const mb = Math.min(n.memoryMB, leftMB);
        const v = Math.min(n.vcores, leftV);
        leftMB -= mb;
        leftV -= v;
        const host = i === 0 ? 'localhost' : `node${i + 1}`;
        return {
          rack: '/default-rack', state: 'RUNNING', id: i === 0 ? first.id : `${host}:45454`, nodeHostName: host, nodeHTTPAddress: i === 0 ? first.httpAddress : `${host}:8042`,
          lastHealthUpdate: first.lastHealthUpdate, version: '3.3.6', healthReport: '', numContainers: i === 0 ? first.numContainers : 0,
          usedMemoryMB: mb, availMemoryMB: n.memoryMB - mb, usedVirtualCores: v, availableVirtualCores: n.vcores - v,
          usedResource: resourceJson(mb, v), availableResource: resourceJson(n.memoryMB - mb, n.vcores - v), totalResource: resourceJson(n.memoryMB, n.vcores),
        };
      }),
    },
  };
}
