/** One channel record as a line of text, shared by the plain reporter, `apx messages` and the live view. */
import type { ChannelRecord } from '../../channel/wire.js';

export function formatValue(v: number | string): string {
  return typeof v === 'number' ? String(Number.isInteger(v) ? v : Number(v.toPrecision(6))) : v;
}

export function channelText(r: Omit<ChannelRecord, 'time'>): string {
  switch (r.kind) {
    case 'progress': {
      const pct = typeof r.value === 'number' ? `${Math.round(Math.max(0, Math.min(1, r.value)) * 100)}%` : '';
      return `${r.task ?? 'job'}: ${pct}${r.message ? ` ${r.message}` : ''}`;
    }
    case 'display':
      return `${r.task ?? 'job'}: ${r.message ?? ''}`;
    case 'update':
      return `${r.key ?? '?'} = ${r.value === undefined ? '' : formatValue(r.value)}`;
    case 'ack':
      return `command #${r.command ?? '?'} ${r.name ?? ''} ${r.ok ? 'acknowledged' : 'failed'}${r.message ? `: ${r.message}` : ''}`;
    case 'commands':
      return `accepts commands: ${(r.names ?? []).join(', ') || '(none)'}`;
    case 'coalesced':
      return `(${r.value ?? '?'} progress/update records coalesced: the job wrote faster than the channel carries)`;
    default:
      return `[${r.kind}] ${r.message ?? ''}`;
  }
}

/** The result line printed at the end: every update key's last value. */
export function resultText(result: Record<string, number | string>): string {
  return Object.entries(result).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
}
