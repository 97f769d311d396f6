/**
 * The cluster-wide answers `apx top` and `--auto-size` read: `/ws/v1/cluster/metrics`,
 * `/ws/v1/cluster/scheduler` and `/ws/v1/cluster/nodes` (ResourceManagerRest.md; recorded in
 * shared/hadoop-3.3.6/rm-cluster-metrics.http, rm-cluster-scheduler.http and rm-cluster-nodes.http;
 * the fair scheduler's shape from ResourceManagerRest.md, no recording). Only the fields apx uses are
 * typed; everything else is left alone. Sizing from these answers is in queue-sizes.ts.
 */

export interface RestResource {
  memory?: number;
  vCores?: number;
}

export interface ClusterMetrics {
  appsRunning: number;
  appsPending: number;
  allocatedMB: number;
  totalMB: number;
  allocatedVirtualCores: number;
  totalVirtualCores: number;
  containersAllocated: number;
  activeNodes: number;
  unhealthyNodes?: number;
  lostNodes?: number;
}

/** One queue of the Capacity Scheduler as the REST API nests it (parents hold `queues.queue`). */
export interface CapacityQueueInfo {
  type?: string;
  queueName: string;
  queuePath?: string;
  capacity: number;
  usedCapacity: number;
  maxCapacity: number;
  absoluteCapacity?: number;
  absoluteUsedCapacity?: number;
  absoluteMaxCapacity?: number;
  numApplications?: number;
  numActiveApplications?: number;
  numPendingApplications?: number;
  resourcesUsed?: { memory: number; vCores: number };
  minEffectiveCapacity?: RestResource;
  maxEffectiveCapacity?: RestResource;
  maximumAllocation?: RestResource;
  userLimitFactor?: number;
  queues?: { queue?: CapacityQueueInfo[] };
}

export interface FairQueueInfo {
  type?: string;
  queueName: string;
  maxResources?: RestResource;
  minResources?: RestResource;
  usedResources?: RestResource;
  fairResources?: RestResource;
  steadyFairResources?: RestResource;
  clusterResources?: RestResource;
  childQueues?: { queue?: FairQueueInfo[] } | FairQueueInfo[];
}

export interface SchedulerAnswer {
  scheduler: {
    schedulerInfo: {
      type: string;
      queueName?: string;
      maximumAllocation?: RestResource;
      queues?: { queue?: CapacityQueueInfo[] };
      rootQueue?: FairQueueInfo;
    };
  };
}

export interface NodeInfo {
  state: string;
  id: string;
  totalResource?: RestResource;
  availableResource?: RestResource;
  usedMemoryMB?: number;
  availMemoryMB?: number;
  usedVirtualCores?: number;
  availableVirtualCores?: number;
}

export interface NodesAnswer {
  nodes: { node?: NodeInfo[] } | null;
}

/** A leaf queue, flattened: where applications actually run. Percentages are of the whole cluster unless named otherwise. */
export interface LeafQueue {
  path: string;
  name: string;
  /** Guaranteed share of the cluster, percent (absoluteCapacity). */
  capacityPct: number;
  /** Ceiling, percent of the cluster (absoluteMaxCapacity). */
  maxCapacityPct: number;
  /** Used, percent of the cluster (absoluteUsedCapacity). */
  usedPct: number;
  /** Used, percent of the queue's own guarantee (usedCapacity): above 100 means it borrows. */
  usedOfQueuePct: number;
  usedMB: number;
  usedVCores: number;
  running: number;
  pending: number;
}

/**
 * The leaf queues of a Capacity Scheduler answer, in the scheduler's order. Other schedulers
 * (Fair, FIFO) answer in other shapes: no queue lines for them rather than wrong ones.
 */
export function leafQueues(answer: SchedulerAnswer): LeafQueue[] {
  const info = answer.scheduler?.schedulerInfo;
  if (!info || info.type !== 'capacityScheduler') return [];
  const out: LeafQueue[] = [];
  const walk = (queues: CapacityQueueInfo[] | undefined, parent: string) => {
    for (const q of queues ?? []) {
      const path = q.queuePath ?? `${parent}.${q.queueName}`;
      const children = q.queues?.queue;
      if (children?.length) {
        walk(children, path);
        continue;
      }
      out.push({
        path, name: q.queueName,
        capacityPct: q.absoluteCapacity ?? q.capacity, maxCapacityPct: q.absoluteMaxCapacity ?? q.maxCapacity,
        usedPct: q.absoluteUsedCapacity ?? 0, usedOfQueuePct: q.usedCapacity,
        usedMB: q.resourcesUsed?.memory ?? 0, usedVCores: q.resourcesUsed?.vCores ?? 0,
        running: q.numActiveApplications ?? 0, pending: q.numPendingApplications ?? 0,
      });
    }
  };
  walk(info.queues?.queue, info.queueName ?? 'root');
  return out;
}
