/**
 * The ResourceManager's life across restarts with work-preserving recovery, as recorded on Hadoop
 * 3.3.6 (test/fixtures/hadoop-3.3.6/rm-restart/README.md): down (connection refused), then a short
 * window in which the RM answers but has not reloaded its applications yet — cluster info says
 * `"state":"STARTED","haState":"INITIALIZING"` (rm-cluster-info-initializing.http) and every known
 * application is a 404 (rm-app-report-during-recovery.http) — then back with its applications.
 */
export class RmLifecycle {
  private initializingUntil = 0;
  private restarted = false;

  constructor(public startedOn: number) {}

  /**
   * ResourceManager.clusterTimeStamp: the start time, set again when the RM starts its active services
   * (ResourceManager.startActiveServices), which ends the INITIALIZING window. Recorded: cluster info's
   * id is the start time while INITIALIZING (rm-cluster-info-initializing.http), the report's clusterId
   * a later one after recovery (rm-app-report-after-recovery.http). New application ids carry it.
   */
  get clusterTimestamp(): number {
    if (!this.restarted || this.recovering) return this.startedOn;
    return this.initializingUntil;
  }

  /** INITIALIZING until recovery has loaded the applications; ACTIVE after. */
  get haState(): 'ACTIVE' | 'INITIALIZING' {
    return Date.now() < this.initializingUntil ? 'INITIALIZING' : 'ACTIVE';
  }

  get recovering(): boolean {
    return this.haState === 'INITIALIZING';
  }

  /** The daemon listens again: a new start time (the recording's id and startedOn), then `initializingMs` of recovery. */
  startedAgain(initializingMs: number): void {
    this.startedOn = Date.now();
    this.initializingUntil = this.startedOn + initializingMs;
    this.restarted = true;
  }
}
