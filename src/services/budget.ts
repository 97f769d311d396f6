/** --reconnect-budget: how long an unreachable ResourceManager is waited for while watching. */
import { UsageError } from '../errors.js';
import { parseTimeMs } from '../spark/java-opts.js';

export function parseBudget(text: string | undefined): number {
  const ms = parseTimeMs(text ?? '2min', 's');
  if (ms === undefined || ms < 0) throw new UsageError(`--reconnect-budget '${text}' is not a duration (e.g. 30s, 2min, 1h)`);
  return ms;
}
