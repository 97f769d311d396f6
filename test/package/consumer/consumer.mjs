// A plain JavaScript (ESM) back end using the installed package. Usage: node consumer.mjs <jar>.
import { connect } from 'apx';

const jar = process.argv[2];
const conf = { 'spark.minicluster.startupMillis': 30, 'spark.minicluster.taskMillis': 20, 'spark.yarn.report.interval': '50ms' };
const client = await connect({ cluster: 'mini', embedMini: false, user: 'root' });
const handle = client.submit({ resource: jar, mainClass: 'com.acme.Main', conf });
const types = [];
handle.on('*', (e) => types.push(e.type));
const result = await handle.result;

const hanging = client.submit({ resource: jar, mainClass: 'com.acme.Main', conf: { ...conf, 'spark.minicluster.hang': 'true' } });
const appId = await hanging.submitted;
const watcher = client.watch(appId, { intervalMs: 100 });
await new Promise((resolve) => watcher.on('state', (e) => e.state === 'RUNNING' && resolve()));
const kills = await client.kill(appId);
const [submitter, watched] = await Promise.all([hanging.result, watcher.result]);
const status = await client.status(appId);
await client.close();
console.log(JSON.stringify({ types, outcome: result.outcome, kills, submitter: submitter.outcome, watched: watched.outcome, status: `${status.state}/${status.finalStatus}` }));
