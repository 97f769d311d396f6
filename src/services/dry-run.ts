/**
 * The submission apx would send, built without touching the cluster: resources are shown where the
 * cache would put them, with local sizes, and the id and timestamps are placeholders.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterTarget } from '../config/cluster.js';
import type { SourcedMap } from '../config/sourced.js';
import { LOCALIZED_CONF_ARCHIVE, type DistributionPlan } from '../spark/dist-cache.js';
import { appStagingDir, buildSubmissionBody, type ResolvedResource } from '../spark/launch-context.js';
import type { SparkSubmission } from '../spark/submission.js';
import type { DryRunReport } from '../ui/plain/dry-run.js';
import type { KnownSparkVersion } from '../config/spark-version.js';
import { formatSparkVersion } from '../spark/versions.js';
import { loggingConfOf } from './logging-conf.js';
import type { AutoSizeResult } from './auto-size.js';

export function dryRun(sub: SparkSubmission, plan: DistributionPlan, target: ClusterTarget, sparkConf: SourcedMap, known?: KnownSparkVersion, autoSize?: AutoSizeResult, packages?: string[]): DryRunReport {
  const fsUri = target.hadoopConf.get('fs.defaultFS') ?? 'hdfs://<fs.defaultFS from the cluster>';
  const home = `/user/${sub.user}`;
  const cacheRoot = sub.conf.get('spark.apx.cache.dir') ?? `${home}/.apx/cache`;
  const appId = 'application_<id>_<n>';
  const notes: string[] = [
    target.auth
      ? 'Nothing was submitted or uploaded: apx only asked the ResourceManager who your Kerberos ticket is for. Ids, sizes of generated archives and timestamps are placeholders; real ones come from HDFS after upload.'
      : autoSize
        ? 'Nothing was submitted or uploaded (--auto-size only read the cluster). Ids, sizes of generated archives and timestamps are placeholders; real ones come from HDFS after upload.'
        : 'Nothing was sent to the cluster. Ids, sizes of generated archives and timestamps are placeholders; real ones come from HDFS after upload.',
  ];
  if (autoSize) notes.push(`--auto-size read the cluster (GET only, nothing submitted): ${autoSize.readFrom.join(', ')}.`);
  if (target.auth) notes.push("Kerberos: an HDFS and an RM delegation token, renewable by the cluster's yarn.resourcemanager.principal, would be fetched and shipped in am-container-spec.credentials.");
  if (target.needsClusterConf) notes.push(`The cluster's own settings (fs.defaultFS, the RM scheduler address for __hadoop_conf__/yarn-site.xml) would be read from ${target.resourceManagers[0]}/conf.`);
  const resources: ResolvedResource[] = plan.resources.map((r) => {
    const src = r.source;
    const local = src.kind === 'local' ? src.path : undefined;
    const name = local ? path.basename(local) : src.kind === 'spark-home-jars' ? '__spark_libs__.zip' : '';
    const uri = src.kind === 'remote' ? src.uri : `${fsUri}${cacheRoot}/<sha256>/${name}`;
    const size = local && fs.existsSync(local) ? fs.statSync(local).size : 0;
    // Cache entries are PUBLIC by design; a remote file's visibility is only known after a stat.
    return { ...r, uri, size, timestamp: 0, visibility: 'PUBLIC' };
  });
  const stagingDir = `${fsUri}${appStagingDir(sub, home, appId)}`;
  // The keytab goes to the staging dir, never the cache; only its name and size are shown.
  if (sub.amKeytab) {
    resources.push({
      role: 'keytab', source: { kind: 'local', path: sub.amKeytab.path }, link: sub.amKeytab.name, type: 'FILE', appMasterOnly: true,
      uri: `${stagingDir}/${path.basename(sub.amKeytab.path)}`, size: fs.statSync(sub.amKeytab.path).size, timestamp: 0, visibility: 'PRIVATE',
    });
  }
  const body = buildSubmissionBody({
    sub, plan, appId, stagingDirUri: stagingDir, resources,
    confArchive: { uri: `${stagingDir}/${LOCALIZED_CONF_ARCHIVE}`, size: 0, timestamp: 0 },
    hadoopConf: new Map(target.hadoopConf.entries()),
  });
  const hadoopConfFiles = [...target.hadoopConfFiles.keys()].sort();
  const sparkVersion = known ? `Spark ${formatSparkVersion(known.version)} (from ${known.source})` : "Spark 3.5's launch context (version unknown: set --spark-version or spark.apx.sparkVersion)";
  const logging = [...loggingConfOf(sub).keys()];
  if (logging.length) notes.push(`From ${sub.sparkConfDir}, ${logging.join(', ')} would go into __spark_conf__.zip (on the AM's classpath).`);
  return { endpoints: target.sources, sparkConf, body, sparkVersion, notes, hadoopConfFiles, withheldConfFiles: target.withheldConfFiles ?? [], packages, ...(autoSize ? { autoSize: { summary: autoSize.summary, settings: autoSize.plan.settings, notes: autoSize.plan.notes } } : {}) };
}
