/**
 * How `yarn logs` and the JobHistoryServer frame aggregated log files (byte for byte, recorded in
 * shared/hadoop-3.3.6/aggregated-logs/cli/ and ds-jhs-containerlogs-*.http):
 *   Container: <cid> on <node>\nLogAggregationType: AGGREGATED\n<'=' × that line>\n
 *   LogType:<f>\nLogLastModifiedTime:<t>\nLogLength:<full length>\nLogContents:\n<bytes>
 *   \nEnd of LogType:<f>\n<'*' × (len("End of LogType:<f>") + 50)>\n\n
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Java's `EEE MMM dd HH:mm:ss Z yyyy`, in UTC (what the recorded cluster printed: `+0000`). */
export function logTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

export function containerLine(container: string, node: string): string {
  return `Container: ${container} on ${node}`;
}

export function fileHeader(container: string, node: string, file: string, modified: string, length: number): string {
  const line = containerLine(container, node);
  return `${line}\nLogAggregationType: AGGREGATED\n${'='.repeat(line.length)}\nLogType:${file}\nLogLastModifiedTime:${modified}\nLogLength:${length}\nLogContents:\n`;
}

export function fileTrailer(file: string): string {
  const end = `End of LogType:${file}`;
  return `\n${end}\n${'*'.repeat(end.length + 50)}\n\n`;
}

/** Which bytes of a file `--size N` shows: the first N, or with −N the last N (`yarn logs -size`). */
export function sizeWindow(length: number, size: number | undefined): { skip: number; take: number } {
  if (size === undefined) return { skip: 0, take: length };
  if (size >= 0) return { skip: 0, take: Math.min(size, length) };
  const take = Math.min(-size, length);
  return { skip: length - take, take };
}

const pad30 = (s: string) => s.padStart(30);

/** `yarn logs -show_container_log_info` for one container. */
export function containerInfoTable(container: string, node: string, files: { file: string; length: number; modified: string; type?: string }[]): string {
  const line = containerLine(container, node);
  const rows = files.map((f) => [f.file, String(f.length), f.modified, f.type ?? 'AGGREGATED'].map(pad30).join('\t'));
  return [line, '='.repeat(line.length), ['LogFile', 'LogLength', 'LastModificationTime', 'LogAggregationType'].map(pad30).join('\t'), '='.repeat(144), ...rows, ''].join('\n');
}
