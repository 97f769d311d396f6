/** From a typed SubmitSpec to the SparkSubmission the CLI's flags produce, by the same rules and errors. */
import type { ClusterTarget } from '../config/cluster.js';
import { UNKNOWN_SPARK_VERSION_WARNING, sparkVersionOf } from '../config/spark-version.js';
import { UsageError } from '../errors.js';
import type { EventBus } from '../monitor/events.js';
import { mainClassOfJar } from '../services/jar-manifest.js';
import { packageSummary, resolveSparkPackages } from '../services/packages.js';
import { resolveDependencyLists } from '../services/remote-deps.js';
import { buildSubmission, checkMasterAndMode, checkSparkResources, resolveSparkConf, type SubmitFlags } from '../services/submission-config.js';
import { validateSubmission } from '../services/submit.js';
import type { DistributionPlan } from '../spark/dist-cache.js';
import { classify } from '../spark/dist-cache.js';
import type { SparkSubmission } from '../spark/submission.js';
import type { Environment, SubmitSpec } from './types.js';

function text(v: number | string | undefined, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') throw new UsageError(`${what} must be a number or a string, not ${JSON.stringify(v)}`);
  return String(v);
}

function list(v: string[] | undefined, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`${what} must be an array of strings`);
  return v.length ? v.join(',') : undefined;
}

/** The CLI's flags for this spec (spark-submit's names and mapping live in submission-config.ts). */
export function flagsOf(spec: SubmitSpec): SubmitFlags {
  if (typeof spec?.resource !== 'string' || !spec.resource) throw new UsageError('submit needs `resource`: the application jar or .py file', "For example: client.submit({ resource: 'build/etl.jar', mainClass: 'com.acme.Etl' })");
  const conf = Object.entries(spec.conf ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return {
    class: spec.mainClass, name: spec.name, queue: spec.queue,
    numExecutors: text(spec.numExecutors, 'numExecutors'), executorMemory: text(spec.executorMemory, 'executorMemory'),
    executorCores: text(spec.executorCores, 'executorCores'), driverMemory: text(spec.driverMemory, 'driverMemory'),
    driverCores: text(spec.driverCores, 'driverCores'), conf, propertiesFile: spec.propertiesFile,
    jars: list(spec.jars, 'jars'), files: list(spec.files, 'files'), archives: list(spec.archives, 'archives'), pyFiles: list(spec.pyFiles, 'pyFiles'),
    sparkVersion: spec.sparkVersion, javaHome: spec.javaHome,
  };
}

export interface PreparedSubmission {
  submission: SparkSubmission;
  plan: DistributionPlan;
  /** Removes dependencies downloaded for this submission. */
  cleanup: () => void;
  /** What spark.jars.packages resolved to (the CLI's --packages), one line for the upload plan. */
  packages?: string;
}

/** What `apx submit` does before the first request: resolve settings, download remote deps, check it all. */
export async function prepareSubmission(spec: SubmitSpec, target: ClusterTarget, env: Environment, cwd: string, bus: EventBus, signal: AbortSignal): Promise<PreparedSubmission> {
  const flags = flagsOf(spec);
  const args = spec.args ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new UsageError('args must be an array of strings');
  const sparkConf = resolveSparkConf(flags, target, env);
  checkMasterAndMode(flags, sparkConf);
  checkSparkResources(sparkConf);
  // spark.jars.packages (conf or spark-defaults) resolves as with `apx submit`: its jars ship like --jars.
  const packages = await resolveSparkPackages(sparkConf, classify(spec.resource, cwd).path.endsWith('.py'), env, signal);
  const deps = await resolveDependencyLists(sparkConf, cwd, signal);
  try {
    const primary = classify(spec.resource, cwd);
    if (!flags.class && primary.scheme === 'file' && !primary.path.endsWith('.py')) flags.class = await mainClassOfJar(primary.path, spec.resource);
    const submission = buildSubmission(spec.resource, args, flags, sparkConf, target, env, cwd);
    const plan = validateSubmission(submission, cwd);
    if (!sparkVersionOf(sparkConf, env)) bus.emit({ type: 'warning', message: UNKNOWN_SPARK_VERSION_WARNING });
    return { submission, plan, cleanup: deps.cleanup, packages: packages && packageSummary(packages) };
  } catch (e) {
    deps.cleanup();
    throw e;
  }
}
