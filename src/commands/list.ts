/** `apx list`: applications on the cluster, filtered like `yarn application -list`. */
import { ExitCode, UsageError } from '../errors.js';
import { clientsFor } from '../services/clients.js';
import { listApplications } from '../services/list.js';
import { resolveTarget } from '../services/target.js';
import { parseTimeMs } from '../spark/java-opts.js';
import { formatAppTable } from '../ui/plain/app-table.js';
import { YARN_STATES } from '../yarn/types.js';

export interface ListOptions {
  cluster?: string;
  insecure?: boolean;
  state: string[];
  user?: string;
  queue?: string;
  type: string[];
  tag: string[];
  limit?: string;
  since?: string;
  json?: boolean;
}

/** --since 2h / 30min / 1d, or a date (2026-11-24, 2026-11-24T03:00). */
export function parseSince(text: string, now = Date.now()): number {
  const ago = parseTimeMs(text.replace(/^(\d+)$/, '$1s'));
  if (ago !== undefined && ago >= 0) return now - ago;
  const at = Date.parse(text);
  if (!Number.isNaN(at)) return at;
  throw new UsageError(`--since '${text}' is neither a duration (2h, 30min, 1d) nor a date (2026-11-24T03:00)`);
}

export async function runList(opts: ListOptions): Promise<number> {
  const states = opts.state.flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const bad = states.find((s) => !(YARN_STATES as readonly string[]).includes(s));
  if (bad) throw new UsageError(`--state '${bad}' is not a YARN state`, `One of ${YARN_STATES.join(', ')}.`);
  const limit = opts.limit === undefined ? undefined : Number(opts.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit '${opts.limit}' is not a positive whole number`);
  const since = opts.since ? parseSince(opts.since) : undefined;
  const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
  try {
    const apps = await listApplications(clientsFor(target).rm, {
      states, user: opts.user, queue: opts.queue, applicationTypes: opts.type, applicationTags: opts.tag, limit, startedTimeBegin: since,
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(apps)}\n`);
    else process.stdout.write(formatAppTable(apps, process.stdout.columns || Number(process.env.COLUMNS) || 120));
    return ExitCode.Success;
  } finally {
    await target.close();
  }
}
