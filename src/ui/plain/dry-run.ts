/** `apx submit --dry-run`: every resolved setting with where it came from, and the full submission. */
import type { WithheldConfFile } from '../../config/conf-secrets.js';
import type { SourcedMap } from '../../config/sourced.js';
import type { SubmissionBody } from '../../yarn/types.js';

export interface DryRunReport {
  endpoints: SourcedMap;
  sparkConf: SourcedMap;
  body: SubmissionBody;
  /** "Spark 3.4.1 (from $SPARK_HOME/RELEASE)": whose launch context the body is. */
  sparkVersion?: string;
  notes: string[];
  /** Files of HADOOP_CONF_DIR shipped in __spark_conf__/__hadoop_conf__/, and those left out (secrets). */
  hadoopConfFiles: string[];
  withheldConfFiles: WithheldConfFile[];
  /** --packages resolved: one line each, "coordinate → link name  (repository; via the asked-for coordinate)". */
  packages?: string[];
  /** --auto-size's choices, each with the numbers it came from. */
  autoSize?: { summary: string; settings: { key: string; value: string; why: string; kept: boolean }[]; notes: string[] };
}

/** The files left out of __spark_conf__.zip and why: names and reasons only, never contents. */
export function formatWithheld(withheld: WithheldConfFile[]): string[] {
  const w = Math.min(40, Math.max(...withheld.map((f) => f.name.length)));
  return withheld.map((f) => `  ${f.name.padEnd(w)}  ${f.reason}`);
}

function table(rows: [string, string, string][]): string[] {
  const w0 = Math.min(48, Math.max(...rows.map((r) => r[0].length)));
  const w1 = Math.min(60, Math.max(...rows.map((r) => r[1].length)));
  return rows.map(([k, v, s]) => `  ${k.padEnd(w0)}  ${v.padEnd(w1)}  (${s})`);
}

export function formatDryRun(r: DryRunReport): string {
  const out: string[] = ['Cluster:'];
  out.push(...table(r.endpoints.entries().map(([k, v]) => [k, v.value, v.source])));
  out.push('', 'Spark settings (later sources override earlier: spark-defaults.conf < profile < --conf < flags):');
  const spark = r.sparkConf.entries();
  out.push(...(spark.length ? table(spark.map(([k, v]) => [k, v.value, v.source])) : ['  (none)']));
  if (r.autoSize) out.push('', ...formatAutoSize(r.autoSize));
  if (r.packages) out.push('', `Packages (resolved with their runtime dependencies, shipped as jars):`, ...(r.packages.length ? r.packages.map((l) => `  ${l}`) : ['  (nothing to ship)']));
  const spec = r.body['am-container-spec'];
  if (r.sparkVersion) out.push('', `Launch context for: ${r.sparkVersion}`);
  out.push('', 'AM command:', `  ${spec.commands.command}`, '', 'AM environment:');
  for (const { key, value } of spec.environment.entry) out.push(`  ${key}=${value}`);
  out.push('', 'Local resources:');
  for (const { key, value } of spec['local-resources'].entry) out.push(`  ${key}  ${value.type} ${value.visibility}  ${value.resource}  (${value.size} bytes)`);
  out.push('', `Hadoop configuration in __spark_conf__/__hadoop_conf__/: ${r.hadoopConfFiles.length ? r.hadoopConfFiles.join(', ') : "yarn-site.xml and core-site.xml, generated from the ResourceManager's /conf"}`);
  if (r.withheldConfFiles.length) out.push('Left out (secrets no Spark AM reads):', ...formatWithheld(r.withheldConfFiles));
  out.push('', `AM resource: ${r.body.resource.memory} MB, ${r.body.resource.vCores} vcore(s); queue ${r.body.queue}; type ${r.body['application-type']}`);
  if (r.notes.length) out.push('', 'Notes:', ...r.notes.map((n) => `  - ${n}`));
  out.push('', 'Submission (POST /ws/v1/cluster/apps):', JSON.stringify(r.body, null, 2), '');
  return out.join('\n');
}

/** Each chosen value and why, the numbers included; the user's own values marked as kept. */
export function formatAutoSize(a: NonNullable<DryRunReport['autoSize']>): string[] {
  const out = [`Auto-size: ${a.summary}`];
  for (const s of a.settings) out.push(`  ${s.key} = ${s.value}${s.kept ? '  (yours, kept)' : ''}`, `      why: ${s.why}`);
  for (const n of a.notes) out.push(`  note: ${n}`);
  return out;
}
