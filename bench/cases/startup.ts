/**
 * Start-up: `apx --version`, `apx status <id>` and `apx __complete apps` against `node -e 0`, sampled
 * side by side (one of each per round, so load on a shared machine hits them alike). With
 * HADOOP_CONF_DIR set as users have it: the site files of the recorded Hadoop 3.3.6 cluster
 * (test/fixtures/hadoop-3.3.6/rm-conf-xml.http, the properties whose source is a *-site.xml).
 * Target (issue 15): status and __complete ≤ 1.5× node -e 0 (wall time, medians). The mean CPU time
 * of each (Linux) is reported beside it: on a loaded machine it is the steadier figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { APX, ROOT, median, run, tempDir, type CaseResult } from '../lib.js';

/** The recorded cluster's own *-site.xml files, rebuilt from its /conf answer. */
export function recordedHadoopConfDir(): string {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'hadoop-3.3.6', 'rm-conf-xml.http'), 'utf8');
  const dir = tempDir('apx-bench-hadoop-conf-');
  const files = new Map<string, string[]>();
  for (const [, body] of text.matchAll(/<property>(.*?)<\/property>/gs)) {
    const file = /<source>([a-z]+-site\.xml)<\/source>/.exec(body as string)?.[1];
    if (file) files.set(file, [...(files.get(file) ?? []), `  <property>${(body as string).replace(/<source>.*?<\/source>/, '')}</property>`]);
  }
  for (const [file, props] of files) fs.writeFileSync(path.join(dir, file), `<?xml version="1.0"?>\n<configuration>\n${props.join('\n')}\n</configuration>\n`);
  return dir;
}

export async function startup(cluster: MiniCluster, appId: string, times: number): Promise<CaseResult> {
  // The recorded yarn-site.xml names the real cluster's RM: APX_RM_URL points the commands at the mini.
  const env = { ...process.env, HADOOP_CONF_DIR: recordedHadoopConfDir(), APX_RM_URL: cluster.urls.resourceManager, HADOOP_USER_NAME: 'bench', APX_CONFIG_DIR: '/nonexistent' };
  const commands: Record<string, string[]> = {
    node: ['-e', '0'], version: [APX, '--version'], status: [APX, 'status', appId], complete: [APX, '__complete', 'apps'],
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < times; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const r = await run(process.execPath, args, env);
      if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
      if (name === 'complete' && !r.stdout.includes(appId)) throw new Error(`apx __complete apps did not list ${appId}: ${r.stdout}`);
      samples[name]?.push(r.millis);
      if (r.cpuMillis !== undefined) cpu[name]?.push(r.cpuMillis);
    }
  }
  const [node, version, status, complete] = ['node', 'version', 'status', 'complete'].map((k) => median(samples[k] as number[])) as [number, number, number, number];
  // Summed over all rounds, then divided: one run's CPU time is only known to a 10 ms tick.
  const cpuMean = (k: string) => (cpu[k] as number[]).reduce((a, b) => a + b, 0) / times;
  const cpuFigures = cpu.node?.length === times
    ? [
        { name: 'CPU: node -e 0 (mean)', value: cpuMean('node'), unit: 'ms' },
        { name: 'CPU: apx status <id> (mean)', value: cpuMean('status'), unit: 'ms' },
        { name: 'CPU: apx __complete apps (mean)', value: cpuMean('complete'), unit: 'ms' },
        { name: 'CPU: status / node', value: cpuMean('status') / cpuMean('node'), unit: '×' },
        { name: 'CPU: __complete / node', value: cpuMean('complete') / cpuMean('node'), unit: '×' },
      ]
    : [];
  return {
    case: 'start-up (HADOOP_CONF_DIR set)',
    figures: [
      { name: 'node -e 0', value: node, unit: 'ms' },
      { name: 'apx --version', value: version, unit: 'ms' },
      { name: 'apx status <id>', value: status, unit: 'ms' },
      { name: 'apx __complete apps', value: complete, unit: 'ms' },
      { name: 'status / node', value: status / node, unit: '×' },
      { name: '__complete / node', value: complete / node, unit: '×' },
      ...cpuFigures,
    ],
    target: 'apx status and apx __complete ≤ 1.5× node -e 0',
    pass: status / node <= 1.5 && complete / node <= 1.5,
  };
}
