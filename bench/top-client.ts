/**
 * Child process of the `apx top` benchmark: the CPU one refresh costs the client (three RM answers
 * fetched and parsed, the snapshot built, the Spark rotation, then sorted, filtered and the visible
 * rows of an 80×24 view formatted), measured apart from the mini cluster, which runs in the parent.
 */
import { SparkUiClient } from '../src/yarn/spark-ui-client.js';
import { RmClient } from '../src/yarn/rm-client.js';
import { TopPoller } from '../src/services/top/poller.js';
import { filterRows, sortRows } from '../src/services/top/snapshot.js';
import { appTable } from '../src/ui/format/top-table.js';

const [rmUrl, runs] = [process.argv[2] as string, Number(process.argv[3] ?? 10)];
const poller = new TopPoller({ rm: new RmClient({ resourceManagers: [rmUrl], user: 'bench' }), sparkUi: new SparkUiClient({ user: 'bench', timeoutMs: 2_000 }), query: {}, sparkPerInterval: 2 });

async function refreshOnce(): Promise<{ cpuMs: number; wallMs: number; apps: number }> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const s = await poller.refresh();
  const rows = sortRows(filterRows(s.apps, {}), { key: 'memory', reversed: false });
  const table = appTable(78);
  const frame = [table.header, ...rows.slice(0, 16).map(table.row)].join('\n');
  const used = process.cpuUsage(cpu);
  if (!frame) throw new Error('empty frame');
  return { cpuMs: (used.user + used.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6, apps: s.apps.length };
}

// Warm up: the first refreshes pay for JIT compilation and the connection.
for (let i = 0; i < 3; i++) await refreshOnce();
const samples = [];
for (let i = 0; i < runs; i++) samples.push(await refreshOnce());
process.stdout.write(JSON.stringify(samples));
