/**
 * The mini's /ws/v1/cluster/scheduler and /nodes answers against the recorded 3.3.6 ones, for every
 * key --auto-size reads (same path, same JSON type), with the default layout and with one given in a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { loadRecording, typedShapeOf } from '../helpers/recording.js';
import { http, startMini } from '../helpers/mini.js';

const QUEUE = '.scheduler.schedulerInfo.queues.queue[]';
const READ_FROM_SCHEDULER = [
  '.scheduler.schedulerInfo.type', '.scheduler.schedulerInfo.maximumAllocation.memory', '.scheduler.schedulerInfo.maximumAllocation.vCores',
  `${QUEUE}.queueName`, `${QUEUE}.absoluteCapacity`, `${QUEUE}.absoluteMaxCapacity`, `${QUEUE}.userLimitFactor`,
  `${QUEUE}.resourcesUsed.memory`, `${QUEUE}.resourcesUsed.vCores`, `${QUEUE}.minEffectiveCapacity.memory`, `${QUEUE}.minEffectiveCapacity.vCores`,
  `${QUEUE}.maxEffectiveCapacity.memory`, `${QUEUE}.maxEffectiveCapacity.vCores`, `${QUEUE}.maximumAllocation.memory`, `${QUEUE}.maximumAllocation.vCores`,
  `${QUEUE}.numActiveApplications`, `${QUEUE}.numPendingApplications`,
];
const NODE = '.nodes.node[]';
const READ_FROM_NODES = [`${NODE}.state`, `${NODE}.totalResource.memory`, `${NODE}.totalResource.vCores`, `${NODE}.availableResource.memory`, `${NODE}.availableResource.vCores`, `${NODE}.availMemoryMB`, `${NODE}.availableVirtualCores`];

function typesAt(json: unknown, paths: string[]): Record<string, string | undefined> {
  const shape = typedShapeOf(json);
  return Object.fromEntries(paths.map((p) => [p, shape.get(p)]));
}

const recorded = (name: string) => JSON.parse(loadRecording(name).final.body) as unknown;

describe('scheduler and nodes (recorded on Hadoop 3.3.6)', () => {
  let def: MiniCluster;
  let sized: MiniCluster;
  beforeAll(async () => {
    def = await startMini();
    sized = await startMini({ layout: { nodes: [{ memoryMB: 16384, vcores: 8 }, { memoryMB: 16384, vcores: 8 }], queues: [{ name: 'default', capacity: 70, maxCapacity: 100 }, { name: 'etl', capacity: 30, maxCapacity: 50, usedMB: 20000, usedVCores: 6 }] } });
  });
  afterAll(async () => {
    await def.stop();
    await sized.stop();
  });

  it('every key --auto-size reads has the recorded path and JSON type', async () => {
    for (const c of [def, sized]) {
      const scheduler = await http('GET', `${c.urls.resourceManager}/ws/v1/cluster/scheduler?user.name=root`);
      const nodes = await http('GET', `${c.urls.resourceManager}/ws/v1/cluster/nodes?user.name=root`);
      expect(typesAt(scheduler.json, READ_FROM_SCHEDULER)).toEqual(typesAt(recorded('rm-cluster-scheduler.http'), READ_FROM_SCHEDULER));
      expect(typesAt(nodes.json, READ_FROM_NODES)).toEqual(typesAt(recorded('rm-cluster-nodes.http'), READ_FROM_NODES));
    }
  });

  it('a given layout is what the RM reports: nodes, queue capacities, what other applications hold', async () => {
    const nodes = (await http('GET', `${sized.urls.resourceManager}/ws/v1/cluster/nodes?user.name=root`)).json as { nodes: { node: { totalResource: { memory: number }; availableResource: { memory: number } }[] } };
    expect(nodes.nodes.node.map((n) => n.totalResource.memory)).toEqual([16384, 16384]);
    expect(nodes.nodes.node.reduce((a, n) => a + n.availableResource.memory, 0)).toBe(32768 - 20000);
    const scheduler = (await http('GET', `${sized.urls.resourceManager}/ws/v1/cluster/scheduler?user.name=root`)).json as { scheduler: { schedulerInfo: { queues: { queue: { queueName: string; maxEffectiveCapacity: { memory: number }; resourcesUsed: { memory: number } }[] } } } };
    const etl = scheduler.scheduler.schedulerInfo.queues.queue.find((q) => q.queueName === 'etl');
    expect(etl?.maxEffectiveCapacity.memory).toBe(16384);
    expect(etl?.resourcesUsed.memory).toBe(20000);
  });
});
