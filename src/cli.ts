/**
 * apx's entry point: the command definitions (the one source for --help, the completions and the man
 * page), lazy loading of each command's module so `apx kill` never loads React, and the one place
 * where errors are printed and turned into exit codes.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { currentProfile } from './config/profile-store.js';
import { ExitCode, isApxError } from './errors.js';
import { reportError, writeErrorEvent } from './error-report.js';

export const VERSION = '0.1.0';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** What --help says about this user's setup (left out of the man page and completions, which are generic). */
export interface HelpContext {
  /** The profile a command uses without --cluster, and why: "APX_CLUSTER" or "apx cluster use". */
  defaultCluster?: { name: string; from: string };
}

/** The top-level help's epilogue: what the exit code tells a script (README "Exit codes"), and where the manual is. */
const EXIT_CODES_HELP = `
Exit codes:
  0    the application FINISHED/SUCCEEDED (with --detach: it was accepted); other commands: done
  1    the application FAILED
  2    usage or configuration error: nothing was submitted
  3    the cluster is unreachable or refused the request
  4    authentication or authorization failure
  5    the application was KILLED by someone else
  6    the application ended without a final status apx could interpret
  70   an internal error in apx (APX_DEBUG=1 shows the stack trace)
  130  interrupted (Ctrl-C): a submitted application was killed; 143 for SIGTERM

See man apx for the whole manual.`;

export function buildProgram(help: HelpContext = {}): Command {
  const clusterOption = () => clusterOptionFor(help);
  const program = new Command('apx')
    .description('Submit Apache Spark applications to Hadoop YARN and watch them live.')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    // Set before the subcommands are added, so they inherit it: usage errors become exit 2, printed once.
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`apx: ${str.replace(/^error: /, '')}`) })
    .addHelpText('after', EXIT_CODES_HELP);

  program
    .command('submit')
    .description('Submit a Spark application in yarn-cluster mode and watch it to the end (spark-submit\'s flags).')
    .argument('<primary-resource>', 'the application: a .jar or .py file, or an hdfs:/local: URI')
    .argument('[app-args...]', 'arguments for the application, passed on untouched')
    .passThroughOptions()
    .option('--class <main-class>', "the application's main class (jar apps)")
    .option('--name <name>', 'the application name (spark.app.name)')
    .option('--queue <queue>', 'the YARN queue (spark.yarn.queue)')
    .option('--num-executors <n>', 'number of executors (spark.executor.instances)')
    .option('--executor-memory <mem>', 'memory per executor, e.g. 4g (spark.executor.memory)')
    .option('--executor-cores <n>', 'cores per executor (spark.executor.cores)')
    .option('--driver-memory <mem>', 'memory for the driver/AM, e.g. 2g (spark.driver.memory)')
    .option('--driver-cores <n>', 'cores for the driver/AM (spark.driver.cores)')
    .option('-c, --conf <key=value>', 'a Spark setting (repeatable)', collect, [])
    .option('--properties-file <file>', 'read Spark settings from this file instead of spark-defaults.conf')
    .option('--jars <jars>', 'comma-separated jars for the driver and executor classpaths')
    .option('--files <files>', 'comma-separated files to place in each container (file#alias)')
    .option('--archives <archives>', 'comma-separated archives to unpack in each container (archive#alias)')
    .option('--py-files <files>', 'comma-separated .py, .zip or .egg files for PYTHONPATH')
    .option('--driver-java-options <opts>', 'extra JVM options for the driver/AM (spark.driver.extraJavaOptions; this flag wins over --conf)')
    .option('--driver-class-path <path>', 'extra classpath entries for the driver/AM, colon-separated (spark.driver.extraClassPath)')
    .option('--driver-library-path <path>', 'extra native library path for the driver/AM (spark.driver.extraLibraryPath)')
    .option('--packages <coordinates>', 'comma-separated Maven coordinates groupId:artifactId:version, resolved with their runtime dependencies and shipped like --jars (spark.jars.packages)')
    .option('--repositories <urls>', 'comma-separated extra Maven repositories for --packages (credentials come from ~/.m2/settings.xml, never the command line)')
    .option('--exclude-packages <list>', 'comma-separated groupId:artifactId left out of --packages resolution (spark.jars.excludes)')
    .option('--proxy-user <user>', 'submit as this user (Hadoop proxy user: doAs=USER on every request; the cluster must allow it)')
    .option('--principal <principal>', 'Kerberos principal to log in with on the cluster, with --keytab (spark.kerberos.principal; spark.yarn.principal on Spark 2.4)')
    .option('--keytab <file>', 'keytab for --principal, shipped to the AM so the application outlives its delegation tokens (spark.kerberos.keytab, spark.yarn.keytab on Spark 2.4; never printed)')
    .option('--master <master>', 'only yarn is supported')
    .option('--deploy-mode <mode>', 'only cluster is supported')
    .option('--spark-version <x.y.z>', "the cluster's Spark release, 2.4 to 4.x (spark.apx.sparkVersion; default: from $SPARK_HOME)")
    .option('--java-home <path>', 'JAVA_HOME on the nodes for the AM and executors, e.g. a Java 17 for Spark 4')
    .option('--auto-size', "choose executor count, cores, memory and shuffle partitions from the queue, the nodes and the input's size (your own flags and --conf win)")
    .option('--input <path>', 'with --auto-size: an HDFS path the application reads, to size it by (repeatable)', collect, [])
    .addOption(new Option('--supervise').hideHelp())
    .addOption(new Option('--total-executor-cores <n>').hideHelp())
    .addOption(new Option('--kill <submission-id>').hideHelp())
    .addOption(new Option('--status <submission-id>').hideHelp())
    .addOption(new Option('--remote <url>').hideHelp())
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--detach', 'return once YARN has accepted the application, printing its id')
    .option('--dry-run', 'print the resolved settings and the full submission (and the Hadoop configuration files shipped or left out) without touching the cluster')
    .option('--json', 'NDJSON events on stdout')
    .option('--plain', 'plain timestamped lines on stderr, even on a terminal')
    .option('--reconnect-budget <time>', 'how long the ResourceManager may be unreachable while watching before apx gives up', '2min')
    .option('-v, --verbose', 'more detail (all driver log lines in plain mode; Hadoop configuration files left out of __spark_conf__.zip)')
    .action(async (primary: string, appArgs: string[], opts, cmd: Command) => {
      const { runSubmit } = await import('./commands/submit.js');
      process.exitCode = await runSubmit(primary, appArgs, opts, cmd);
    });

  program
    .command('watch')
    .description('Attach the live view to an application already on the cluster, until it ends.')
    .argument('<app-id>', 'the YARN application id')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--kill-on-exit', 'kill the application on Ctrl-C instead of leaving it running')
    .option('--interval <time>', 'how often to poll, e.g. 1s, 500ms', '1s')
    .option('--reconnect-budget <time>', 'how long the ResourceManager may be unreachable before apx gives up', '2min')
    .option('--json', 'NDJSON events on stdout')
    .option('--plain', 'plain timestamped lines on stderr')
    .option('-v, --verbose', 'all driver log lines in plain mode')
    .action(async (appId: string, opts) => {
      const { runWatch } = await import('./commands/watch.js');
      process.exitCode = await runWatch(appId, opts);
    });

  program
    .command('kill')
    .description('Kill applications and wait until YARN confirms (exit 0 only if every kill held).')
    .argument('<app-id...>', 'one or more YARN application ids')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--no-wait', 'send the kill and return without waiting for KILLED')
    .option('--timeout <time>', 'how long to wait for YARN to confirm, e.g. 60s', '60s')
    .option('--json', 'one JSON object per application on stdout')
    .action(async (appIds: string[], opts) => {
      const { runKill } = await import('./commands/kill.js');
      process.exitCode = await runKill(appIds, opts);
    });

  program
    .command('status')
    .description('Show an application: state, final status, queue, user, times, tracking URL, resources, diagnostics.')
    .argument('<app-id>', 'the YARN application id')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--json', 'the full YARN application report as JSON')
    .action(async (appId: string, opts) => {
      const { runStatus } = await import('./commands/status.js');
      process.exitCode = await runStatus(appId, opts);
    });

  program
    .command('top')
    .description("The cluster live: running applications with their resources and Spark progress, the cluster's and each queue's capacity.")
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--queue <queue>', 'only applications in this queue')
    .option('--user <user>', 'only applications of this user')
    .option('--state <state>', 'only in this state (repeatable, or comma-separated; default: every state not yet ended)', collect, [])
    .addOption(new Option('--sort <column>', 'the column to sort by (s cycles, r reverses in the view)').choices(['memory', 'vcores', 'containers', 'queuePct', 'elapsed', 'progress', 'id', 'user', 'queue', 'state', 'name']).default('memory'))
    .option('--interval <time>', 'how often to refresh, e.g. 2s, 500ms', '2s')
    .option('--spark-per-interval <n>', 'at most this many Spark UIs asked for progress per interval, in rotation', '2')
    .option('--plain', 'print one snapshot as text (on a terminal too)')
    .option('--json', 'print one snapshot as a JSON object')
    .option('--watch', 'with --plain or --json: a snapshot every interval until Ctrl-C')
    .addHelpText('after', '\nKeys in the view: ↑/↓ select, s next sort column, r reverse, / filter (user:NAME queue:NAME state:STATE or text; Esc clears),\nk kill the selected application (asks y/N), l its logs (any key comes back), q quit.')
    .action(async (opts) => {
      const { runTop } = await import('./commands/top.js');
      process.exitCode = await runTop(opts);
    });

  program
    .command('list')
    .description('List applications, newest first.')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--state <state>', 'only in this state (repeatable, or comma-separated)', collect, [])
    .option('--user <user>', 'only of this user')
    .option('--queue <queue>', 'only in this queue')
    .option('--type <type>', 'only of this application type, e.g. SPARK (repeatable)', collect, [])
    .option('--tag <tag>', 'only with this tag (repeatable)', collect, [])
    .option('--limit <n>', 'at most this many')
    .option('--since <when>', 'only started since: a duration (2h, 1d) or a date')
    .option('--json', 'the reports as a JSON array')
    .action(async (opts) => {
      const { runList } = await import('./commands/list.js');
      process.exitCode = await runList(opts);
    });

  program
    .command('logs')
    .description("Print an application's logs: a running one's from the NodeManager, a finished one's aggregated logs (JobHistoryServer or HDFS), framed like yarn logs.")
    .argument('<app-id>', 'the YARN application id')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--file <name>', 'only this log file, or files matching a pattern like std.* (repeatable; default: stderr while running, every file once aggregated)', collect)
    .option('--container <id>', 'only this container (repeatable; default: the AM while running, every container once aggregated)', collect)
    .option('--all', 'every container of a running application, not only the AM (a finished one shows all anyway)')
    .option('--node <host:port>', 'only containers that ran on this node')
    .option('--am <n>', 'only the AM container of attempt n: 1, 2,3, -1 (the latest) or ALL (finished applications)')
    .option('--size <bytes>', 'only the first N bytes of each file, or with -N the last N')
    .option('--list', 'list the containers with their node and log files (name, length, time) instead of printing them')
    .option('--json', 'one JSON record per log file (with --list: per container) on stdout')
    .option('--wait <time>', 'how long to wait while YARN is still aggregating a finished application\'s logs', '2min')
    .option('-f, --follow', 'keep printing new lines until the application ends')
    .action(async (appId: string, opts) => {
      const { runLogs } = await import('./commands/logs.js');
      process.exitCode = await runLogs(appId, opts);
    });

  program
    .command('send')
    .description("Send a command to a running job's channel handler (onCommand) and wait for its acknowledgement (exit 0 acknowledged, 1 refused, 6 not acknowledged).")
    .argument('<app-id>', 'the YARN application id')
    .argument('<command>', 'the command name the job registered, e.g. stop')
    .argument('[payload]', 'text handed to the handler as data')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('--timeout <time>', 'how long to wait for the acknowledgement', '30s')
    .option('--staging-dir <path>', "the application's HDFS staging dir, when spark.yarn.stagingDir moved it")
    .option('--json', 'the outcome as one JSON object')
    .action(async (appId: string, command: string, payload: string | undefined, opts) => {
      const { runSend } = await import('./commands/send.js');
      process.exitCode = await runSend(appId, command, payload, opts);
    });

  program
    .command('messages')
    .description("Replay a job's channel messages (logs, progress, updates, acknowledgements) from the start, each once, in order.")
    .argument('<app-id>', 'the YARN application id')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .option('-f, --follow', 'keep printing new messages until the application ends')
    .option('--json', 'NDJSON message events on stdout, then the result')
    .action(async (appId: string, opts) => {
      const { runMessages } = await import('./commands/messages.js');
      process.exitCode = await runMessages(appId, opts);
    });

  const channel = program.command('channel').description("The job channel's libraries (docs/channel.md).");
  channel
    .command('jar')
    .description('Copy the JVM library (apx-channel.jar, Java 8 bytecode) into DIR for your build; compile against it as provided: apx ships it with every submission.')
    .argument('[dir]', 'where to put it', '.')
    .action(async (dir: string) => {
      const { runChannelJar } = await import('./commands/channel.js');
      process.exitCode = runChannelJar(dir);
    });

  const cluster = program.command('cluster').description('Manage named cluster profiles (kept with mode 0600; never secrets).');
  cluster
    .command('add')
    .description('Add or replace a cluster profile.')
    .argument('<name>', 'the profile name')
    .option('--rm <urls>', 'ResourceManager web address(es), comma-separated for HA')
    .option('--webhdfs <urls>', 'WebHDFS (NameNode HTTP) address(es), comma-separated for HA')
    .option('--user <user>', 'the user for simple authentication')
    .addOption(new Option('--auth <kind>', 'simple (user.name), kerberos (SPNEGO with your kinit ticket; delegation tokens shipped) or basic (a gateway)').choices(['simple', 'kerberos', 'basic']))
    .option('--ca-file <file>', 'a CA bundle to trust for https')
    .option('--password-file <file>', 'for --auth basic: a file holding the password (else APX_PASSWORD, or a prompt)')
    .option('--gateway <path>', "the base path of an Apache Knox-style gateway at the --rm address, e.g. /gateway/prod")
    .option('--jobhistory <url>', "the JobHistoryServer serving finished applications' aggregated logs, e.g. http://jhs:19888 (else from yarn.log.server.web-service.url)")
    .option('--queue <queue>', 'the default queue')
    .option('-c, --conf <key=value>', 'a default Spark setting (repeatable)', collect, [])
    .option('--from-hadoop-conf <dir>', 'take the addresses from a Hadoop client configuration directory')
    .action(async (name: string, opts) => {
      const { runClusterAdd } = await import('./commands/cluster.js');
      process.exitCode = await runClusterAdd(name, opts);
    });
  cluster
    .command('list')
    .description('List the profiles; * marks the current one.')
    .option('--json', 'as JSON')
    .action(async (opts) => {
      const { runClusterList } = await import('./commands/cluster.js');
      process.exitCode = runClusterList(opts);
    });
  cluster
    .command('use')
    .description('Make a profile the default for every command.')
    .argument('<name>', 'the profile name')
    .action(async (name: string) => {
      const { runClusterUse } = await import('./commands/cluster.js');
      process.exitCode = await runClusterUse(name);
    });
  cluster
    .command('show')
    .description('Show a profile (secrets redacted).')
    .argument('<name>', 'the profile name')
    .option('--json', 'as JSON')
    .action(async (name: string, opts) => {
      const { runClusterShow } = await import('./commands/cluster.js');
      process.exitCode = runClusterShow(name, opts);
    });
  cluster
    .command('remove')
    .description('Remove a profile.')
    .argument('<name>', 'the profile name')
    .action(async (name: string) => {
      const { runClusterRemove } = await import('./commands/cluster.js');
      process.exitCode = await runClusterRemove(name);
    });

  program
    .command('completion')
    .description('Print the shell completion script (bash, zsh or fish).')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { completionScript } = await import('./completion/scripts.js');
      process.stdout.write(completionScript(shell, buildProgram()));
    });

  program
    .command('__complete', { hidden: true })
    .description('Print completion candidates (used by the completion scripts).')
    .argument('<what>', 'clusters | apps')
    .addOption(clusterOption())
    .addOption(insecureOption())
    .action(async (what: string, opts) => {
      const { runComplete } = await import('./completion/dynamic.js');
      process.exitCode = await runComplete(what, opts);
    });

  program
    .command('minicluster')
    .description('Run the embedded mini cluster (ResourceManager, NodeManager, NameNode, DataNode) until Ctrl-C.')
    .option('--rm-port <port>', 'ResourceManager port (default: any free port)')
    .option('--nm-port <port>', 'NodeManager port')
    .option('--namenode-port <port>', 'NameNode (WebHDFS) port')
    .option('--datanode-port <port>', 'DataNode port')
    .addOption(new Option('--anonymous', "accept requests without user.name as dr.who (Hadoop's default)"))
    .option('--log-aggregation', "move finished applications' logs to HDFS as YARN does, with a JobHistoryServer serving them")
    .option('--no-jobhistory', 'with --log-aggregation: no JobHistoryServer (clients read HDFS)')
    .action(async (opts) => {
      const { runMiniCluster } = await import('./commands/minicluster.js');
      process.exitCode = await runMiniCluster(opts);
    });

  return program;
}

export { reportError } from './error-report.js';

/** Whether the command that ran (or failed to parse) was given --json: it was parsed into its options. */
function wantsJson(cmd: Command): boolean {
  return cmd.commands.some((sub) => sub.opts().json === true || wantsJson(sub));
}

/** The profile commands use by default, for --help (cheap: one small JSON file, read only for help). */
function helpContext(argv: string[], env: NodeJS.ProcessEnv): HelpContext {
  if (!argv.some((a) => a === '--help' || a === '-h' || a === 'help')) return {};
  if (env.APX_CLUSTER) return { defaultCluster: { name: env.APX_CLUSTER, from: '$APX_CLUSTER' } };
  const current = currentProfile(env);
  return current ? { defaultCluster: { name: current, from: 'apx cluster use' } } : {};
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram(helpContext(argv.slice(2), process.env));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : ExitCode.Usage;
      if (e.exitCode !== 0 && wantsJson(program)) writeErrorEvent(e.message.replace(/^error: /, ''), ExitCode.Usage);
      return;
    }
    process.exitCode = reportError(e);
    if (wantsJson(program)) writeErrorEvent(isApxError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`, process.exitCode, isApxError(e) ? e.hint : undefined);
  }
}

/** The options of every command that talks to a cluster, said the same way everywhere. */
function clusterOptionFor(help: HelpContext): Option {
  const d = help.defaultCluster;
  return new Option('--cluster <name>', d ? `cluster profile to use (default: ${d.name}, from ${d.from})` : 'cluster profile to use (default: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)');
}

function insecureOption(): Option {
  return new Option('--insecure', 'do not verify TLS certificates (warns every time; never the default)');
}
