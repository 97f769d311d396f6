/**
 * Reading queue and node sizes from the RM: the recorded capacity-scheduler and nodes answers of
 * the real 3.3.6 cluster, and the fair-scheduler example of Hadoop's ResourceManagerRest.md.
 */
import { describe, expect, it } from 'vitest';
import { readNodes, readQueue } from '../../src/yarn/queue-sizes.js';
import type { NodesAnswer, SchedulerAnswer } from '../../src/yarn/scheduler.js';
import { loadRecording } from '../helpers/recording.js';

const recorded = <T>(name: string): T => JSON.parse(loadRecording(name).final.body) as T;

/** ResourceManagerRest.md, "Fair Scheduler API", JSON response example (trimmed to the keys read). */
const FAIR_DOC_EXAMPLE: SchedulerAnswer = {
  scheduler: {
    schedulerInfo: {
      type: 'fairScheduler',
      rootQueue: {
        queueName: 'root', maxResources: { memory: 8192, vCores: 8 }, minResources: { memory: 0, vCores: 0 }, usedResources: { memory: 0, vCores: 0 },
        fairResources: { memory: 8192, vCores: 8 }, clusterResources: { memory: 8192, vCores: 8 },
        childQueues: {
          queue: [
            { type: 'fairSchedulerLeafQueueInfo', queueName: 'root.default', maxResources: { memory: 8192, vCores: 8 }, minResources: { memory: 0, vCores: 0 }, usedResources: { memory: 0, vCores: 0 }, fairResources: { memory: 0, vCores: 0 }, clusterResources: { memory: 8192, vCores: 8 } },
            {
              queueName: 'root.sample_queue', maxResources: { memory: 8192, vCores: 0 }, minResources: { memory: 10000, vCores: 0 }, usedResources: { memory: 0, vCores: 0 }, fairResources: { memory: 10000, vCores: 0 }, clusterResources: { memory: 8192, vCores: 8 },
              childQueues: { queue: [{ type: 'fairSchedulerLeafQueueInfo', queueName: 'root.sample_queue.sample_sub_queue', maxResources: { memory: 8192, vCores: 8 }, minResources: { memory: 5000, vCores: 0 }, usedResources: { memory: 0, vCores: 0 }, fairResources: { memory: 10000, vCores: 0 }, clusterResources: { memory: 8192, vCores: 8 } }] },
            },
          ],
        },
      },
    },
  },
};

describe('readNodes', () => {
  it('reads the recorded node: 8192 MB and 4 vcores, all available', () => {
    expect(readNodes(recorded<NodesAnswer>('rm-cluster-nodes.http'))).toEqual([{ total: { memoryMB: 8192, vcores: 4 }, available: { memoryMB: 8192, vcores: 4 } }]);
  });

  it('leaves out nodes that are not RUNNING, and an empty answer has none', () => {
    expect(readNodes({ nodes: { node: [{ state: 'LOST', id: 'x:1', totalResource: { memory: 1, vCores: 1 } }] } })).toEqual([]);
    expect(readNodes({ nodes: null })).toEqual([]);
  });
});

describe('readQueue: capacity scheduler (recorded)', () => {
  const json = recorded<SchedulerAnswer>('rm-cluster-scheduler.http');
  const total = { memoryMB: 8192, vcores: 4 };

  it('finds default by its leaf name and by root.default, with its effective capacities and maximum allocation', () => {
    for (const name of ['default', 'root.default']) {
      const r = readQueue(json, name, total);
      expect(r.queue).toMatchObject({ name: 'default', scheduler: 'capacity', max: { memoryMB: 8192, vcores: 4 }, guaranteed: { memoryMB: 8192, vcores: 4 }, used: { memoryMB: 0, vcores: 0 } });
      expect(r.maxAllocation).toEqual({ memoryMB: 8192, vcores: 4 });
    }
  });

  it("bounds one user's share by capacity × userLimitFactor (LeafQueue's user limit)", () => {
    const copy = JSON.parse(JSON.stringify(json)) as SchedulerAnswer;
    const leaf = copy.scheduler.schedulerInfo.queues?.queue?.[0] as { minEffectiveCapacity: { memory: number; vCores: number } };
    leaf.minEffectiveCapacity = { memory: 2048, vCores: 1 };
    const r = readQueue(copy, 'default', total);
    expect(r.queue.max).toEqual({ memoryMB: 2048, vcores: 1 });
    expect(r.queue.maxFrom).toContain('userLimitFactor 1');
  });

  it('an unknown queue is a configuration error naming the known ones', () => {
    expect(() => readQueue(json, 'etl', total)).toThrow(/no leaf queue 'etl'/);
    try {
      readQueue(json, 'etl', total);
    } catch (e) {
      expect((e as { hint: string }).hint).toBe('Known leaf queues: default. Pick one with --queue.');
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('readQueue: fair scheduler (ResourceManagerRest.md shape, no recording)', () => {
  const total = { memoryMB: 8192, vcores: 8 };

  it('names queues by full path; a bare name means root.<name>', () => {
    const r = readQueue(FAIR_DOC_EXAMPLE, 'default', total);
    // fairResources is 0 for an idle queue: no share is reported, so its maximum is what it may get.
    expect(r.queue).toMatchObject({ name: 'root.default', scheduler: 'fair', max: { memoryMB: 8192, vcores: 8 }, guaranteed: { memoryMB: 8192, vcores: 8 } });
  });

  it('finds a nested leaf, and a fair share above the maximum is bounded by it', () => {
    const r = readQueue(FAIR_DOC_EXAMPLE, 'root.sample_queue.sample_sub_queue', total);
    expect(r.queue.max).toEqual({ memoryMB: 8192, vcores: 8 });
    expect(r.queue.guaranteed.memoryMB).toBe(8192);
    expect(r.queue.guaranteedFrom).toBe('fairResources');
  });

  it('a parent queue is not a leaf', () => {
    expect(() => readQueue(FAIR_DOC_EXAMPLE, 'sample_queue', total)).toThrow(/no leaf queue/);
  });

  it('the FIFO scheduler is refused with a way out', () => {
    expect(() => readQueue({ scheduler: { schedulerInfo: { type: 'fifoScheduler' } } }, 'default', total)).toThrow(/runs the fifoScheduler/);
  });
});
