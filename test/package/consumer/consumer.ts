// A TypeScript back end using the installed package (compiled with strict, skipLibCheck off).
// Usage: node consumer.js <jar>; APX_MINICLUSTER_STATE names the test's mini cluster. Prints one JSON line.
import { connect, isApxError, UsageError, type ApplicationListener, type ApplicationResult, type ApxEvent, type SubmitSpec } from 'apx';

const jar = process.argv[2] as string;
const quick = { 'spark.minicluster.startupMillis': 30, 'spark.minicluster.taskMillis': 20, 'spark.yarn.report.interval': '50ms' };
const client = await connect({ cluster: 'mini', embedMini: false, user: 'root' });

const calls: string[] = [];
const listener: ApplicationListener = {
  onApplicationInit: (e) => calls.push(`init:${e.appId === handle.appId || handle.appId === undefined}`),
  onApplicationStart: (e) => calls.push(`start:${e.state}`),
  onApplicationEnd: (e) => calls.push(`end:${e.outcome}`),
  onApplicationFailed: (e) => calls.push(`failed:${e.outcome}`),
  onApplicationKilled: (e) => calls.push(`killed:${e.outcome}`),
};
const spec: SubmitSpec = { resource: jar, mainClass: 'com.acme.Main', args: ['2026-11-01'], conf: quick };
const handle = client.submit(spec, { listener });
const types: ApxEvent['type'][] = [];
for await (const e of handle) types.push(e.type);
const result: ApplicationResult = await handle.result;

// The declarations are real types, not `any`: these must not compile.
// @ts-expect-error an outcome apx never reports
const impossible: ApplicationResult['outcome'] = 'exploded';
void impossible;
// @ts-expect-error 'state' events carry state, not outcome
handle.on('state', (e) => e.outcome);

const hanging = client.submit({ ...spec, conf: { ...quick, 'spark.minicluster.hang': true } });
await new Promise<void>((resolve) => hanging.on('state', (e) => { if (e.state === 'RUNNING') resolve(); }));
const killed = await hanging.kill();
const status = await client.status(hanging.appId as string);

const bad = await client.submit({ ...spec, executorMemory: 'lots' }).result.catch((e: unknown) => e);
await client.close();
console.log(JSON.stringify({
  types, calls, result: { outcome: result.outcome, exitCode: result.exitCode, appId: result.appId },
  killed: killed.outcome, status: `${status.state}/${status.finalStatus}`,
  bad: { apx: isApxError(bad), usage: bad instanceof UsageError, exitCode: isApxError(bad) ? bad.exitCode : undefined },
}));
