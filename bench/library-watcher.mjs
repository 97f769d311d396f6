// One process watching many applications through the library (bench/cases/library.ts runs it).
// argv: intervalMs appId...; APX_MINICLUSTER_STATE names the mini cluster. Prints "ready" once every
// handle has had its first state, then watches until SIGTERM, detaches all and prints a summary.
import { connect } from '../dist/index.js';

const [interval, ...ids] = process.argv.slice(2);
const client = await connect({ cluster: 'mini', embedMini: false });
let seen = 0;
const handles = ids.map((id) => {
  const h = client.watch(id, { intervalMs: Number(interval) });
  h.once('state', () => ++seen === ids.length && process.stdout.write('ready\n'));
  return h;
});
process.once('SIGTERM', async () => {
  const results = await Promise.all(handles.map((h) => h.detach()));
  process.stdout.write(`${JSON.stringify({ detached: results.filter((r) => r.outcome === 'detached').length })}\n`);
  await client.close();
  process.exit(0);
});
