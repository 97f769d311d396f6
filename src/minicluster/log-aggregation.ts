/**
 * The mini cluster's YARN log aggregation (yarn.log-aggregation-enable=true), as recorded in
 * shared/hadoop-3.3.6/aggregated-logs/ (README): the app dir is made (770) when the app starts and
 * stays empty while it runs; once the app ends the NodeManager writes `<node>.tmp`, renames it to the
 * node file (640, owner = app user) a moment later (~3 s on the lab; `delayMillis` here), forgets
 * the app's containers, and the RM's `logAggregationStatus` goes NOT_START → SUCCEEDED.
 * Terminal apps it never saw (seeded history) read SUCCEEDED, like the lab's recovered apps.
 */
import fs from 'node:fs';
import { appLogDirs, type LogDirSettings } from '../aggregated-logs/layout.js';
import { writeNodeFile } from '../aggregated-logs/tfile-writer.js';
import type { ContainerRegistry } from './containers.js';
import type { HdfsStore } from './hdfs-store.js';

export interface LogAggregationOptions {
  /** Run a JobHistoryServer REST API (default true); off, clients must read HDFS themselves. */
  jobHistory?: boolean;
  /** yarn.nodemanager.log-aggregation.compression-type (default none). */
  compression?: 'none' | 'gz';
  /** How long after the app ends the upload completes (default 300 ms; the lab took ~3 s). */
  delayMillis?: number;
  /**
   * The RM's own yarn.log-aggregation-enable is false while the NodeManager aggregates: the report
   * then says DISABLED although the logs are in HDFS (rm-app-report-logagg-disabled-rm-aggregation-off).
   */
  rmSaysDisabled?: boolean;
}

export const MINI_LOG_DIRS: LogDirSettings = { remoteDir: '/tmp/logs', suffix: 'logs' };

export class LogAggregator {
  private readonly pending = new Set<string>();
  /** Containers the NodeManager forgot once their logs were uploaded, with their app's user. */
  readonly forgotten = new Map<string, string>();

  constructor(
    private readonly store: HdfsStore,
    private readonly containers: ContainerRegistry,
    /** The node file's name: the NodeManager's id with ':' → '_'. */
    private readonly nodeFile: string,
    readonly options: LogAggregationOptions = {},
  ) {}

  appDir(appId: string, user: string): string {
    return (appLogDirs(MINI_LOG_DIRS, user, appId)[0] as { dir: string }).dir;
  }

  /** The app dir exists, empty, while the app runs (webhdfs-liststatus-*, recorded during a run). */
  appStarted(appId: string, user: string): void {
    this.pending.add(appId);
    this.store.mkdirs(MINI_LOG_DIRS.remoteDir, 'yarn', '1777');
    this.store.mkdirs(this.appDir(appId, user), user, '770');
  }

  appEnded(appId: string, user: string): void {
    if (!this.pending.has(appId)) return;
    setTimeout(() => this.upload(appId, user), this.options.delayMillis ?? 300).unref();
  }

  status(appId: string, terminal: boolean): 'NOT_START' | 'SUCCEEDED' | 'DISABLED' {
    if (this.options.rmSaysDisabled) return 'DISABLED';
    return terminal && !this.pending.has(appId) ? 'SUCCEEDED' : 'NOT_START';
  }

  private upload(appId: string, user: string): void {
    // The NodeManager writes each container's files sorted by name (AggregatedLogFormat.LogValue).
    const owned = this.containers.ofApp(appId);
    const logs = owned.map((c) => ({ id: c.id, files: [...c.files.keys()].sort().map((name) => ({ name, bytes: Buffer.from(c.files.get(name) ?? '', 'utf8') })) }));
    if (logs.length) {
      const dir = this.appDir(appId, user);
      const tmp = `${dir}/${this.nodeFile}.tmp`;
      const bytes = writeNodeFile(user, logs, this.options.compression ?? 'none');
      const file = this.store.createFile(tmp, user, true, '640');
      if (!file.blob) throw new Error('the mini HDFS made a file without a blob');
      fs.writeFileSync(file.blob, bytes);
      this.store.completeFile(file, bytes.length);
      this.store.rename(tmp, `${dir}/${this.nodeFile}`);
    }
    for (const c of owned) {
      this.forgotten.set(c.id, user);
      this.containers.containers.delete(c.id);
    }
    this.pending.delete(appId);
  }
}

