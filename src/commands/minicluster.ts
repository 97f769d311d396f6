/** `apx minicluster`: run the embedded cluster in the foreground, print where it is, clean up on Ctrl-C. */
import fs from 'node:fs';
import { ExitCode, UsageError } from '../errors.js';
import { MiniCluster } from '../minicluster/mini-cluster.js';
import { claimStateFile, releaseStateFile, type MiniState } from '../minicluster/target.js';

interface MiniOptions {
  rmPort?: string;
  nmPort?: string;
  namenodePort?: string;
  datanodePort?: string;
  anonymous?: boolean;
  logAggregation?: boolean;
  jobhistory?: boolean;
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} '${value}' is not a port number (0-65535)`);
  return n;
}

export async function runMiniCluster(opts: MiniOptions): Promise<number> {
  const ports = { rm: port(opts.rmPort, '--rm-port'), nm: port(opts.nmPort, '--nm-port'), namenode: port(opts.namenodePort, '--namenode-port'), datanode: port(opts.datanodePort, '--datanode-port') };
  const file = claimStateFile();
  let cluster: MiniCluster;
  try {
    const logAggregation = opts.logAggregation ? { jobHistory: opts.jobhistory !== false } : undefined;
    cluster = await MiniCluster.start({ ports, anonymousAllowed: !!opts.anonymous, logAggregation });
  } catch (e) {
    releaseStateFile(file);
    throw new UsageError(`the mini cluster could not start: ${(e as Error).message}`, 'Another process may hold the port; choose others or leave the ports out.');
  }
  const state: MiniState = { pid: process.pid, urls: cluster.urls, startedAt: new Date().toISOString(), dataDir: cluster.store.dataDir };
  fs.writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  const u = cluster.urls;
  process.stdout.write(
    [
      'apx mini cluster (Hadoop 3.3.6 imitation) is running:',
      `  ResourceManager  ${u.resourceManager}   (web proxy: ${u.resourceManager}/proxy/<appId>/)`,
      `  NodeManager      ${u.nodeManager}`,
      `  NameNode         ${u.nameNode}   (WebHDFS: ${u.nameNode}/webhdfs/v1/)`,
      `  DataNode         ${u.dataNode}`,
      `  fs.defaultFS     ${u.defaultFs}`,
      ...(u.jobHistory ? [`  JobHistoryServer ${u.jobHistory}   (aggregated logs: ${u.jobHistory}/ws/v1/history/)`] : []),
      ...(opts.logAggregation ? ['  Log aggregation  on: finished apps\' logs go to hdfs:///tmp/logs'] : []),
      '',
      'Use it with --cluster mini (or APX_CLUSTER=mini). Ctrl-C stops it and deletes its data.',
      '',
    ].join('\n'),
  );
  // Listeners stay while the cluster stops: a second Ctrl-C must not kill it before its state and data are gone.
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
  await cluster.stop();
  releaseStateFile(file);
  process.stderr.write('mini cluster stopped; its data is gone.\n');
  return ExitCode.Success;
}
