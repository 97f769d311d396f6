/** NDJSON: one event per line on stdout, each with a timestamp, for machines (`--json`). */
import type { ApxEvent } from '../../monitor/events.js';

export function createJsonReporter(write: (line: string) => void, now: () => Date = () => new Date()): (e: ApxEvent) => void {
  return (e) => {
    // Upload progress is many small events; machines get the per-file result instead.
    if (e.type === 'upload-progress') return;
    write(JSON.stringify({ time: now().toISOString(), ...e }));
  };
}
