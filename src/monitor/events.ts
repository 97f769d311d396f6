/**
 * The one event stream between the work (upload, submit, monitor) and every renderer (Ink, plain
 * lines, NDJSON), the exit code and the tests. The JSON schema of these events is documented in
 * README.md ("Machine-readable output").
 */
import { EventEmitter } from 'node:events';
import type { FinalStatus, YarnState } from '../yarn/types.js';
import type { ChannelRecord } from '../channel/wire.js';

export interface SparkJobSummary {
  jobId: number;
  name: string;
  status: string;
  numTasks: number;
  numActiveTasks: number;
  numCompletedTasks: number;
  numFailedTasks: number;
  numActiveStages: number;
  numCompletedStages: number;
  stageIds: number[];
}

export interface SparkStageSummary {
  stageId: number;
  attemptId: number;
  name: string;
  status: string;
  numTasks: number;
  numActiveTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
  inputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  submissionTime?: string;
  completionTime?: string;
}

export type Outcome = 'succeeded' | 'failed' | 'killed' | 'killed-elsewhere' | 'undetermined';

export type ApxEvent =
  /** What apx is busy with before the first upload (reading configuration, hashing files…). */
  | { type: 'activity'; step: 'configuration' | 'packages' | 'hashing' | 'cache'; message: string; files?: number; bytes?: number }
  | { type: 'upload-plan'; files: { name: string; link: string; size: number; cached: boolean }[] }
  | { type: 'upload-progress'; name: string; sent: number; size: number }
  | { type: 'upload-done'; name: string; link: string; size: number; cached: boolean; path: string; visibility: string }
  | { type: 'upload-end'; uploadedBytes: number; reusedBytes: number; files: number; millis: number }
  /** Delegation tokens fetched for a Kerberos cluster (kind and service only: a token is a secret). */
  | { type: 'credentials'; renewer: string; tokens: { kind: string; service: string }[] }
  /** --auto-size's choices: `summary` is the one line a live view shows; each setting says why (with its numbers). */
  | { type: 'auto-size'; summary: string; settings: { key: string; value: string; why: string; kept: boolean }[]; notes: string[] }
  /** `watching` for an application apx attaches to (apx watch); `startedTime` is YARN's (epoch ms), when known. */
  | { type: 'init'; appId: string; name: string; queue: string; user: string; cluster: string; watching?: boolean; startedTime?: number }
  | { type: 'submitted'; appId: string }
  | { type: 'state'; appId: string; state: YarnState; finalStatus: FinalStatus; previous?: YarnState; attempt?: number; diagnostics: string; trackingUrl?: string }
  | { type: 'progress'; appId: string; allocatedMB: number; allocatedVCores: number; runningContainers: number; elapsedMs: number }
  | { type: 'stage'; appId: string; available: true; jobs: SparkJobSummary[]; stages: SparkStageSummary[] }
  | { type: 'stage'; appId: string; available: false; reason: string }
  | { type: 'log'; appId: string; container: string; lines: string[] }
  | { type: 'killing'; appId: string; reason: 'SIGINT' | 'SIGTERM' | 'request' }
  | { type: 'reconnecting'; appId: string; message: string }
  | { type: 'warning'; message: string }
  /** A record of the job's channel (docs/channel.md), each once and in `seq` order; `jobTime`: the record's time on the job's clock (epoch ms). */
  | ({ type: 'message'; appId: string; jobTime: number } & Omit<ChannelRecord, 'time'>)
  | {
      type: 'end'; appId: string; state: YarnState; finalStatus: FinalStatus; outcome: Outcome; diagnostics: string; durationMs: number;
      memorySeconds: number; vcoreSeconds: number; logsUrl?: string; lastLogLines: string[];
      /** The last value of each `update` key the job sent over its channel: what it computed (absent when it sent none). */
      result?: Record<string, number | string>;
    };

/** A typed wrapper over EventEmitter: one `event` channel carrying ApxEvent values (or another stream's). */
export class EventBus<E = ApxEvent> {
  private readonly emitter = new EventEmitter();

  emit(event: E): void {
    this.emitter.emit('event', event);
  }

  on(listener: (event: E) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
