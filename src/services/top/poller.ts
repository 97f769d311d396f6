/**
 * `apx top`'s polling: per interval exactly three ResourceManager requests whatever the number of
 * applications (the filtered app list, /metrics, /scheduler, in parallel), then Spark progress for at
 * most `sparkPerInterval` applications, taken in rotation so every Spark app gets its turn.
 */
import type { SparkJobSummary } from '../../monitor/events.js';
import type { RmClient } from '../../yarn/rm-client.js';
import type { SparkUiClient } from '../../yarn/spark-ui-client.js';
import type { AppListFilter, AppReport } from '../../yarn/types.js';
import type { TopBus } from './events.js';
import { buildSnapshot, type SparkProgress, type TopSnapshot } from './snapshot.js';

/** The states of an application that still holds (or waits for) resources. */
export const LIVE_STATES = ['NEW', 'NEW_SAVING', 'SUBMITTED', 'ACCEPTED', 'RUNNING'];

export interface TopPollerOptions {
  rm: RmClient;
  sparkUi: SparkUiClient;
  /** Narrowing done by the RM itself (--queue, --user, --state): fewer bytes on a big cluster. */
  query: AppListFilter;
  /** At most this many Spark UI requests per interval (give the SparkUiClient a short timeout). */
  sparkPerInterval: number;
  now?: () => number;
}

export function sparkProgressOf(jobs: SparkJobSummary[], at: number): SparkProgress {
  const active = jobs.filter((j) => j.status === 'RUNNING');
  const basis = active.length ? active : jobs;
  const sum = (f: (j: SparkJobSummary) => number) => basis.reduce((a, j) => a + f(j), 0);
  return { available: true, at, completedTasks: sum((j) => j.numCompletedTasks), totalTasks: sum((j) => j.numTasks), activeJobs: active.length, jobs: jobs.length };
}

export class TopPoller {
  private readonly spark = new Map<string, SparkProgress>();
  /** The id after which the next rotation starts (ids sort in submission order). */
  private rotationAfter = '';

  constructor(private readonly o: TopPollerOptions) {}

  async refresh(): Promise<TopSnapshot> {
    const { rm } = this.o;
    const [apps, metrics, scheduler] = await Promise.all([rm.list({ ...this.o.query, states: this.o.query.states?.length ? this.o.query.states : LIVE_STATES }), rm.metrics(), rm.scheduler()]);
    await this.rotateSpark(apps);
    return buildSnapshot(apps, metrics, scheduler, this.spark, (this.o.now ?? Date.now)());
  }

  /** Polls until `signal` aborts: a snapshot (or an error) on the bus every interval, the first after `delayMs`. */
  async run(bus: TopBus, intervalMs: number, signal: AbortSignal, delayMs = 0): Promise<void> {
    await sleep(delayMs, signal);
    while (!signal.aborted) {
      const started = Date.now();
      try {
        bus.emit({ type: 'snapshot', snapshot: await this.refresh() });
      } catch (e) {
        bus.emit({ type: 'error', at: Date.now(), message: (e as Error).message });
      }
      await sleep(Math.max(0, intervalMs - (Date.now() - started)), signal);
    }
  }

  private async rotateSpark(apps: AppReport[]): Promise<void> {
    const listed = new Set(apps.map((a) => a.id));
    for (const id of this.spark.keys()) if (!listed.has(id)) this.spark.delete(id);
    const candidates = apps.filter((a) => a.state === 'RUNNING' && a.applicationType?.toUpperCase() === 'SPARK' && a.trackingUrl).sort((a, b) => a.id.localeCompare(b.id));
    if (candidates.length === 0 || this.o.sparkPerInterval <= 0) return;
    const start = candidates.findIndex((a) => a.id > this.rotationAfter);
    const turn: AppReport[] = [];
    for (let i = 0; i < Math.min(this.o.sparkPerInterval, candidates.length); i++) turn.push(candidates[((start < 0 ? 0 : start) + i) % candidates.length] as AppReport);
    this.rotationAfter = (turn[turn.length - 1] as AppReport).id;
    await Promise.all(turn.map(async (a) => {
      const at = (this.o.now ?? Date.now)();
      const jobs = await this.o.sparkUi.jobs(a.trackingUrl as string, a.id);
      this.spark.set(a.id, jobs.ok ? sparkProgressOf(jobs.value, at) : { available: false, at, reason: jobs.reason });
    }));
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
