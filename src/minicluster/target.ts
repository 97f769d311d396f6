/**
 * The built-in `mini` cluster profile: a running `apx minicluster` (found through its state file), or
 * else a mini cluster embedded in this apx process for the length of the command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClusterTarget } from '../config/cluster.js';
import { HadoopConf } from '../config/hadoop-xml.js';
import { resolveUser } from '../config/cluster.js';
import { SourcedMap } from '../config/sourced.js';
import type { MiniClusterUrls } from './mini-cluster.js';
import { MINI_PYSPARK_ARCHIVES, MINI_SPARK_ARCHIVE, MINI_SPARK_VERSION } from './seed.js';

export interface MiniState {
  pid: number;
  urls: MiniClusterUrls;
  startedAt: string;
  /** Where its HDFS keeps file bytes (deleted when it stops). */
  dataDir?: string;
}

export function stateFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.APX_MINICLUSTER_STATE || path.join(os.tmpdir(), `apx-minicluster-${os.userInfo().uid}.json`);
}

export function readRunning(env: NodeJS.ProcessEnv = process.env): MiniState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(stateFile(env), 'utf8')) as MiniState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

export function miniTarget(urls: MiniClusterUrls, env: NodeJS.ProcessEnv, close: () => Promise<void>, how: string): ClusterTarget {
  const { user, source } = resolveUser(env);
  const sources = new SourcedMap();
  sources.set('resourcemanager', urls.resourceManager, `mini cluster (${how})`);
  sources.set('webhdfs', urls.nameNode, `mini cluster (${how})`);
  sources.set('user', user, source);
  return {
    name: 'mini', resourceManagers: urls.resourceManagers?.length ? urls.resourceManagers : [urls.resourceManager], namenodes: urls.nameNodes?.length ? urls.nameNodes : [urls.nameNode], user,
    hadoopConf: new HadoopConf(env), hadoopConfFiles: new Map(),
    profileSparkConf: [['spark.yarn.archive', `hdfs://${MINI_SPARK_ARCHIVE}`], ['spark.apx.sparkVersion', MINI_SPARK_VERSION]],
    pySparkArchives: MINI_PYSPARK_ARCHIVES.map((p) => `hdfs://${p}`),
    sources, needsClusterConf: true, close,
  };
}

/** Connects to a running `apx minicluster`, or embeds one (gone when this command ends). */
export async function connectMini(env: NodeJS.ProcessEnv, allowEmbedded: boolean): Promise<ClusterTarget | undefined> {
  const running = readRunning(env);
  if (running) return miniTarget(running.urls, env, async () => {}, `apx minicluster, pid ${running.pid}`);
  if (!allowEmbedded) return undefined;
  // Loaded only when embedding: operator commands against a running mini cluster stay light.
  const { MiniCluster } = await import('./mini-cluster.js');
  const cluster = await MiniCluster.start();
  return miniTarget(cluster.urls, env, () => cluster.stop(), 'embedded in this apx process');
}
