/**
 * Sizes read from the RM's /ws/v1/cluster/scheduler and /nodes answers, for --auto-size: the
 * capacity scheduler (shape recorded in shared/hadoop-3.3.6/rm-cluster-scheduler.http) and the fair
 * scheduler (shape from Hadoop's ResourceManagerRest.md "Fair Scheduler API"; no recording). Pure: no I/O.
 */
import { ConfigError } from '../errors.js';
import type { QueueFacts, Resource } from '../spark/auto-size.js';
import type { CapacityQueueInfo, FairQueueInfo, NodesAnswer, RestResource, SchedulerAnswer } from './scheduler.js';

export interface QueueReading {
  queue: QueueFacts;
  /** The queue's (capacity) or the scheduler's maximum allocation, when the answer carries one. */
  maxAllocation?: Resource;
}

const res = (r: RestResource | undefined): Resource => ({ memoryMB: r?.memory ?? 0, vcores: r?.vCores ?? 0 });
const pct = (total: Resource, p: number): Resource => ({ memoryMB: Math.floor((total.memoryMB * p) / 100), vcores: Math.floor((total.vcores * p) / 100) });
const min = (a: Resource, b: Resource): Resource => ({ memoryMB: Math.min(a.memoryMB, b.memoryMB), vcores: Math.min(a.vcores, b.vcores) });
const positive = (r: RestResource | undefined): boolean => !!r && (r.memory ?? 0) > 0;

/** The RUNNING nodes with their total and available resources (older answers: used + avail fields). */
export function readNodes(json: NodesAnswer): { total: Resource; available: Resource }[] {
  return (json.nodes?.node ?? []).filter((n) => n.state === 'RUNNING').map((n) => ({
    total: n.totalResource ? res(n.totalResource) : { memoryMB: (n.usedMemoryMB ?? 0) + (n.availMemoryMB ?? 0), vcores: (n.usedVirtualCores ?? 0) + (n.availableVirtualCores ?? 0) },
    available: n.availableResource ? res(n.availableResource) : { memoryMB: n.availMemoryMB ?? 0, vcores: n.availableVirtualCores ?? 0 },
  }));
}

/** Finds `queue` (spark.yarn.queue: a leaf name, a full path, or "default") and reads its sizes. */
export function readQueue(json: SchedulerAnswer, queue: string, clusterTotal: Resource): QueueReading {
  const info = json.scheduler.schedulerInfo;
  if (info.type === 'capacityScheduler') return readCapacityQueue(info.queues?.queue ?? [], queue, clusterTotal, info.maximumAllocation);
  if (info.type === 'fairScheduler' && info.rootQueue) return readFairQueue(info.rootQueue, queue, clusterTotal);
  throw new ConfigError(`--auto-size reads the capacity and the fair scheduler; this ResourceManager runs the ${info.type}`, 'Size the executors yourself with --num-executors, --executor-memory and --executor-cores.');
}

function flattenCapacity(queues: CapacityQueueInfo[]): CapacityQueueInfo[] {
  return queues.flatMap((q) => (q.queues?.queue?.length ? flattenCapacity(q.queues.queue) : [q]));
}

function readCapacityQueue(top: CapacityQueueInfo[], queue: string, total: Resource, schedulerMax?: RestResource): QueueReading {
  const leaves = flattenCapacity(top);
  const leaf = leaves.find((q) => q.queueName === queue || q.queuePath === queue || `root.${q.queueName}` === queue);
  if (!leaf) throw unknownQueue(queue, leaves.map((q) => q.queuePath ?? q.queueName));
  const maxFromPct = pct(total, leaf.absoluteMaxCapacity ?? 100);
  let max = positive(leaf.maxEffectiveCapacity) ? res(leaf.maxEffectiveCapacity) : maxFromPct;
  let maxFrom = positive(leaf.maxEffectiveCapacity) ? 'its maxEffectiveCapacity' : `absoluteMaxCapacity ${leaf.absoluteMaxCapacity ?? 100} % of the cluster`;
  const guaranteed = positive(leaf.minEffectiveCapacity) ? res(leaf.minEffectiveCapacity) : pct(total, leaf.absoluteCapacity ?? 100);
  // One user may take at most capacity × user-limit-factor (LeafQueue); factor -1 means no limit.
  const ulf = leaf.userLimitFactor ?? 1;
  if (ulf > 0) {
    const userMax = { memoryMB: Math.floor(guaranteed.memoryMB * ulf), vcores: Math.floor(guaranteed.vcores * ulf) };
    if (userMax.memoryMB < max.memoryMB || userMax.vcores < max.vcores) {
      max = min(max, userMax);
      maxFrom += `, and one user's share: capacity × userLimitFactor ${ulf}`;
    }
  }
  const maxAllocation = positive(leaf.maximumAllocation) ? res(leaf.maximumAllocation) : positive(schedulerMax) ? res(schedulerMax) : undefined;
  return {
    queue: { name: leaf.queueName, scheduler: 'capacity', max, guaranteed, used: res(leaf.resourcesUsed), maxFrom: `capacity scheduler, ${maxFrom}`, guaranteedFrom: positive(leaf.minEffectiveCapacity) ? 'minEffectiveCapacity' : `absoluteCapacity ${leaf.absoluteCapacity ?? 100} %` },
    maxAllocation,
  };
}

function fairChildren(q: FairQueueInfo): FairQueueInfo[] {
  const c = q.childQueues;
  if (!c) return [];
  return Array.isArray(c) ? c : c.queue ?? [];
}

function flattenFair(q: FairQueueInfo): FairQueueInfo[] {
  const kids = fairChildren(q);
  return kids.length ? kids.flatMap(flattenFair) : [q];
}

function readFairQueue(root: FairQueueInfo, queue: string, total: Resource): QueueReading {
  const leaves = flattenFair(root);
  // The fair scheduler names queues by full path; a bare name means root.<name>.
  const wantedName = queue.startsWith('root.') ? queue : `root.${queue}`;
  const leaf = leaves.find((q) => q.queueName === wantedName);
  if (!leaf) throw unknownQueue(queue, leaves.map((q) => q.queueName));
  const cluster = positive(leaf.clusterResources) ? res(leaf.clusterResources) : total;
  // An unset maxResources is Integer.MAX_VALUE, and a 0 vcores is "not configured": the cluster bounds both.
  const rawMax = res(leaf.maxResources);
  const max = { memoryMB: rawMax.memoryMB > 0 ? Math.min(rawMax.memoryMB, cluster.memoryMB) : cluster.memoryMB, vcores: rawMax.vcores > 0 ? Math.min(rawMax.vcores, cluster.vcores) : cluster.vcores };
  const share = [['steadyFairResources', leaf.steadyFairResources], ['fairResources', leaf.fairResources], ['minResources', leaf.minResources]] as const;
  const found = share.find(([, r]) => positive(r));
  const guaranteed = found ? min(res(found[1]), max) : max;
  return {
    queue: { name: leaf.queueName, scheduler: 'fair', max, guaranteed: { memoryMB: guaranteed.memoryMB, vcores: guaranteed.vcores > 0 ? guaranteed.vcores : max.vcores }, used: res(leaf.usedResources), maxFrom: 'fair scheduler, maxResources (bounded by the cluster)', guaranteedFrom: found ? found[0] : 'no fair share reported: maxResources' },
  };
}

function unknownQueue(queue: string, known: string[]): ConfigError {
  return new ConfigError(`the scheduler has no leaf queue '${queue}'`, `Known leaf queues: ${known.join(', ') || '(none)'}. Pick one with --queue.`);
}
