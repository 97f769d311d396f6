/**
 * The built-in `mini` cluster profile: a running `apx minicluster` (found through its state file), or
 * else a mini cluster embedded in this apx process for the length of the command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClusterTarget } from '../config/cluster.js';
import { UsageError } from '../errors.js';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readState(file: string): MiniState | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as MiniState;
  } catch {
    return undefined;
  }
}

/** The running `apx minicluster` of this state file, once it has published its addresses. */
export function readRunning(env: NodeJS.ProcessEnv = process.env): MiniState | undefined {
  const state = readState(stateFile(env));
  return state?.urls?.resourceManager && isAlive(state.pid) ? state : undefined;
}

/**
 * Takes the state file for this process before the cluster starts, so a second `apx minicluster`
 * cannot overwrite the first one's addresses (which would leave it unreachable). The file is
 * created exclusively; one left by a process that is gone is replaced.
 */
export function claimStateFile(env: NodeJS.ProcessEnv = process.env): string {
  const file = stateFile(env);
  const claim = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, claim, { flag: 'wx', mode: 0o600 });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot write the mini cluster's state file ${file}: ${(e as Error).message}`, 'Point APX_MINICLUSTER_STATE at a writable file.');
    }
    const other = readState(file);
    if (other && isAlive(other.pid)) {
      const where = other.urls?.resourceManager ? `, ResourceManager ${other.urls.resourceManager}` : ', still starting';
      throw new UsageError(
        `a mini cluster is already running: pid ${other.pid}${where}; its state file is ${file}`,
        'Use it with --cluster mini, or stop it first (Ctrl-C in its terminal). For a second one, give it its own state file: APX_MINICLUSTER_STATE=/tmp/apx-mini-2.json apx minicluster',
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new UsageError(`cannot take the mini cluster's state file ${file}: another apx minicluster keeps replacing it`);
}

/** Removes the state file if it is still this process's (never another cluster's). */
export function releaseStateFile(file: string): void {
  if (readState(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}

export function miniTarget(urls: MiniClusterUrls, env: NodeJS.ProcessEnv, close: () => Promise<void>, how: string): ClusterTarget {
  const { user, source } = resolveUser(env);
  const sources = new SourcedMap();
  sources.set('resourcemanager', urls.resourceManager, `mini cluster, ${how}`);
  sources.set('webhdfs', urls.nameNode, `mini cluster, ${how}`);
  sources.set('user', user, source);
  return {
    name: 'mini', resourceManagers: urls.resourceManagers?.length ? urls.resourceManagers : [urls.resourceManager], namenodes: urls.nameNodes?.length ? urls.nameNodes : [urls.nameNode], user,
    hadoopConf: new HadoopConf(env), hadoopConfFiles: new Map(),
    profileSparkConf: [['spark.yarn.archive', `hdfs://${MINI_SPARK_ARCHIVE}`], ['spark.apx.sparkVersion', MINI_SPARK_VERSION]],
    pySparkArchives: MINI_PYSPARK_ARCHIVES.map((p) => `hdfs://${p}`),
    sources, needsClusterConf: true, close,
  };
}

/**
 * Connects to a running `apx minicluster`, or embeds one (gone when this command ends). `announce`
 * is told which of the two it is, in one line, so a user never mistakes one for the other.
 */
export async function connectMini(env: NodeJS.ProcessEnv, allowEmbedded: boolean, announce?: (line: string) => void): Promise<ClusterTarget | undefined> {
  const running = readRunning(env);
  if (running) {
    announce?.(`using the mini cluster started by \`apx minicluster\` (pid ${running.pid}, RM ${running.urls.resourceManager})`);
    return miniTarget(running.urls, env, async () => {}, `apx minicluster, pid ${running.pid}`);
  }
  if (!allowEmbedded) return undefined;
  announce?.('starting an embedded mini cluster in this process; it and its data are gone when this command ends');
  // Loaded only when embedding: operator commands against a running mini cluster stay light.
  const { MiniCluster } = await import('./mini-cluster.js');
  const cluster = await MiniCluster.start();
  return miniTarget(cluster.urls, env, () => cluster.stop(), 'embedded in this apx process');
}
