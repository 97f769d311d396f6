/**
 * The memory, core and executor-count settings checked before anything is sent, with Spark's own
 * rules: SparkSubmitArguments.validateSubmitArguments (memory and cores positive, executors positive
 * unless dynamic allocation is on), JavaUtils.byteStringAs for sizes, and
 * ExecutorAllocationManager.validateSettings for the dynamic-allocation bounds. YARN would otherwise
 * take the application and fail it (or Spark's AM would), minutes later.
 */
import { UsageError } from '../errors.js';
import { MemoryFormatError, parseMemoryBytes } from './memory.js';
import type { SparkConf } from './submission.js';

/** Sizes that must be above zero (default unit MiB). */
const POSITIVE_MEMORY = ['spark.executor.memory', 'spark.driver.memory', 'spark.yarn.am.memory'];
/** Sizes that may be zero (default unit MiB). */
const OVERHEAD_MEMORY = ['spark.executor.memoryOverhead', 'spark.driver.memoryOverhead', 'spark.yarn.am.memoryOverhead'];
const CORES = ['spark.executor.cores', 'spark.driver.cores', 'spark.yarn.am.cores'];
const DYNAMIC_COUNTS = ['spark.dynamicAllocation.minExecutors', 'spark.dynamicAllocation.initialExecutors', 'spark.dynamicAllocation.maxExecutors'];
/** Names a user typed instead of the key, for the message. */
const FLAG_OF: Record<string, string> = {
  'spark.app.name': '--name', 'spark.yarn.queue': '--queue', 'spark.executor.instances': '--num-executors', 'spark.executor.memory': '--executor-memory',
  'spark.executor.cores': '--executor-cores', 'spark.driver.memory': '--driver-memory', 'spark.driver.cores': '--driver-cores',
};

/** Where a value came from (a flag, --conf, a file and line); undefined when unknown. */
export type SourceOf = (key: string) => string | undefined;

function fail(key: string, value: string, problem: string, sourceOf: SourceOf, hint?: string): never {
  const source = sourceOf(key);
  const what = source !== undefined && source === FLAG_OF[key] ? `${source} '${value}'` : `${key} '${value}'${source ? ` from ${source}` : ''}`;
  throw new UsageError(`${what} ${problem}`, hint);
}

function wholeNumber(conf: SparkConf, key: string, min: number, sourceOf: SourceOf): number | undefined {
  const value = conf.get(key);
  if (value === undefined) return undefined;
  const n = /^\s*[0-9]+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) fail(key, value, `is not a whole number${min > 0 ? ` of at least ${min}` : ''}`, sourceOf, min > 0 ? 'For example 1, 2 or 4.' : 'For example 0, 2 or 10.');
  return n;
}

function size(conf: SparkConf, key: string, positive: boolean, sourceOf: SourceOf): void {
  const value = conf.get(key);
  if (value === undefined) return;
  let bytes: number;
  try {
    bytes = parseMemoryBytes(value, 'm');
  } catch (e) {
    return fail(key, value, (e as MemoryFormatError).message, sourceOf);
  }
  if (positive && bytes <= 0) fail(key, value, 'must be above zero', sourceOf, 'For example 512m or 4g.');
}

/** spark.{executor,driver}.memoryOverheadFactor: a double above 0 (Spark's checkValue on the setting). */
function positiveFactor(conf: SparkConf, key: string, sourceOf: SourceOf): void {
  const value = conf.get(key);
  if (value === undefined) return;
  const n = /^\s*[0-9]*\.?[0-9]+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) fail(key, value, 'is not a number above 0', sourceOf, 'For example 0.1 (10% of the memory) or 0.4.');
}

function notEmpty(conf: SparkConf, key: string, sourceOf: SourceOf): void {
  const value = conf.get(key);
  if (value !== undefined && value.trim() === '') fail(key, value, 'is empty', sourceOf, key === 'spark.yarn.queue' ? 'Name a queue, or leave the setting out for the default queue.' : 'Give it a name, or leave it out.');
}

export function checkResourceSettings(conf: SparkConf, sourceOf: SourceOf = () => undefined): void {
  notEmpty(conf, 'spark.app.name', sourceOf);
  notEmpty(conf, 'spark.yarn.queue', sourceOf);
  for (const key of POSITIVE_MEMORY) size(conf, key, true, sourceOf);
  for (const key of OVERHEAD_MEMORY) size(conf, key, false, sourceOf);
  for (const key of ['spark.executor.memoryOverheadFactor', 'spark.driver.memoryOverheadFactor']) positiveFactor(conf, key, sourceOf);
  for (const key of CORES) wholeNumber(conf, key, 1, sourceOf);
  const dynamic = conf.get('spark.dynamicAllocation.enabled')?.trim().toLowerCase() === 'true';
  wholeNumber(conf, 'spark.executor.instances', dynamic ? 0 : 1, sourceOf);
  const [min, , max] = DYNAMIC_COUNTS.map((key) => wholeNumber(conf, key, key.endsWith('maxExecutors') ? 1 : 0, sourceOf));
  if (min !== undefined && max !== undefined && min > max) {
    fail('spark.dynamicAllocation.minExecutors', String(min), `is above spark.dynamicAllocation.maxExecutors (${max})`, sourceOf);
  }
}
