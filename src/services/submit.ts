/**
 * `apx submit` as a service: upload what changed, submit, watch, and stop cleanly. The command layer
 * parses and renders; everything here speaks through the event bus and returns an exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WebHdfsClient } from '../hdfs/webhdfs.js';
import { ClusterError, ConfigError, ExitCode, InterruptedError, UsageError } from '../errors.js';
import { applyClusterConf, type ClusterTarget } from '../config/cluster.js';
import { HashRecord } from '../hdfs/content-hash.js';
import { UploadCache } from '../hdfs/upload-cache.js';
import type { ApxEvent, EventBus } from '../monitor/events.js';
import { bytes as formatBytes } from '../ui/format/units.js';
import { confArchiveEntries, zipEntries } from '../spark/conf-archive.js';
import { LOCALIZED_CONF_ARCHIVE, planDistribution, type DistributionPlan } from '../spark/dist-cache.js';
import { parseTimeMs } from '../spark/java-opts.js';
import { amResource, appStagingDir, buildSubmissionBody, confArchiveProperties, type ResolvedResource } from '../spark/launch-context.js';
import { checkResourceSettings } from '../spark/resource-settings.js';
import { confBool, type SparkSubmission } from '../spark/submission.js';
import type { RmClient } from '../yarn/rm-client.js';
import type { SubmissionBody } from '../yarn/types.js';
import { NetworkError } from '../net/http.js';
import { RemoteError } from '../net/remote-exception.js';
import { clientsFor, hdfsFor, type ClusterClients } from './clients.js';
import { fetchCredentials } from './credentials.js';
import { checkLocalResource, qualify, resolveDependencies, retryUpload } from './dependencies.js';
import { parseUploadRetryBudget } from './budget.js';
import type { SubmitResult } from './exit.js';
import type { AutoSizeResult } from './auto-size.js';
import { followApplication, stopSignalOf } from './follow.js';
import { watchForOldJava } from './java-hint.js';
import { loggingConfOf } from './logging-conf.js';

export interface SubmitRequest {
  submission: SparkSubmission;
  target: ClusterTarget;
  bus: EventBus;
  detach: boolean;
  cwd: string;
  /** Aborted by the first Ctrl-C / SIGTERM; its reason is the signal. */
  signal: AbortSignal;
  record?: HashRecord;
  /** Told the application id as soon as it exists (for the "second Ctrl-C" message). */
  onAppId?: (appId: string) => void;
  /** How long the RM may be unreachable while watching before apx gives up (exit 3). */
  reconnectBudgetMs?: number;
  /** The plan validateSubmission already made (the command makes it for --dry-run too). */
  plan?: DistributionPlan;
  /** What --packages resolved, one line for the upload plan. */
  packages?: string;
  /** --auto-size's choices (already in the submission's settings): announced on the bus for the live view. */
  autoSize?: AutoSizeResult;
}

export type { SubmitResult } from './exit.js';

/**
 * spark.yarn.submit.waitAppCompletion=false makes spark-submit return once the application is
 * submitted (yarn Client, cluster mode): the same as --detach. Spark refuses a non-boolean value.
 */
export function waitsForCompletion(conf: SparkSubmission['conf']): boolean {
  const value = conf.get('spark.yarn.submit.waitAppCompletion')?.trim().toLowerCase();
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`spark.yarn.submit.waitAppCompletion '${conf.get('spark.yarn.submit.waitAppCompletion')}' is not true or false`);
}

/** Everything that can be checked without the cluster, so bad input costs nothing. */
export function validateSubmission(sub: SparkSubmission, cwd: string): DistributionPlan {
  waitsForCompletion(sub.conf);
  parseUploadRetryBudget(sub.conf.get('spark.apx.upload.retryBudget'));
  if (sub.kind === 'jar' && !sub.mainClass) {
    throw new UsageError('no main class: pass --class (the jar\'s manifest names no Main-Class)', 'For example: apx submit --class com.acme.Main app.jar');
  }
  checkResourceSettings(sub.conf);
  amResource(sub.conf, sub.sparkVersion);
  const plan = planDistribution(sub, cwd);
  for (const r of plan.resources) {
    if (r.source.kind === 'local') checkLocalResource(r.source.path, r.role === 'app-jar' || r.role === 'primary-py' ? 'primary resource' : `${r.role} resource`);
  }
  return plan;
}

export async function submitApplication(req: SubmitRequest): Promise<SubmitResult> {
  const { submission: sub, target, bus, signal } = req;
  const plan = req.plan ?? validateSubmission(sub, req.cwd);
  const retryBudgetMs = parseUploadRetryBudget(sub.conf.get('spark.apx.upload.retryBudget'));
  const clients = clientsFor(target);
  if (req.autoSize) bus.emit({ type: 'auto-size', summary: req.autoSize.summary, settings: req.autoSize.plan.settings, notes: req.autoSize.plan.notes });
  bus.emit({ type: 'activity', step: 'configuration', message: `reading the configuration of cluster ${target.name}…` });
  if (target.resourceManagers.length > 1) await clients.rm.findActive();
  if (target.needsClusterConf) {
    if (target.rmApiRoot !== undefined) {
      throw new ConfigError('behind a gateway apx cannot read the cluster\'s /conf, and no Hadoop configuration names fs.defaultFS and the scheduler address', 'Give the profile the cluster\'s client configuration: apx cluster add NAME --from-hadoop-conf DIR --rm GATEWAY --gateway PATH.');
    }
    applyClusterConf(target, await clients.rm.conf(), clients.rm.baseUrl);
  }
  const defaultFs = target.hadoopConf.get('fs.defaultFS');
  const hdfs = clients.hdfs ?? hdfsFor(target);
  if (!hdfs || !defaultFs) {
    throw new ConfigError('apx does not know the cluster\'s file system (fs.defaultFS / WebHDFS address)', 'Set fs.defaultFS in core-site.xml (HADOOP_CONF_DIR) or webhdfs in the cluster profile.');
  }
  const home = await hdfs.homeDirectory();
  // Before any upload: a cluster that cannot give tokens fails here, with nothing left behind.
  const tokens = target.auth ? await fetchCredentials(target, { rm: clients.rm, hdfs }) : undefined;
  if (tokens) bus.emit({ type: 'credentials', renewer: tokens.renewer, tokens: tokens.tokens });
  const cache = new UploadCache(hdfs, sub.conf.get('spark.apx.cache.dir') ?? `${home}/.apx/cache`);
  if (req.packages) bus.emit({ type: 'activity', step: 'packages', message: req.packages });
  bus.emit(hashingActivity(plan));
  const resolved = await resolveDependencies(plan.resources, { hdfs, cache, record: req.record ?? new HashRecord(), defaultFs, bus, signal, retryBudgetMs })
    .catch((e: unknown) => {
      if (signal.aborted) throw new InterruptedError('interrupted during upload: nothing was submitted, temporary files were removed', stopSignalOf(signal));
      throw e;
    });
  if (signal.aborted) throw new InterruptedError('interrupted before submission: nothing was submitted', stopSignalOf(signal));

  const app = await clients.rm.newApplication();
  const appId = app['application-id'];
  const am = amResource(sub.conf, sub.sparkVersion);
  const max = app['maximum-resource-capability'];
  if (am.memoryMiB + am.overheadMiB > max.memory) {
    throw new ConfigError(`the AM needs ${am.memoryMiB}+${am.overheadMiB} MB, above this cluster's maximum container size (${max.memory} MB)`, "Lower --driver-memory, or ask for a larger yarn.scheduler.maximum-allocation-mb.");
  }
  const stagingDir = appStagingDir(sub, home, appId);
  const cleanStaging = async () => {
    if (!confBool(sub.conf, 'spark.yarn.preserve.staging.files', false)) await hdfs.delete(stagingDir, true).catch(() => false);
  };
  try {
    await hdfs.mkdirs(stagingDir, '700');
    // Never through the (PUBLIC, shared) upload cache: the keys stay in the app's 700 staging dir.
    if (sub.amKeytab) resolved.push(await uploadKeytab(hdfs, sub.amKeytab, stagingDir, defaultFs));
    const archivePath = `${stagingDir}/${LOCALIZED_CONF_ARCHIVE}`;
    const hadoopConf = target.hadoopConf.entries();
    for (const [k, v] of sub.conf) if (k.startsWith('spark.hadoop.')) hadoopConf.push([k.slice('spark.hadoop.'.length), v]);
    const archive = await zipEntries(confArchiveEntries({
      rootFiles: loggingConfOf(sub),
      hadoopConfFiles: target.hadoopConfFiles,
      hadoopConf,
      ...confArchiveProperties(sub, plan, resolved, qualify(defaultFs, archivePath)),
    }));
    await retryUpload(LOCALIZED_CONF_ARCHIVE, { bus, signal, retryBudgetMs }, () => hdfs.create(archivePath, archive, { overwrite: true, permission: '644', length: archive.length }));
    const archiveStatus = await hdfs.stat(archivePath);
    if (!archiveStatus) throw new ClusterError(`the configuration archive ${archivePath} vanished after upload`);
    const body = buildSubmissionBody({
      sub, plan, appId, stagingDirUri: qualify(defaultFs, stagingDir), resources: resolved,
      confArchive: { uri: qualify(defaultFs, archivePath), size: archiveStatus.length, timestamp: archiveStatus.modificationTime },
      hadoopConf: new Map(hadoopConf),
    });
    if (tokens) body['am-container-spec'].credentials = tokens.credentials;
    if (signal.aborted) throw new InterruptedError('interrupted before submission: nothing was submitted', stopSignalOf(signal));
    bus.emit({ type: 'init', appId, name: body['application-name'], queue: body.queue ?? 'default', user: sub.user, cluster: target.name });
    await submitOnce(clients.rm, body);
  } catch (e) {
    await cleanStaging();
    throw e;
  }
  req.onAppId?.(appId);
  bus.emit({ type: 'submitted', appId });
  const stopJavaHint = watchForOldJava(bus, sub.sparkVersion);
  const result = await watchSubmitted(req, clients, appId).finally(stopJavaHint);
  // A detached app still needs its staging dir (its AM localizes from it; Spark's AM removes it at
  // the end). A watched one is over: remove it, whatever the outcome.
  if (result.outcome) await cleanStaging();
  return result;
}

/**
 * Client.prepareLocalResources: distribute(keytab, destName = amKeytabFileName, appMasterOnly = true):
 * copied into the staging dir under its own name (copyFileToRemote), localized for the AM only under
 * the random name. Spark leaves it 644 inside the 700 dir; apx makes it 600 (the AM runs as its owner).
 */
async function uploadKeytab(hdfs: WebHdfsClient, keytab: NonNullable<SparkSubmission['amKeytab']>, stagingDir: string, defaultFs: string): Promise<ResolvedResource> {
  const data = fs.readFileSync(keytab.path);
  const dest = `${stagingDir}/${path.basename(keytab.path)}`;
  await hdfs.create(dest, data, { overwrite: true, permission: '600', length: data.length });
  const status = await hdfs.stat(dest);
  if (!status) throw new ClusterError(`the keytab copy ${dest} vanished after upload`);
  return {
    role: 'keytab', source: { kind: 'local', path: keytab.path }, link: keytab.name, type: 'FILE', appMasterOnly: true,
    uri: qualify(defaultFs, dest), size: status.length, timestamp: status.modificationTime, visibility: 'PRIVATE',
  };
}

/** What the first seconds of a big submit are spent on: reading (hashing) the local files. */
/** Said before the cache look-ups: a file whose hash apx remembers is looked up, a new one is hashed while it uploads. */
function hashingActivity(plan: DistributionPlan): ApxEvent {
  const sizes = plan.resources.flatMap((r) => (r.source.kind === 'local' ? [fs.statSync(r.source.path).size] : []));
  const bytes = sizes.reduce((a, n) => a + n, 0);
  return { type: 'activity', step: 'hashing', message: `checking ${sizes.length} local file(s) (${formatBytes(bytes)}) against the upload cache…`, files: sizes.length, bytes };
}

async function watchSubmitted(req: SubmitRequest, clients: ClusterClients, appId: string): Promise<SubmitResult> {
  const { bus, signal, submission: sub } = req;
  if (req.detach || !waitsForCompletion(sub.conf)) {
    await waitUntilAccepted(clients.rm, appId, signal);
    if (!signal.aborted) return { appId, exitCode: ExitCode.Success };
  }
  const intervalMs = parseTimeMs(sub.conf.get('spark.yarn.report.interval') ?? '1s') ?? 1000;
  return followApplication({ appId, clients, bus, signal, intervalMs, onInterrupt: 'kill', reconnectBudgetMs: req.reconnectBudgetMs });
}

/**
 * YARN accepts a duplicate id silently, so a submission whose answer was lost is not simply sent
 * again: first ask whether the application exists, and resend only if it does not.
 */
async function submitOnce(rm: RmClient, body: SubmissionBody): Promise<void> {
  const appId = body['application-id'];
  for (let attempt = 1; ; attempt++) {
    try {
      await rm.submit(body);
      return;
    } catch (e) {
      if (!(e instanceof NetworkError) || attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 500 * attempt));
      const exists = await rm.report(appId).then(() => true, (err: unknown) => (err instanceof RemoteError && err.exception === 'NotFoundException' ? false : Promise.reject(err)));
      if (exists) return;
    }
  }
}

async function waitUntilAccepted(rm: RmClient, appId: string, signal: AbortSignal): Promise<void> {
  for (let i = 0; i < 600 && !signal.aborted; i++) {
    const r = await rm.report(appId);
    if (!['NEW', 'NEW_SAVING', 'SUBMITTED'].includes(r.state)) return;
    await new Promise((res) => setTimeout(res, 100));
  }
}
