/** `apx status` as a readable summary. */
import { TERMINAL_STATES, type AppReport } from '../../yarn/types.js';
import { duration } from '../format/units.js';

function when(ms: number, now: number): string {
  if (!ms) return '-';
  const d = new Date(ms);
  const iso = `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 8)}`;
  return `${iso} (${duration(now - ms)} ago)`;
}

export function formatStatus(r: AppReport, now = Date.now()): string {
  const ended = TERMINAL_STATES.has(r.state);
  const rows: [string, string][] = [
    ['state', `${r.state} (final status ${r.finalStatus})`],
    ['queue', r.queue],
    ['user', r.user],
    ['type', `${r.applicationType}${r.applicationTags ? `, tags ${r.applicationTags}` : ''}`],
    ['started', when(r.startedTime, now)],
    ['finished', ended ? when(r.finishedTime, now) : '-'],
    ['elapsed', duration(r.elapsedTime)],
    ['tracking URL', r.trackingUrl ?? '-'],
    ['resources', `${ended ? '' : `${Math.max(0, r.runningContainers)} container(s), ${Math.max(0, r.allocatedMB)} MB, ${Math.max(0, r.allocatedVCores)} vcores now; `}${r.memorySeconds} MB-seconds, ${r.vcoreSeconds} vcore-seconds`],
    ['AM logs', r.amContainerLogs ?? '-'],
  ];
  const out = [`${r.id}  ${r.name}`, ...rows.map(([k, v]) => `  ${k.padEnd(13)}${v}`)];
  if (r.diagnostics) out.push(`  ${'diagnostics'.padEnd(13)}${r.diagnostics.split('\n').join(`\n  ${' '.repeat(13)}`)}`);
  return `${out.join('\n')}\n`;
}
