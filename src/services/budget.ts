/** --reconnect-budget: how long an unreachable ResourceManager is waited for while watching. */
import { UsageError } from '../errors.js';
import { parseTimeMs } from '../spark/java-opts.js';

export function parseBudget(text: string | undefined): number {
  const ms = parseTimeMs(text ?? '2min', 's');
  if (ms === undefined || ms < 0) throw new UsageError(`--reconnect-budget '${text}' is not a duration (e.g. 30s, 2min, 1h)`);
  return ms;
}

/** spark.apx.upload.retryBudget: how long a failing upload (a DataNode restarting) is retried. */
export function parseUploadRetryBudget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseTimeMs(text, 's');
  if (ms === undefined || ms < 0) throw new UsageError(`spark.apx.upload.retryBudget '${text}' is not a duration (e.g. 30s, 2min, 5min)`, 'Set it with --conf spark.apx.upload.retryBudget=2min, or leave it out.');
  return ms;
}
