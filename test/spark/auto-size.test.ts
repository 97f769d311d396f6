/**
 * --auto-size's rules, checked as invariants over a table of clusters × inputs × user settings:
 * executors fit a node (memory with overhead, rounded to YARN's step, and vcores), the AM and the
 * executors fit the queue's maximum, no container is above the largest the cluster grants, the
 * user's settings are kept — plus worked examples whose arithmetic is spelled out.
 */
import { describe, expect, it } from 'vitest';
import { ApxError } from '../../src/errors.js';
import { autoSize, ceilTo, executorOverheadMB, type AutoSizeInput, type ClusterFacts, type Resource } from '../../src/spark/auto-size.js';
import { parseMemoryMiB } from '../../src/spark/memory.js';

const GiB = 1024 ** 3;
const r = (memoryMB: number, vcores: number): Resource => ({ memoryMB, vcores });

function cluster(o: { nodes: Resource[]; maxPct?: number; capPct?: number; usedMB?: number; usedV?: number; maxContainer?: Resource; step?: number; shuffle?: boolean; scheduler?: 'capacity' | 'fair' }): ClusterFacts {
  const total = o.nodes.reduce((a, n) => r(a.memoryMB + n.memoryMB, a.vcores + n.vcores), r(0, 0));
  const pct = (p: number) => r(Math.floor((total.memoryMB * p) / 100), Math.floor((total.vcores * p) / 100));
  const used = r(o.usedMB ?? 0, o.usedV ?? 0);
  return {
    queue: { name: 'etl', scheduler: o.scheduler ?? 'capacity', max: pct(o.maxPct ?? 100), guaranteed: pct(o.capPct ?? o.maxPct ?? 100), used, maxFrom: 'test', guaranteedFrom: 'test' },
    nodes: o.nodes,
    available: r(total.memoryMB - used.memoryMB, total.vcores - used.vcores),
    maxContainer: o.maxContainer ?? r(8192, 4),
    maxContainerFrom: 'test',
    allocationStepMB: o.step ?? 1024,
    allocationStepFrom: 'test',
    shuffleService: { present: o.shuffle ?? false, from: 'test' },
  };
}

const AM = { memoryMiB: 1024, overheadMiB: 384, vCores: 1 };

function input(facts: ClusterFacts, conf: Record<string, string> = {}, inputBytes?: number): AutoSizeInput {
  const map = new Map(Object.entries(conf));
  return { facts: { ...facts, ...(inputBytes !== undefined ? { inputBytes, inputCount: 1 } : {}) }, conf: map, sourceOf: (k) => (map.has(k) ? `--conf ${k}` : undefined), am: AM };
}

const CLUSTERS: Record<string, ClusterFacts> = {
  'recorded lab: 1 node 8 GB / 4 vcores, min allocation 256': cluster({ nodes: [r(8192, 4)], maxContainer: r(8192, 4), step: 256 }),
  'mini default: 1 node 8 GB / 8 vcores': cluster({ nodes: [r(8192, 8)], maxContainer: r(8192, 8), step: 512 }),
  '10 × 64 GB / 16 vcores, queue 40 % of 60 %': cluster({ nodes: Array.from({ length: 10 }, () => r(65536, 16)), capPct: 40, maxPct: 60, maxContainer: r(16384, 8) }),
  'mixed nodes 48 GB / 12 and 96 GB / 24': cluster({ nodes: [r(49152, 12), r(98304, 24), r(49152, 12)], maxContainer: r(32768, 8) }),
  'busy queue: 80 % used': cluster({ nodes: Array.from({ length: 4 }, () => r(32768, 8)), usedMB: 104857, usedV: 25 }),
  'full queue': cluster({ nodes: Array.from({ length: 4 }, () => r(32768, 8)), usedMB: 131072, usedV: 32 }),
  'fair scheduler with the shuffle service': cluster({ nodes: Array.from({ length: 6 }, () => r(131072, 32)), maxPct: 50, scheduler: 'fair', shuffle: true, maxContainer: r(65536, 16) }),
  'small containers: max 3 GB': cluster({ nodes: [r(16384, 8), r(16384, 8)], maxContainer: r(3072, 2) }),
};

const INPUTS: Record<string, number | undefined> = { 'no --input': undefined, '1 MiB': 1024 * 1024, '10 GiB': 10 * GiB, '2 TiB': 2048 * GiB };

const USER: Record<string, Record<string, string>> = {
  'nothing set': {},
  '--executor-cores 2': { 'spark.executor.cores': '2' },
  '--executor-memory 2g': { 'spark.executor.memory': '2g' },
  '--num-executors 3, shuffle partitions 77': { 'spark.executor.instances': '3', 'spark.sql.shuffle.partitions': '77' },
  'overhead 1g (the older spark.yarn key)': { 'spark.yarn.executor.memoryOverhead': '1g' },
  'PySpark workers 512m': { 'spark.executor.pyspark.memory': '512m' },
};

/** The keys auto-size may choose (the others a user sets only shape its arithmetic). */
const CHOSEN = ['spark.executor.cores', 'spark.executor.memory', 'spark.executor.instances', 'spark.sql.shuffle.partitions', 'spark.default.parallelism'];

function value(plan: ReturnType<typeof autoSize>, key: string): string | undefined {
  return plan.settings.find((s) => s.key === key)?.value;
}

describe('auto-size invariants over clusters × inputs × user settings', () => {
  for (const [cName, facts] of Object.entries(CLUSTERS)) {
    for (const [iName, bytes] of Object.entries(INPUTS)) {
      for (const [uName, conf] of Object.entries(USER)) {
        it(`${cName} · ${iName} · ${uName}`, () => {
          const inp = input(facts, conf, bytes);
          const plan = autoSize(inp);
          const step = facts.allocationStepMB;
          const cores = Number(value(plan, 'spark.executor.cores'));
          const heap = parseMemoryMiB(value(plan, 'spark.executor.memory') as string);
          const pyspark = conf['spark.executor.pyspark.memory'] ? 512 : 0;
          const container = ceilTo(heap + executorOverheadMB(heap, inp.conf) + pyspark, step);
          // Every chosen number explains itself with the numbers it came from.
          for (const s of plan.settings) if (!s.kept && /\d/.test(s.value)) expect(s.why).toMatch(/\d+ (MB|vcores?|executor|task|cores?)/);
          // User settings win: each given key keeps its value and is marked kept.
          for (const [k, v] of Object.entries(conf)) if (CHOSEN.includes(k)) expect(plan.settings.find((s) => s.key === k)).toMatchObject({ value: v, kept: true });
          // A fixed overhead of the user's is what the container holds beside the heap.
          if (conf['spark.yarn.executor.memoryOverhead']) expect(plan.executor.overheadMB).toBe(1024);
          // The container Spark will ask for: overhead = max(384, 10 %), rounded to the step; never above the largest allowed.
          expect(container).toBe(plan.executor.containerMB);
          expect(container).toBeLessThanOrEqual(facts.maxContainer.memoryMB);
          expect(cores).toBeLessThanOrEqual(facts.maxContainer.vcores);
          expect(heap).toBeGreaterThanOrEqual(450);
          // Packing: perNode executors fit the smallest node in memory and vcores.
          const node = r(Math.min(...facts.nodes.map((n) => n.memoryMB)), Math.min(...facts.nodes.map((n) => n.vcores)));
          expect(plan.executor.perNode * container).toBeLessThanOrEqual(node.memoryMB);
          expect(plan.executor.perNode * cores).toBeLessThanOrEqual(node.vcores);
          if (!conf['spark.executor.memory'] && container === Math.floor(node.memoryMB / plan.executor.perNode / step) * step) {
            // Without waste: one more step per container would not fit perNode of them on the node.
            expect(plan.executor.perNode * (container + step)).toBeGreaterThan(node.memoryMB);
          }
          // Within the queue's maximum, AM included — unless the user fixed the count.
          const count = 'fixed' in plan.instances ? plan.instances.fixed : plan.instances.max;
          const amMB = ceilTo(AM.memoryMiB + AM.overheadMiB, step);
          if (!conf['spark.executor.instances']) {
            expect(amMB + count * container).toBeLessThanOrEqual(facts.queue.max.memoryMB);
            expect(AM.vCores + count * cores).toBeLessThanOrEqual(facts.queue.max.vcores);
            expect(count).toBeGreaterThanOrEqual(1);
          }
          // Dynamic allocation exactly when the shuffle service is there and the user fixed no count.
          expect('max' in plan.instances).toBe(facts.shuffleService.present && !conf['spark.executor.instances']);
          // Partitions: at least 2 per core, whole waves, at least one per 128 MiB of input.
          if (!conf['spark.sql.shuffle.partitions']) {
            const partitions = Number(value(plan, 'spark.sql.shuffle.partitions'));
            expect(partitions % (count * cores)).toBe(0);
            expect(partitions).toBeGreaterThanOrEqual(2 * count * cores);
            if (bytes !== undefined) expect(partitions).toBeGreaterThanOrEqual(Math.ceil(bytes / (128 * 1024 * 1024)));
          }
        });
      }
    }
  }
});

describe('auto-size worked examples', () => {
  it('10 nodes of 64 GB / 16 vcores, 10 GiB input', () => {
    const plan = autoSize(input(CLUSTERS['10 × 64 GB / 16 vcores, queue 40 % of 60 %'] as ClusterFacts, {}, 10 * GiB));
    // Cores: 5 would leave 1 of 16 vcores idle, 4 leaves none → 4; so 16 / 4 = 4 executors per node.
    expect(value(plan, 'spark.executor.cores')).toBe('4');
    expect(plan.executor.perNode).toBe(4);
    // Memory: 65536 / 4 = 16384 MB per container (a multiple of 1024, ≤ the 16384 max);
    // heap h with h + max(384, floor(0.1 h)) ≤ 16384 → h = 14895 (14895 + 1489 = 16384).
    expect(plan.executor.containerMB).toBe(16384);
    expect(value(plan, 'spark.executor.memory')).toBe('14895m');
    // Input: 10 GiB / 128 MiB = 80 tasks; / 4 cores = 20 executors for one wave. Queue max 60 % of
    // 655360 MB = 393216 MB; its guaranteed 40 % = 262144 MB, minus the AM (1408 → 2048 MB) holds 15;
    // the queue is empty, so free now = max: (393216 − 2048) / 16384 = 23 → 20 wanted fit.
    expect(value(plan, 'spark.executor.instances')).toBe('20');
    // Shuffle partitions: max(80 tasks, 2 × 80 cores) = 160, a whole number of 80-core waves.
    expect(value(plan, 'spark.sql.shuffle.partitions')).toBe('160');
  });

  it('a busy queue: bounded by what is free now, and the why says so', () => {
    const facts = CLUSTERS['busy queue: 80 % used'] as ClusterFacts;
    const plan = autoSize(input(facts, {}, 2048 * GiB));
    // Nodes 32768 / 8 with containers of at most 8192 MB / 4 vcores: 4 cores would fill the vcores
    // with 2 executors but leave half the memory idle; 2 cores → 4 per node × 8192 MB fills both.
    // Free: 131072 − 104857 = 26215 MB, 32 − 25 = 7 vcores; minus the AM (2048 MB, 1 vcore):
    // min(24167 / 8192, 6 / 2) = 2 executors.
    expect(value(plan, 'spark.executor.cores')).toBe('2');
    expect(plan.executor.containerMB).toBe(8192);
    expect(plan.freeNow).toBe(2);
    expect(value(plan, 'spark.executor.instances')).toBe('2');
    expect(plan.settings.find((s) => s.key === 'spark.executor.instances')?.why).toContain('2 fit in the queue\'s free room now');
  });

  it('a full queue: asks for its guaranteed share, not more than its maximum', () => {
    const plan = autoSize(input(CLUSTERS['full queue'] as ClusterFacts, {}, 2048 * GiB));
    expect(plan.freeNow).toBe(0);
    // 2 cores × 8192 MB as above. Guaranteed = max here (131072 MB, 32 vcores):
    // (131072 − 2048) / 8192 = 15, (32 − 1) / 2 = 15 → 15; the nodes hold 4 × 4 = 16, minus the AM's slot = 15.
    expect(value(plan, 'spark.executor.instances')).toBe('15');
    expect(plan.settings.find((s) => s.key === 'spark.executor.instances')?.why).toContain('the queue is full now');
  });

  it('the shuffle service turns on dynamic allocation with the queue as its ceiling', () => {
    const plan = autoSize(input(CLUSTERS['fair scheduler with the shuffle service'] as ClusterFacts, {}, 2048 * GiB));
    // 32 vcores: 4 cores leave none idle (5 would leave 2) → 8 per node, 131072 / 8 = 16384 MB each.
    // 2 TiB / 128 MiB = 16384 tasks / 4 = 4096 wanted; queue max 50 % = 393216 MB / 96 vcores:
    // (393216 − 2048) / 16384 = 23, (96 − 1) / 4 = 23 → max 23.
    expect(plan.instances).toEqual({ min: 0, initial: 23, max: 23 });
    expect(value(plan, 'spark.dynamicAllocation.enabled')).toBe('true');
    expect(value(plan, 'spark.shuffle.service.enabled')).toBe('true');
    expect(value(plan, 'spark.executor.instances')).toBeUndefined();
  });

  it('an explicit executor size above the largest container is refused with exit 2, naming the flag', () => {
    const facts = CLUSTERS['small containers: max 3 GB'] as ClusterFacts;
    const map = new Map([['spark.executor.memory', '4g']]);
    const run = () => autoSize({ facts, conf: map, sourceOf: () => '--executor-memory', am: AM });
    expect(run).toThrow(ApxError);
    expect(run).toThrow(/spark\.executor\.memory 4g \(--executor-memory\) needs a 5120 MB container .* above the largest this cluster grants \(3072 MB/);
    try {
      run();
    } catch (e) {
      expect((e as ApxError).exitCode).toBe(2);
    }
  });

  it('an AM above the largest container is refused before any executor is sized', () => {
    const facts = CLUSTERS['small containers: max 3 GB'] as ClusterFacts;
    // --driver-memory 4g: 4096 + max(384, 409) = 4505 MB → 5120 at a 1024 MB step, above 3072.
    const run = () => autoSize({ facts, conf: new Map(), sourceOf: () => undefined, am: { memoryMiB: 4096, overheadMiB: 409, vCores: 1 } });
    expect(run).toThrow(/the AM needs a 5120 MB, 1-vcore container, above the largest this cluster grants \(3072 MB, 2 vcores; test\)/);
  });

  it('a queue too small for the AM and one executor is said plainly', () => {
    const facts = cluster({ nodes: [r(8192, 4)], maxPct: 20, capPct: 20, maxContainer: r(8192, 4), step: 256 });
    expect(() => autoSize(input(facts))).toThrow(/queue etl cannot hold the AM and one executor/);
  });
});

describe('auto-size on the recorded lab cluster', () => {
  it('one node of 8192 MB / 4 vcores: executors leave room for the AM beside them', () => {
    const plan = autoSize(input(CLUSTERS['recorded lab: 1 node 8 GB / 4 vcores, min allocation 256'] as ClusterFacts));
    // A 4-core, 8192 MB executor fills the node and leaves the AM (1024 + 384 = 1408 → 1536 MB at a
    // 256 MB step, 1 vcore) nowhere; sized for the node less the AM: 6656 MB / 3 vcores → 3 cores,
    // one 6656 MB container, heap h + max(384, floor(0.1 h)) ≤ 6656 → h = 6051.
    expect(value(plan, 'spark.executor.cores')).toBe('3');
    expect(plan.executor.containerMB).toBe(6656);
    expect(value(plan, 'spark.executor.memory')).toBe('6051m');
    expect(value(plan, 'spark.executor.instances')).toBe('1');
    expect(plan.settings.find((s) => s.key === 'spark.executor.cores')?.why).toContain('the AM (1536 MB, 1 vcore(s)) shares the node');
  });
});
