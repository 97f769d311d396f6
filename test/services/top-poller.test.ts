/** The poller's cost and fairness: three RM calls per refresh, Spark apps asked in turn, at most N per refresh. */
import { describe, expect, it } from 'vitest';
import { TopBus, type TopEvent } from '../../src/services/top/events.js';
import { TopPoller } from '../../src/services/top/poller.js';
import type { RmClient } from '../../src/yarn/rm-client.js';
import type { SchedulerAnswer } from '../../src/yarn/scheduler.js';
import type { SparkUiClient } from '../../src/yarn/spark-ui-client.js';
import type { AppReport } from '../../src/yarn/types.js';
import { loadRecording } from '../helpers/recording.js';

const recorded = (JSON.parse(loadRecording('rm-apps-list-running.http').final.body) as { apps: { app: AppReport[] } }).apps.app[0] as AppReport;
const metrics = JSON.parse(loadRecording('rm-cluster-metrics.http').final.body).clusterMetrics;
const scheduler = JSON.parse(loadRecording('rm-cluster-scheduler.http').final.body) as SchedulerAnswer;

function fakes(apps: AppReport[]) {
  const calls: string[] = [];
  const rm = {
    list: async (f: { states?: string[] }) => (calls.push(`list ${f.states?.join(',')}`), apps),
    metrics: async () => (calls.push('metrics'), metrics),
    scheduler: async () => (calls.push('scheduler'), scheduler),
  } as unknown as RmClient;
  const asked: string[] = [];
  const sparkUi = {
    jobs: async (_url: string, id: string) => {
      asked.push(id);
      return id.endsWith('3') ? { ok: false, reason: 'the Spark UI is not up' } : { ok: true, value: [{ jobId: 0, name: 'j', status: 'RUNNING', numTasks: 10, numCompletedTasks: 4, numActiveTasks: 1, numFailedTasks: 0, numActiveStages: 1, numCompletedStages: 0, stageIds: [0] }] };
    },
  } as unknown as SparkUiClient;
  return { rm, sparkUi, calls, asked };
}

const app = (n: number, over: Partial<AppReport> = {}): AppReport => ({ ...recorded, id: `application_1_000${n}`, applicationType: 'SPARK', trackingUrl: `http://rm/proxy/application_1_000${n}/`, ...over });

describe('apx top poller', () => {
  it('asks the RM three things per refresh, the live states by default, and each Spark app in turn, two per refresh', async () => {
    const apps = [app(1), app(2), app(3), app(4), app(5), app(6, { applicationType: 'MAPREDUCE' }), app(7, { state: 'ACCEPTED', trackingUrl: undefined })];
    const { rm, sparkUi, calls, asked } = fakes(apps);
    const poller = new TopPoller({ rm, sparkUi, query: {}, sparkPerInterval: 2, now: () => 1000 });
    const turns: string[][] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      const before = asked.length;
      last = await poller.refresh();
      turns.push(asked.slice(before).map((id) => id.slice(-1)));
    }
    expect(calls).toEqual(Array.from({ length: 3 }, () => ['list NEW,NEW_SAVING,SUBMITTED,ACCEPTED,RUNNING', 'metrics', 'scheduler']).flat());
    expect(turns).toEqual([['1', '2'], ['3', '4'], ['5', '1']]);
    const spark = Object.fromEntries(last!.apps.map((a) => [a.id.slice(-1), a.spark]));
    expect(spark['1']).toEqual({ available: true, at: 1000, completedTasks: 4, totalTasks: 10, activeJobs: 1, jobs: 1 });
    expect(spark['3']).toEqual({ available: false, at: 1000, reason: 'the Spark UI is not up' });
    expect(spark['6']).toBeUndefined();
    expect(spark['7']).toBeUndefined();
  });

  it('forgets the progress of apps that left the list', async () => {
    let listed = [app(1), app(2), app(4)];
    const f = fakes([]);
    const rm = { ...f.rm, list: async () => listed, metrics: async () => metrics, scheduler: async () => scheduler } as unknown as RmClient;
    const poller = new TopPoller({ rm, sparkUi: f.sparkUi, query: {}, sparkPerInterval: 1 });
    await poller.refresh();
    listed = [app(2), app(4)];
    await poller.refresh();
    listed = [app(1), app(2), app(4)];
    const s = await poller.refresh();
    expect(f.asked.map((id) => id.slice(-1))).toEqual(['1', '2', '4']);
    expect(s.apps.map((a) => [a.id.slice(-1), a.spark?.available])).toEqual([['1', undefined], ['2', true], ['4', true]]);
  });

  it('asks nothing of Spark when told 0 per interval', async () => {
    const { rm, sparkUi, asked } = fakes([app(1)]);
    const poller = new TopPoller({ rm, sparkUi, query: { states: ['RUNNING'] }, sparkPerInterval: 0 });
    await poller.refresh();
    expect(asked).toEqual([]);
  });

  it('run: a failed refresh is an error event and the next interval tries again', async () => {
    let down = true;
    const f = fakes([app(1)]);
    const rm = { ...f.rm, list: async () => {
      if (down) throw new Error('cannot reach the ResourceManager at http://rm:8088');
      return [app(1)];
    }, metrics: async () => metrics, scheduler: async () => scheduler } as unknown as RmClient;
    const bus = new TopBus();
    const events: TopEvent[] = [];
    const stop = new AbortController();
    bus.on((e) => {
      events.push(e);
      down = false;
      if (events.length === 2) stop.abort();
    });
    await new TopPoller({ rm, sparkUi: f.sparkUi, query: {}, sparkPerInterval: 0 }).run(bus, 10, stop.signal);
    expect(events.map((e) => e.type)).toEqual(['error', 'snapshot']);
    expect(events[0]).toMatchObject({ message: 'cannot reach the ResourceManager at http://rm:8088' });
  });
});
