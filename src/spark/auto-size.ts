/**
 * `--auto-size` as pure arithmetic: from what the cluster said (queue, nodes, largest container,
 * allocation step, shuffle service) and the input's size, the executor settings — each with a
 * sentence carrying the numbers it came from. Settings the user gave (flags, --conf, files) are
 * never changed: they are inputs here. No I/O: src/services/auto-size.ts gathers the facts.
 */
import { ConfigError } from '../errors.js';
import { parseMemoryMiB } from './memory.js';

export interface Resource {
  memoryMB: number;
  vcores: number;
}

export interface QueueFacts {
  /** As the scheduler names it: `default` (capacity) or `root.default` (fair). */
  name: string;
  scheduler: 'capacity' | 'fair';
  /** The most this queue may hold (maximum capacity, user limit included), already in MB/vcores. */
  max: Resource;
  /** What it is guaranteed (capacity / fair share): the size it gets without borrowing. */
  guaranteed: Resource;
  used: Resource;
  /** One line on where max came from (e.g. "maxEffectiveCapacity", "maxResources"). */
  maxFrom: string;
  guaranteedFrom: string;
}

export interface ClusterFacts {
  queue: QueueFacts;
  /** RUNNING nodes' allocatable resources (what the NodeManager offers YARN). */
  nodes: Resource[];
  /** Free on the cluster now (sum of the nodes' available resources). */
  available: Resource;
  /** The largest container YARN grants here (maximum-allocation, per queue when it says). */
  maxContainer: Resource;
  maxContainerFrom: string;
  /** Requests are rounded up to a multiple of this (capacity: minimum-allocation-mb; fair: the increment). */
  allocationStepMB: number;
  allocationStepFrom: string;
  shuffleService: { present: boolean; from: string };
  /** Total bytes of the --input paths, when given. */
  inputBytes?: number;
  inputCount?: number;
}

export interface AutoSizeInput {
  facts: ClusterFacts;
  /** The Spark settings as resolved so far; any key here is the user's and wins. */
  conf: ReadonlyMap<string, string>;
  sourceOf: (key: string) => string | undefined;
  /** The AM (driver) container as Spark asks for it: it comes out of the same queue. */
  am: { memoryMiB: number; overheadMiB: number; vCores: number };
}

export interface ChosenSetting {
  key: string;
  value: string;
  why: string;
  /** The user's own value, kept (shown, not set). */
  kept: boolean;
}

export interface AutoSizePlan {
  settings: ChosenSetting[];
  executor: { cores: number; memoryMB: number; overheadMB: number; containerMB: number; perNode: number };
  /** Fixed instances, or dynamic allocation's bounds. */
  instances: { fixed: number } | { min: number; initial: number; max: number };
  /** How many executors fit in the queue's free room now (after the AM). 0 = the queue is full. */
  freeNow: number;
  partitions: number;
  notes: string[];
}

/** Spark's target split size for files (spark.sql.files.maxPartitionBytes default): one task per 128 MiB. */
export const BYTES_PER_TASK = 128 * 1024 * 1024;
/** Spark refuses an executor heap below 1.5 × 300 MiB reserved (UnifiedMemoryManager). */
const MIN_EXECUTOR_HEAP_MB = 450;
/** Below this a heap shared by a few cores mostly spills; prefer fewer, larger executors. */
const COMFORTABLE_HEAP_MB = 1024;
/** Spark's executor overhead: max(384 MiB, 10 % of the heap) unless set (YarnAllocator / ResourceProfile). */
const MIN_OVERHEAD_MB = 384;
const DEFAULT_OVERHEAD_FACTOR = 0.1;
/** 4–5 cores per executor: enough parallelism per JVM without HDFS client contention. */
const PREFERRED_CORES = [5, 4, 3, 2, 1];

const MiB = 1024 * 1024;

export function ceilTo(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

function floorTo(n: number, step: number): number {
  return Math.floor(n / step) * step;
}

function mb(n: number): string {
  return n % 1024 === 0 ? `${n / 1024}g` : `${n}m`;
}

function bytesText(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** The overhead Spark adds to an executor heap of `heapMB`, unless the user fixed it. */
export function executorOverheadMB(heapMB: number, conf: ReadonlyMap<string, string>): number {
  // spark.yarn.executor.memoryOverhead is the older name Spark still reads (an alternative key).
  const fixed = conf.get('spark.executor.memoryOverhead') ?? conf.get('spark.yarn.executor.memoryOverhead');
  if (fixed !== undefined) return parseMemoryMiB(fixed);
  const factor = Number(conf.get('spark.executor.memoryOverheadFactor') ?? DEFAULT_OVERHEAD_FACTOR);
  // Spark 4 makes the 384 MiB floor a setting.
  const floor = conf.has('spark.executor.minMemoryOverhead') ? parseMemoryMiB(conf.get('spark.executor.minMemoryOverhead') as string) : MIN_OVERHEAD_MB;
  return Math.max(floor, Math.floor(heapMB * factor));
}

/** What Spark adds to an executor container beside heap and overhead: PySpark workers' memory, off-heap memory. */
export function executorExtrasMB(conf: ReadonlyMap<string, string>): number {
  const pyspark = conf.get('spark.executor.pyspark.memory');
  const offHeap = conf.get('spark.memory.offHeap.enabled')?.trim().toLowerCase() === 'true' ? conf.get('spark.memory.offHeap.size') : undefined;
  return (pyspark ? parseMemoryMiB(pyspark) : 0) + (offHeap ? parseMemoryMiB(offHeap, 'b') : 0);
}

/** The largest heap whose heap + overhead (+ extras) fits in `containerMB` (the sum grows with heap). */
export function largestHeapFor(containerMB: number, conf: ReadonlyMap<string, string>): number {
  const extras = executorExtrasMB(conf);
  let lo = 0;
  let hi = containerMB;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (mid + executorOverheadMB(mid, conf) + extras <= containerMB) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The YARN container Spark asks for an executor: heap + overhead + extras, rounded up to the allocation step. */
export function containerFor(heapMB: number, conf: ReadonlyMap<string, string>, stepMB: number): number {
  return ceilTo(heapMB + executorOverheadMB(heapMB, conf) + executorExtrasMB(conf), stepMB);
}

/** Where executors must fit: the smallest RUNNING node, so every node can take them. */
function nodeShape(nodes: Resource[]): Resource {
  if (nodes.length === 0) throw new ConfigError('the ResourceManager lists no RUNNING node: there is nothing to size executors for', 'Check the cluster (apx top, or the RM web UI), or size them yourself with --num-executors/--executor-memory/--executor-cores.');
  return { memoryMB: Math.min(...nodes.map((n) => n.memoryMB)), vcores: Math.min(...nodes.map((n) => n.vcores)) };
}

/**
 * Cores per executor: 4–5 when the node allows, else the count whose executors leave the least of a
 * node idle — its vcores and, when the largest container caps each executor's memory, its memory.
 */
function chooseCores(limit: number, node: Resource, maxContainerMB: number, step: number): number {
  let best = 1;
  let bestUse = -1;
  for (const c of PREFERRED_CORES) {
    if (c > limit) continue;
    const perNode = Math.floor(node.vcores / c);
    const containerMB = Math.min(floorTo(Math.floor(node.memoryMB / perNode), step), floorTo(maxContainerMB, step));
    const use = (perNode * c) / node.vcores + (perNode * containerMB) / node.memoryMB;
    if (use > bestUse + 1e-9) [best, bestUse] = [c, use];
  }
  return best;
}

function explicitInt(input: AutoSizeInput, key: string): number | undefined {
  const v = input.conf.get(key);
  return v === undefined ? undefined : Number(v);
}

interface ExecutorShape {
  cores: number;
  heapMB: number;
  containerMB: number;
  perNode: number;
  coresWhy: string;
  memoryWhy: string;
}

function sizeExecutor(input: AutoSizeInput, node: Resource): ExecutorShape {
  const { facts, conf } = input;
  const step = facts.allocationStepMB;
  const maxC = facts.maxContainer;
  const userCores = explicitInt(input, 'spark.executor.cores');
  const coreLimit = Math.min(node.vcores, maxC.vcores);
  const cores = userCores ?? chooseCores(coreLimit, node, maxC.memoryMB, step);
  if (cores > maxC.vcores) {
    throw new ConfigError(`spark.executor.cores ${cores} (${input.sourceOf('spark.executor.cores')}) is above the largest container this cluster grants (${maxC.vcores} vcores, ${facts.maxContainerFrom})`, 'Ask for fewer cores per executor, or leave --executor-cores out and let --auto-size choose.');
  }
  const coresWhy = userCores !== undefined
    ? `yours (${input.sourceOf('spark.executor.cores')})`
    : `the smallest node has ${node.vcores} vcores and a container at most ${maxC.vcores}: ${cores} cores per executor, ${Math.floor(node.vcores / cores)} per node, leave ${node.vcores - Math.floor(node.vcores / cores) * cores} vcore(s) of a node idle (4–5 preferred when they waste no more)`;
  const userMemory = conf.get('spark.executor.memory');
  if (userMemory !== undefined) {
    const heapMB = parseMemoryMiB(userMemory);
    const containerMB = containerFor(heapMB, conf, step);
    if (containerMB > maxC.memoryMB) {
      throw new ConfigError(`spark.executor.memory ${userMemory} (${input.sourceOf('spark.executor.memory')}) needs a ${containerMB} MB container with its overhead, above the largest this cluster grants (${maxC.memoryMB} MB, ${facts.maxContainerFrom})`, 'Ask for less executor memory, or leave --executor-memory out and let --auto-size choose.');
    }
    const perNode = Math.max(1, Math.min(Math.floor(node.memoryMB / containerMB), Math.floor(node.vcores / cores)));
    return { cores, heapMB, containerMB, perNode, coresWhy, memoryWhy: `yours (${input.sourceOf('spark.executor.memory')})` };
  }
  for (let perNode = Math.max(1, Math.floor(node.vcores / cores)); perNode >= 1; perNode--) {
    const containerMB = Math.min(floorTo(Math.floor(node.memoryMB / perNode), step), floorTo(maxC.memoryMB, step));
    const heapMB = largestHeapFor(containerMB, conf);
    if (heapMB < COMFORTABLE_HEAP_MB && perNode > 1) continue;
    if (heapMB < MIN_EXECUTOR_HEAP_MB) break;
    const overhead = executorOverheadMB(heapMB, conf);
    const capped = containerMB < floorTo(Math.floor(node.memoryMB / perNode), step) ? ` capped by the largest container (${maxC.memoryMB} MB, ${facts.maxContainerFrom})` : '';
    const memoryWhy = `${perNode} executor(s) per node: ${node.memoryMB} MB / ${perNode} = ${Math.floor(node.memoryMB / perNode)} MB, down to a multiple of ${step} MB (${facts.allocationStepFrom}) = ${containerMB} MB per container${capped}; minus overhead max(${MIN_OVERHEAD_MB} MB, ${conf.get('spark.executor.memoryOverheadFactor') ?? DEFAULT_OVERHEAD_FACTOR} × heap) = ${overhead} MB${executorExtrasMB(conf) ? ` and ${executorExtrasMB(conf)} MB of PySpark/off-heap memory` : ''} leaves a ${heapMB} MB heap`;
    return { cores, heapMB, containerMB, perNode, coresWhy, memoryWhy };
  }
  throw new ConfigError(`the nodes (${node.memoryMB} MB) or the largest container (${maxC.memoryMB} MB) leave no room for an executor heap of ${MIN_EXECUTOR_HEAP_MB} MB plus its overhead`, 'Size the executors yourself with --executor-memory, or use a cluster with larger containers.');
}

interface Capacity {
  maxExecutors: number;
  freeNow: number;
  guaranteedExecutors: number;
  why: string;
}

/** How many executors of this shape the queue can ever hold, holds now, and is guaranteed — after the AM. */
function capacityFor(input: AutoSizeInput, shape: ExecutorShape): Capacity {
  const { facts } = input;
  const q = facts.queue;
  const amMB = ceilTo(input.am.memoryMiB + input.am.overheadMiB, facts.allocationStepMB);
  const amV = input.am.vCores;
  const fit = (r: Resource) => Math.max(0, Math.min(Math.floor((r.memoryMB - amMB) / shape.containerMB), Math.floor((r.vcores - amV) / shape.cores)));
  const onNode = (n: Resource) => Math.max(0, Math.min(Math.floor(n.memoryMB / shape.containerMB), Math.floor(n.vcores / shape.cores)));
  const nodesHold = facts.nodes.reduce((n, node) => n + onNode(node), 0);
  // The AM sits on one node: on the one where it displaces the fewest executors.
  const displaced = Math.min(...facts.nodes.map((n) => onNode(n) - onNode({ memoryMB: n.memoryMB - amMB, vcores: n.vcores - amV })));
  const nodesMax = Math.max(0, nodesHold - displaced);
  const free = { memoryMB: Math.min(q.max.memoryMB - q.used.memoryMB, facts.available.memoryMB), vcores: Math.min(q.max.vcores - q.used.vcores, facts.available.vcores) };
  const maxExecutors = Math.min(fit(q.max), nodesMax);
  const freeNow = Math.min(fit(free), maxExecutors);
  const guaranteedExecutors = Math.max(1, Math.min(fit(q.guaranteed), maxExecutors));
  const why = `queue ${q.name} may hold ${q.max.memoryMB} MB / ${q.max.vcores} vcores (${q.maxFrom}), uses ${q.used.memoryMB} MB / ${q.used.vcores} vcores, cluster free ${facts.available.memoryMB} MB / ${facts.available.vcores} vcores; the AM takes ${amMB} MB / ${amV} vcore(s): room for ${maxExecutors} executor(s) at most (${nodesMax} on the nodes), ${freeNow} free now`;
  return { maxExecutors, freeNow, guaranteedExecutors, why };
}

/** Executors wanted for the input: one task per 128 MiB, all tasks in one wave. */
function wanted(input: AutoSizeInput, shape: ExecutorShape, cap: Capacity): { n: number; partitions?: number; why: string } {
  const bytes = input.facts.inputBytes;
  if (bytes === undefined) {
    return { n: cap.guaranteedExecutors, why: `no --input: the queue's guaranteed share (${input.facts.queue.guaranteed.memoryMB} MB / ${input.facts.queue.guaranteed.vcores} vcores, ${input.facts.queue.guaranteedFrom}) holds ${cap.guaranteedExecutors}` };
  }
  const partitions = Math.max(1, Math.ceil(bytes / BYTES_PER_TASK));
  const n = Math.max(1, Math.ceil(partitions / shape.cores));
  return { n, partitions, why: `input ${bytesText(bytes)} in ${input.facts.inputCount ?? 1} path(s) / 128 MiB per task = ${partitions} task(s); / ${shape.cores} cores = ${n} executor(s) for one wave` };
}

function setting(input: AutoSizeInput, key: string, value: string, why: string): ChosenSetting {
  const mine = input.conf.get(key);
  if (mine !== undefined) return { key, value: mine, why: mine === value ? `yours (${input.sourceOf(key)})` : `yours (${input.sourceOf(key)}); auto-size would choose ${value}: ${why}`, kept: true };
  return { key, value, why, kept: false };
}

export function autoSize(input: AutoSizeInput): AutoSizePlan {
  const { facts, conf } = input;
  const node = nodeShape(facts.nodes);
  const amContainerMB = ceilTo(input.am.memoryMiB + input.am.overheadMiB, facts.allocationStepMB);
  if (amContainerMB > facts.maxContainer.memoryMB || input.am.vCores > facts.maxContainer.vcores) {
    throw new ConfigError(`the AM needs a ${amContainerMB} MB, ${input.am.vCores}-vcore container, above the largest this cluster grants (${facts.maxContainer.memoryMB} MB, ${facts.maxContainer.vcores} vcores; ${facts.maxContainerFrom})`, 'Lower --driver-memory / --driver-cores.');
  }
  let shape = sizeExecutor(input, node);
  let cap = capacityFor(input, shape);
  if (cap.maxExecutors < 1 && !(conf.has('spark.executor.cores') && conf.has('spark.executor.memory'))) {
    // A small cluster: executors that fill a node leave the AM nowhere. Size them for a node the AM shares.
    const amMB = ceilTo(input.am.memoryMiB + input.am.overheadMiB, facts.allocationStepMB);
    const shared = { memoryMB: node.memoryMB - amMB, vcores: node.vcores - input.am.vCores };
    if (shared.memoryMB > 0 && shared.vcores > 0) {
      shape = sizeExecutor(input, shared);
      shape = { ...shape, coresWhy: `${shape.coresWhy}; the AM (${amMB} MB, ${input.am.vCores} vcore(s)) shares the node, leaving ${shared.memoryMB} MB / ${shared.vcores} vcores`, memoryWhy: `${shape.memoryWhy} (a node less the AM's ${amMB} MB)` };
      cap = capacityFor(input, shape);
    }
  }
  const want = wanted(input, shape, cap);
  const notes: string[] = [];
  const settings: ChosenSetting[] = [
    setting(input, 'spark.executor.cores', String(shape.cores), shape.coresWhy),
    setting(input, 'spark.executor.memory', mb(shape.heapMB), shape.memoryWhy),
  ];
  if (cap.maxExecutors < 1) {
    throw new ConfigError(`queue ${facts.queue.name} cannot hold the AM and one executor (${shape.containerMB} MB, ${shape.cores} vcores): ${cap.why}`, 'Use another queue (--queue), or smaller executors (--executor-memory, --executor-cores).');
  }
  // Bounded by what is free now so the application starts at once; on a full queue, by its guaranteed share.
  const bound = cap.freeNow >= 1 ? cap.freeNow : cap.guaranteedExecutors;
  const chosen = Math.max(1, Math.min(want.n, cap.maxExecutors, bound));
  const boundWhy = cap.freeNow >= 1 ? `${cap.freeNow} fit in the queue's free room now` : `the queue is full now: at most its guaranteed ${cap.guaranteedExecutors}`;
  const userInstances = explicitInt(input, 'spark.executor.instances');
  const daKey = 'spark.dynamicAllocation.enabled';
  const dynamic = conf.has(daKey) ? conf.get(daKey)?.trim().toLowerCase() === 'true' : userInstances === undefined && facts.shuffleService.present;
  let instances: AutoSizePlan['instances'];
  if (dynamic) {
    const max = Math.max(1, Math.min(want.n, cap.maxExecutors));
    instances = { min: 0, initial: chosen, max };
    settings.push(
      setting(input, daKey, 'true', `the external shuffle service is there (${facts.shuffleService.from}): executors come and go with the work`),
      setting(input, 'spark.shuffle.service.enabled', 'true', `dynamic allocation needs it; ${facts.shuffleService.from}`),
      setting(input, 'spark.dynamicAllocation.minExecutors', '0', '0 executors kept when idle (Spark\'s default): idle ones go back to the queue after spark.dynamicAllocation.executorIdleTimeout'),
      setting(input, 'spark.dynamicAllocation.initialExecutors', String(chosen), `${want.why}; ${boundWhy}; ${cap.why}`),
      setting(input, 'spark.dynamicAllocation.maxExecutors', String(max), `${want.why}; never above the queue's room: ${cap.why}`),
    );
  } else {
    instances = { fixed: userInstances ?? chosen };
    const why = facts.shuffleService.present || conf.has(daKey) ? '' : `no external shuffle service (${facts.shuffleService.from}), so a fixed count; `;
    settings.push(setting(input, 'spark.executor.instances', String(chosen), `${why}${want.why}; ${boundWhy}; ${cap.why}`));
    if (userInstances !== undefined && userInstances > cap.maxExecutors) notes.push(`spark.executor.instances ${userInstances} is more than queue ${facts.queue.name} can ever hold (${cap.maxExecutors}): some executors will never start.`);
  }
  const count = 'fixed' in instances ? instances.fixed : instances.max;
  const totalCores = Math.max(1, count * Number(conf.get('spark.executor.cores') ?? shape.cores));
  const fromInput = want.partitions ?? 0;
  const partitions = ceilTo(Math.max(fromInput, 2 * totalCores), totalCores);
  const partitionsWhy = `${want.partitions !== undefined ? `${fromInput} input task(s)` : 'no --input'}, at least 2 per core (${count} × ${totalCores / count} cores = ${totalCores}), up to whole waves of ${totalCores}: ${partitions}`;
  settings.push(
    setting(input, 'spark.sql.shuffle.partitions', String(partitions), partitionsWhy),
    setting(input, 'spark.default.parallelism', String(partitions), partitionsWhy),
  );
  const overheadMB = executorOverheadMB(shape.heapMB, conf);
  return { settings, executor: { cores: shape.cores, memoryMB: shape.heapMB, overheadMB, containerMB: shape.containerMB, perNode: shape.perNode }, instances, freeNow: cap.freeNow, partitions, notes };
}

/** One line for the live view: "4 executors × 4 cores × 3g (+384m) in queue default; 32 shuffle partitions". */
export function autoSizeSummary(plan: AutoSizePlan, queue: string): string {
  const e = plan.executor;
  const count = 'fixed' in plan.instances ? `${plan.instances.fixed} executor(s)` : `${plan.instances.initial}–${plan.instances.max} executors (dynamic)`;
  return `${count} × ${e.cores} cores × ${mb(e.memoryMB)} (+${mb(e.overheadMB)} overhead, ${e.containerMB} MB containers, ${e.perNode} per node) in queue ${queue}; ${plan.partitions} shuffle partitions`;
}
