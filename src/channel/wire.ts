/**
 * The channel's wire format (docs/channel.md): one JSON object per line in `apx-channel.ndjson`, in
 * the driver container's log directory. Pure: parsing, and the ledger that turns an at-least-once
 * stream (a follower re-reading after a reconnect, a replay from the start) into each record once.
 */

/** The file the job appends to, under the first of the container's LOG_DIRS. */
export const CHANNEL_FILE = 'apx-channel.ndjson';
/** The line a library prints once on stderr when it opens the channel: the monitor's cue to follow it. */
export const CHANNEL_MARKER = 'apx-channel: writing ';

export type ChannelCategory = 'log' | 'ui' | 'app';
export type ChannelKind = 'info' | 'warn' | 'debug' | 'error' | 'progress' | 'display' | 'update' | 'ack' | 'commands' | 'coalesced';

const KINDS: Record<ChannelKind, ChannelCategory> = {
  info: 'log', warn: 'log', debug: 'log', error: 'log', progress: 'ui', display: 'ui', update: 'app', ack: 'app', commands: 'app', coalesced: 'log',
};

export interface ChannelRecord {
  seq: number;
  /** The job's clock, epoch milliseconds. */
  time: number;
  category: ChannelCategory;
  kind: ChannelKind;
  task?: string;
  key?: string;
  value?: number | string;
  message?: string;
  /** ack: the command's sequence number and name, and whether the handler ran without throwing. */
  command?: number;
  name?: string;
  ok?: boolean;
  /** commands: the names the job registered handlers for. */
  names?: string[];
}

/** One line of the file as a record, or undefined for a line that is not one (a torn write, garbage). */
export function parseRecord(line: string): ChannelRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const kind = o.kind as ChannelKind;
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1 || !(kind in KINDS)) return undefined;
  const r: ChannelRecord = { seq: o.seq as number, time: typeof o.time === 'number' ? o.time : 0, category: KINDS[kind], kind };
  if (typeof o.task === 'string') r.task = o.task;
  if (typeof o.key === 'string') r.key = o.key;
  if (typeof o.value === 'number' || typeof o.value === 'string') r.value = o.value;
  if (typeof o.message === 'string') r.message = o.message;
  if (Number.isSafeInteger(o.command)) r.command = o.command as number;
  if (typeof o.name === 'string') r.name = o.name;
  if (typeof o.ok === 'boolean') r.ok = o.ok;
  if (Array.isArray(o.names)) r.names = o.names.filter((n): n is string => typeof n === 'string');
  return r;
}

/**
 * What has been seen of one application's channel: records pass once, in sequence order (a record
 * at or below the last seq is a replay and is dropped), and the last value of each update key is the
 * application's result.
 */
export class ChannelLedger {
  lastSeq = 0;
  readonly result: Record<string, number | string> = {};
  commands: string[] = [];

  /** The records among `lines` not seen before, in order. */
  accept(lines: string[]): ChannelRecord[] {
    const fresh: ChannelRecord[] = [];
    for (const line of lines) {
      const r = parseRecord(line);
      if (!r || r.seq <= this.lastSeq) continue;
      this.lastSeq = r.seq;
      if (r.kind === 'update' && r.key !== undefined && r.value !== undefined) this.result[r.key] = r.value;
      if (r.kind === 'commands' && r.names) this.commands = r.names;
      fresh.push(r);
    }
    return fresh;
  }
}
