/** `apx submit`: parse, resolve, pick a renderer, call the submit service. Nothing else lives here. */
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import type { ClusterTarget } from '../config/cluster.js';
import type { SourcedMap } from '../config/sourced.js';
import type { AutoSizeResult } from '../services/auto-size.js';
import { EventBus } from '../monitor/events.js';
import { Interrupts } from '../services/interrupt.js';
import { mainClassOfJar } from '../services/jar-manifest.js';
import { resolveDependencyLists, unquotedGlobWarning } from '../services/remote-deps.js';
import { submitApplication, validateSubmission } from '../services/submit.js';
import { buildSubmission, checkMasterAndMode, checkSparkResources, checkYarnOnlyFlags, resolveSparkConf, type SubmitFlags } from '../services/submission-config.js';
import { applyProxyUser, keytabLoginFromFlags } from '../services/submit-identity.js';
import { packageJson, packageLines, packageSummary, resolveSparkPackages } from '../services/packages.js';
import { resolveTarget } from '../services/target.js';
import { dryRun } from '../services/dry-run.js';
import { classify } from '../spark/dist-cache.js';
import { attachRenderer } from '../ui/attach.js';
import { commandSender } from '../services/channel.js';
import { outputMode } from '../ui/mode.js';
import { formatDryRun, formatWithheld } from '../ui/plain/dry-run.js';
import { parseBudget } from '../services/budget.js';
import { UNKNOWN_SPARK_VERSION_WARNING, sparkVersionOf } from '../config/spark-version.js';

interface SubmitOptions extends SubmitFlags {
  cluster?: string;
  insecure?: boolean;
  reconnectBudget?: string;
  detach?: boolean;
  dryRun?: boolean;
  json?: boolean;
  plain?: boolean;
  autoSize?: boolean;
  input?: string[];
}

export async function runSubmit(primary: string, appArgs: string[], opts: SubmitOptions, _cmd: Command): Promise<number> {
  const env = process.env;
  const cwd = process.cwd();
  checkYarnOnlyFlags(opts);
  const globWarning = unquotedGlobWarning(opts.jars, primary, appArgs, cwd);
  if (globWarning) process.stderr.write(`apx: warning: ${globWarning}\n`);
  // Which mini cluster is used is said once the submission is known to be valid, just before it goes.
  let miniNotice: string | undefined;
  const keytabLogin = keytabLoginFromFlags(opts, cwd);
  const target = await resolveTarget(opts.cluster, env, { allowEmbeddedMini: true, insecure: opts.insecure, announce: (line) => (miniNotice = line), keytabLogin });
  const cleanups: (() => void)[] = [];
  try {
    applyProxyUser(opts, target);
    const sparkConf = resolveSparkConf(opts, target, env);
    checkMasterAndMode(opts, sparkConf);
    checkSparkResources(sparkConf);
    const autoSized = await autoSizeIfAsked(opts, target, sparkConf, env);
    // Ctrl-C while downloading: stop, remove the downloads, submit nothing.
    const downloading = new Interrupts(() => process.exit(ExitCode.Interrupted)).install();
    const packages = await resolveSparkPackages(sparkConf, classify(primary, cwd).path.endsWith('.py'), env, downloading.signal).catch((e: unknown) => {
      downloading.dispose();
      throw e;
    });
    const deps = await resolveDependencyLists(sparkConf, cwd, downloading.signal).finally(() => downloading.dispose());
    cleanups.push(deps.cleanup);
    const primaryPath = classify(primary, cwd);
    const flags = { ...opts };
    if (!flags.class && primaryPath.scheme === 'file' && !primaryPath.path.endsWith('.py')) flags.class = await mainClassOfJar(primaryPath.path, primary);
    const submission = buildSubmission(primary, appArgs, flags, sparkConf, target, env, cwd);
    const plan = validateSubmission(submission, cwd);
    const knownVersion = sparkVersionOf(sparkConf, env);
    if (!knownVersion) process.stderr.write(`apx: warning: ${UNKNOWN_SPARK_VERSION_WARNING}\n`);
    if (opts.dryRun) {
      const report = dryRun(submission, plan, target, sparkConf, knownVersion, autoSized, packages && packageLines(packages));
      process.stdout.write(opts.json ? `${JSON.stringify({ cluster: Object.fromEntries(report.endpoints.entries()), spark: Object.fromEntries(report.sparkConf.entries()), submission: report.body, sparkVersion: report.sparkVersion, notes: report.notes, hadoopConfFiles: report.hadoopConfFiles, withheldConfFiles: report.withheldConfFiles, packages: packages && packageJson(packages), ...(report.autoSize ? { autoSize: report.autoSize } : {}) }, null, 2)}\n` : formatDryRun(report));
      return ExitCode.Success;
    }
    const withheld = target.withheldConfFiles ?? [];
    if (opts.verbose && withheld.length) process.stderr.write(`not shipped in __spark_conf__.zip (secrets no Spark AM reads):\n${formatWithheld(withheld).join('\n')}\n`);
    const reconnectBudgetMs = parseBudget(opts.reconnectBudget);
    if (opts.verbose && packages?.artifacts.length) process.stderr.write(`packages:\n${packageLines(packages).map((l) => `  ${l}`).join('\n')}\n`);
    if (miniNotice) process.stderr.write(`apx: ${miniNotice}\n`);
    const mode = outputMode(opts);
    const bus = new EventBus();
    const renderer = await attachRenderer(bus, mode, { verbose: opts.verbose, sendCommand: commandSender(target) });
    let appId: string | undefined;
    const interrupts = new Interrupts(() => {
      process.stderr.write(appId ? `\napx: exiting now; ${appId} may still be running. Kill it with: apx kill ${appId}\n` : '\napx: exiting now.\n');
      process.exit(ExitCode.Interrupted);
    }).install();
    try {
      const result = await submitApplication({ submission, target, bus, detach: !!opts.detach, cwd, signal: interrupts.signal, onAppId: (id) => (appId = id), reconnectBudgetMs, plan, packages: packages && packageSummary(packages), autoSize: autoSized });
      await renderer.close();
      if (result.appId && mode !== 'json') process.stdout.write(`${result.appId}\n`);
      return result.exitCode;
    } finally {
      interrupts.dispose();
      await renderer.close();
    }
  } finally {
    cleanups.forEach((c) => c());
    await target.close();
  }
}

/** --auto-size: read the cluster, choose, and write the chosen values into the settings (the user's stay). */
async function autoSizeIfAsked(opts: SubmitOptions, target: ClusterTarget, sparkConf: SourcedMap, env: NodeJS.ProcessEnv): Promise<AutoSizeResult | undefined> {
  if (!opts.autoSize) {
    if (opts.input?.length) throw new UsageError('--input is read only by --auto-size', 'Add --auto-size, or leave --input out.');
    return undefined;
  }
  const { applyAutoSize, planAutoSize } = await import('../services/auto-size.js');
  const result = await planAutoSize(target, sparkConf, opts.input ?? [], sparkVersionOf(sparkConf, env)?.version);
  applyAutoSize(sparkConf, result);
  checkSparkResources(sparkConf);
  return result;
}
