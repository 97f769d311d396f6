/**
 * Where YARN's log aggregation puts an application's node files in HDFS (LogAggregationUtils, 3.3):
 * `{remote-app-log-dir}/{user}/bucket-{suffix}-{format}/{bucket}/{appId}/{host_port}`, bucket = the
 * app's sequence number mod 10000 as %04d; readers also look at the pre-bucket layout
 * `{dir}/{user}/{suffix}-{format}/{appId}` (include-older, default true) and the oldest
 * `{dir}/{user}/{suffix}/{appId}`. Recorded: aggregated-logs/README "HDFS layout",
 * webhdfs-liststatus-*.http. While a node file is written it is `<node>.tmp`: readers skip it.
 */

export interface LogDirSettings {
  /** yarn.nodemanager.remote-app-log-dir (default /tmp/logs). */
  remoteDir: string;
  /** yarn.nodemanager.remote-app-log-dir-suffix (default logs). */
  suffix: string;
}

export type LogFormat = 'tfile' | 'ifile';

export function bucketOf(appId: string): string {
  const seq = Number(appId.split('_')[2]);
  return String(seq % 10000).padStart(4, '0');
}

/** Candidate application directories, newest layout first, for each format. */
export function appLogDirs(s: LogDirSettings, user: string, appId: string): { dir: string; format: LogFormat }[] {
  const base = `${s.remoteDir.replace(/\/+$/, '')}/${user}`;
  const out: { dir: string; format: LogFormat }[] = [];
  for (const format of ['tfile', 'ifile'] as const) {
    out.push({ dir: `${base}/bucket-${s.suffix}-${format}/${bucketOf(appId)}/${appId}`, format });
    out.push({ dir: `${base}/${s.suffix}-${format}/${appId}`, format });
  }
  out.push({ dir: `${base}/${s.suffix}/${appId}`, format: 'tfile' });
  return out;
}

/** Node files are complete ones: not `.tmp` (still being written). */
export function isNodeFile(name: string): boolean {
  return !name.endsWith('.tmp');
}
