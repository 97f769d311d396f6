/**
 * The Spark picture at the end is the end's, not one of a few polls before: the example run (2 jobs
 * of 2 stages) ends with 2 jobs and 4 stages done in every renderer, even though the Spark UI is
 * gone (the RM proxy redirects) by the time YARN says FINISHED.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { cliEnv, events, runApx } from '../helpers/cli.js';
import { startMini } from '../helpers/mini.js';

const EXAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'examples', 'etl.jar');
// Tasks much faster than the report interval (1 s, the default): most changes happen between polls.
const FAST_TASKS = ['--conf', 'spark.minicluster.startupMillis=100', '--conf', 'spark.minicluster.taskMillis=40'];

let cluster: MiniCluster;
beforeAll(async () => {
  cluster = await startMini();
});
afterAll(() => cluster.stop());

type StageEvent = { type: 'stage'; available: boolean; jobs: { jobId: number; status: string; numCompletedStages: number; stageIds: number[] }[]; stages: { stageId: number; status: string }[] };

describe('the Spark summary at the end', () => {
  it('--json: the last stage event of a SUCCEEDED app has every job succeeded and no PENDING or ACTIVE stage', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--json', ...FAST_TASKS, EXAMPLE, '2026-11-01'], cliEnv(cluster));
    expect(r.code, r.stderr).toBe(0);
    const all = events(r.stdout);
    expect(all.at(-1)).toMatchObject({ type: 'end', finalStatus: 'SUCCEEDED' });
    const stageEvents = all.filter((e) => e.type === 'stage' && e.available) as unknown as StageEvent[];
    const last = stageEvents.at(-1) as StageEvent;
    expect(last.stages.map((s) => `${s.stageId}:${s.status}`).sort()).toEqual(['0:COMPLETE', '1:COMPLETE', '2:COMPLETE', '3:COMPLETE']);
    expect(last.jobs.map((j) => `${j.jobId}:${j.status}`).sort()).toEqual(['0:SUCCEEDED', '1:SUCCEEDED']);
    // Mid-run too, a job's stage counts agree with the stage list of the same event.
    for (const e of stageEvents) {
      const status = new Map(e.stages.map((s) => [s.stageId, s.status]));
      for (const j of e.jobs) {
        if (j.stageIds.some((id) => !status.has(id))) continue;
        expect(j.numCompletedStages).toBe(j.stageIds.filter((id) => status.get(id) === 'COMPLETE').length);
      }
    }
  });

  it('--plain shows the last stage complete', async () => {
    const r = await runApx(['submit', '--cluster', 'mini', '--plain', ...FAST_TASKS, EXAMPLE, '2026-11-01'], cliEnv(cluster));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stage 3 \(count at LabJob\.scala:40\) complete: 8\/8 tasks/);
  });
});
