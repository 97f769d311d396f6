/**
 * `--auto-size`: gather what the cluster says (scheduler, nodes, /conf, the inputs' sizes) with GETs
 * only, let src/spark/auto-size.ts choose, and write the chosen values into the Spark settings
 * without touching any the user gave.
 */
import { UsageError } from '../errors.js';
import { applyClusterConf, type ClusterTarget } from '../config/cluster.js';
import { HadoopConf, parseHadoopXml } from '../config/hadoop-xml.js';
import type { SourcedMap } from '../config/sourced.js';
import { RemoteError } from '../net/remote-exception.js';
import { autoSize, autoSizeSummary, type AutoSizePlan, type ClusterFacts, type Resource } from '../spark/auto-size.js';
import { amResource } from '../spark/launch-context.js';
import type { SparkVersion } from '../spark/versions.js';
import type { RmClient } from '../yarn/rm-client.js';
import { readNodes, readQueue } from '../yarn/queue-sizes.js';
import { duration as formatDuration } from '../ui/format/units.js';
import { clientsFor, hdfsFor } from './clients.js';

export interface AutoSizeResult {
  plan: AutoSizePlan;
  queue: string;
  /** One line for the live view. */
  summary: string;
  /** What apx read from the cluster, for --dry-run. */
  readFrom: string[];
}

/** yarn-default.xml's values, used when the RM's /conf does not say. */
const YARN_DEFAULTS: Record<string, string> = {
  'yarn.scheduler.minimum-allocation-mb': '1024',
  'yarn.scheduler.maximum-allocation-mb': '8192',
  'yarn.scheduler.maximum-allocation-vcores': '4',
  'yarn.resource-types.memory-mb.increment-allocation': '1024',
};

interface ConfReader {
  get: (key: string) => string | undefined;
  from: string;
}

function confNumber(conf: ConfReader, key: string): { value: number; from: string } {
  const v = conf.get(key);
  return v !== undefined ? { value: Number(v), from: `${key} ${v}` } : { value: Number(YARN_DEFAULTS[key]), from: `${key} ${YARN_DEFAULTS[key]} (Hadoop's default)` };
}

/** The external shuffle service: the NodeManagers' aux-services name spark_shuffle, or the user enabled it. */
function shuffleService(conf: ConfReader, spark: SourcedMap): ClusterFacts['shuffleService'] {
  const aux = conf.get('yarn.nodemanager.aux-services') ?? '';
  if (aux.split(',').map((s) => s.trim()).includes('spark_shuffle')) return { present: true, from: `yarn.nodemanager.aux-services ${aux}` };
  if (spark.get('spark.shuffle.service.enabled')?.trim().toLowerCase() === 'true') return { present: true, from: `spark.shuffle.service.enabled (${spark.sourceOf('spark.shuffle.service.enabled')})` };
  return { present: false, from: `yarn.nodemanager.aux-services '${aux}' has no spark_shuffle` };
}

/** An --input as a path on the cluster's file system: hdfs://nn/p → /p; relative → under the home directory. */
function hdfsPath(input: string, home: () => Promise<string>): Promise<string> | string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    const u = new URL(input);
    if (u.protocol !== 'hdfs:' && u.protocol !== 'webhdfs:' && u.protocol !== 'viewfs:') throw new UsageError(`--input ${input}: apx reads input sizes from HDFS only`, 'Give an hdfs:// URI or a path on the cluster\'s file system.');
    return decodeURIComponent(u.pathname);
  }
  return input.startsWith('/') ? input : home().then((h) => `${h}/${input}`);
}

async function inputBytes(target: ClusterTarget, inputs: string[]): Promise<number | undefined> {
  if (!inputs.length) return undefined;
  const hdfs = clientsFor(target).hdfs ?? hdfsFor(target);
  if (!hdfs) throw new UsageError('--input needs the cluster\'s file system (WebHDFS), and apx does not know it', 'Set fs.defaultFS in core-site.xml (HADOOP_CONF_DIR) or webhdfs in the cluster profile.');
  let homeDir: Promise<string> | undefined;
  const home = () => (homeDir ??= hdfs.homeDirectory());
  let total = 0;
  for (const input of inputs) {
    const path = await hdfsPath(input, home);
    try {
      total += (await hdfs.contentSummary(path)).length;
    } catch (e) {
      if (e instanceof RemoteError && e.exception === 'FileNotFoundException') throw new UsageError(`--input ${input}: ${path} does not exist on the cluster's file system`, 'Check the path (apx reads its size with WebHDFS GETCONTENTSUMMARY).');
      throw e;
    }
  }
  return total;
}

/**
 * The RM's /conf is where the scheduler's settings are true; behind a gateway that hides it, the
 * local Hadoop configuration (HADOOP_CONF_DIR's yarn-site.xml), then Hadoop's defaults, answer.
 */
async function schedulerConf(target: ClusterTarget, rm: RmClient): Promise<ConfReader> {
  const local: ConfReader = { get: (k) => target.hadoopConf.get(k), from: 'the local Hadoop configuration' };
  if (target.rmApiRoot !== undefined) return local;
  const confXml = await rm.conf();
  if (target.needsClusterConf) applyClusterConf(target, confXml, rm.baseUrl);
  const conf = new HadoopConf({});
  conf.add(parseHadoopXml(confXml, `${rm.baseUrl}/conf`));
  return { get: (k) => conf.get(k) ?? local.get(k), from: `${rm.baseUrl}/conf` };
}

const sum = (rs: Resource[]): Resource => rs.reduce((a, r) => ({ memoryMB: a.memoryMB + r.memoryMB, vcores: a.vcores + r.vcores }), { memoryMB: 0, vcores: 0 });

export async function gatherClusterFacts(target: ClusterTarget, spark: SourcedMap, inputs: string[]): Promise<{ facts: ClusterFacts; queue: string; readFrom: string[] }> {
  const { rm } = clientsFor(target);
  if (target.resourceManagers.length > 1) await rm.findActive();
  const reader = await schedulerConf(target, rm);
  const [schedulerJson, nodesJson] = await Promise.all([rm.scheduler(), rm.nodes()]);
  const nodes = readNodes(nodesJson);
  const total = sum(nodes.map((n) => n.total));
  const queueName = spark.get('spark.yarn.queue') ?? 'default';
  const { queue, maxAllocation } = readQueue(schedulerJson, queueName, total);
  const maxMb = confNumber(reader, 'yarn.scheduler.maximum-allocation-mb');
  const maxV = confNumber(reader, 'yarn.scheduler.maximum-allocation-vcores');
  const maxContainer = maxAllocation ?? { memoryMB: maxMb.value, vcores: maxV.value };
  const minAlloc = confNumber(reader, 'yarn.scheduler.minimum-allocation-mb');
  // The fair scheduler rounds requests up to the increment; the capacity scheduler to the minimum (SchedulerUtils.normalizeRequest).
  const step = queue.scheduler === 'fair' ? confNumber(reader, 'yarn.resource-types.memory-mb.increment-allocation') : minAlloc;
  const bytes = await inputBytes(target, inputs);
  const facts: ClusterFacts = {
    queue, nodes: nodes.map((n) => n.total), available: sum(nodes.map((n) => n.available)),
    maxContainer, maxContainerFrom: maxAllocation ? `the scheduler's maximumAllocation for ${queue.name}` : `${maxMb.from}, ${maxV.from}`,
    allocationStepMB: Math.max(1, step.value), allocationStepFrom: step.from,
    shuffleService: shuffleService(reader, spark),
    ...(bytes !== undefined ? { inputBytes: bytes, inputCount: inputs.length } : {}),
  };
  const readFrom = [`${rm.baseUrl}/ws/v1/cluster/scheduler`, `${rm.baseUrl}/ws/v1/cluster/nodes`, reader.from, ...(inputs.length ? [`GETCONTENTSUMMARY of ${inputs.join(', ')}`] : [])];
  return { facts, queue: queueName, readFrom };
}

/**
 * How long recent applications of this queue waited between submission and their AM's launch
 * (startedTime → launchTime in the RM's reports): the only waiting time the RM tells.
 */
export async function recentWaits(rm: RmClient, queue: string, now = Date.now()): Promise<string> {
  const apps = await rm.list({ queue, states: ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'], startedTimeBegin: now - 24 * 3600_000 }).catch(() => []);
  const waits = apps.filter((a) => a.launchTime > 0 && a.startedTime > 0).sort((a, b) => b.startedTime - a.startedTime).slice(0, 20).map((a) => a.launchTime - a.startedTime).sort((a, b) => a - b);
  if (!waits.length) return `the ResourceManager reports no application of queue ${queue} launched in the last 24 h, so apx cannot say how long a request waits there`;
  const median = waits[Math.floor(waits.length / 2)] as number;
  return `the last ${waits.length} application(s) of queue ${queue} waited ${formatDuration(median)} (median), at most ${formatDuration(waits[waits.length - 1] as number)}, from submission to their AM's launch`;
}

export async function planAutoSize(target: ClusterTarget, spark: SourcedMap, inputs: string[], version?: SparkVersion): Promise<AutoSizeResult> {
  const { facts, queue, readFrom } = await gatherClusterFacts(target, spark, inputs);
  const conf = spark.toMap();
  const plan = autoSize({ facts, conf, sourceOf: (k) => spark.sourceOf(k), am: amResource(conf, version) });
  const wanted = 'fixed' in plan.instances ? plan.instances.fixed : plan.instances.initial;
  if (plan.freeNow < wanted) {
    const waits = await recentWaits(clientsFor(target).rm, facts.queue.name);
    plan.notes.push(`queue ${facts.queue.name} has room for ${plan.freeNow} executor(s) now, fewer than ${wanted}: the application may wait in ACCEPTED; ${waits}.`);
  }
  return { plan, queue, summary: autoSizeSummary(plan, facts.queue.name), readFrom };
}

/** Writes the chosen values into the settings, marked as --auto-size's; the user's own stay as they are. */
export function applyAutoSize(spark: SourcedMap, result: AutoSizeResult): void {
  for (const s of result.plan.settings) if (!s.kept && !spark.has(s.key)) spark.set(s.key, s.value, '--auto-size');
}
