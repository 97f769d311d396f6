/** man/apx.1, generated from the command definitions plus the sections no flag describes. */
import type { Command } from 'commander';
import { allCommands, commandSpec, type CommandSpec, type OptionSpec } from './model.js';

/** roff escapes; non-ASCII typography becomes its roff name or plain ASCII (troff warns otherwise). */
function esc(s: string): string {
  return s
    .replace(/\\/g, '\\e')
    .replace(/^([.'])/gm, '\\&$1')
    .replace(/-/g, '\\-')
    .replace(/…/g, '...')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\x00-\x7f]/g, '?');
}

function synopsis(c: CommandSpec): string {
  const args = c.args.map((a) => `${a.required ? '\\fI' : '[\\fI'}${esc(a.name)}${a.variadic ? '...' : ''}\\fR${a.required ? '' : ']'}`).join(' ');
  return `\\fBapx ${esc(c.path.join(' '))}\\fR [\\fIoptions\\fR]${args ? ` ${args}` : ''}`;
}

function option(o: OptionSpec): string {
  const flags = [o.short, o.long].filter(Boolean).map((f) => `\\fB${esc(f as string)}\\fR`).join(', ');
  const value = o.takesValue ? ` \\fI${o.choices?.length ? o.choices.join('|') : 'value'}\\fR` : '';
  const dflt = o.defaultValue !== undefined ? ` (default: ${esc(o.defaultValue)})` : '';
  return `.TP\n${flags}${value}\n${esc(o.description)}${dflt}`;
}

const EXIT = [
  ['0', 'the application FINISHED with final status SUCCEEDED (or, with \\-\\-detach, was accepted); a command other than submit/watch did what was asked'],
  ['1', 'the application FAILED, or FINISHED with final status FAILED'],
  ['2', 'usage or configuration error: nothing was submitted'],
  ['3', 'the cluster is unreachable or refused the request (including an unknown application id)'],
  ['4', 'authentication or authorization failure'],
  ['5', 'the application was KILLED by someone else'],
  ['6', 'the application ended without a final status apx could interpret'],
  ['70', 'an internal error in apx'],
  ['130', 'interrupted (Ctrl\\-C); a submitted application was killed (apx watch: detached)'],
  ['143', 'terminated (SIGTERM); a submitted application was killed'],
];

const ENV = [
  ['HADOOP_CONF_DIR, YARN_CONF_DIR', 'the Hadoop client configuration (*\\-site.xml), also shipped to the ApplicationMaster'],
  ['SPARK_HOME, SPARK_CONF_DIR', 'where spark\\-defaults.conf and the logging configuration are; SPARK_HOME/jars is shipped once (cached) when the cluster has no spark.yarn.archive; SPARK_HOME/RELEASE tells the Spark version unless \\-\\-spark\\-version or spark.apx.sparkVersion does'],
  ['SPARK_PREFER_IPV6', 'true: the ApplicationMaster prefers IPv6 (Spark 3.4 and later), as with spark\\-submit'],
  ['PYSPARK_ARCHIVES_PATH', 'pyspark.zip and py4j for PySpark applications'],
  ['HADOOP_USER_NAME', 'the user for simple authentication (not used with Kerberos: the ticket says who you are)'],
  ['APX_PASSWORD, APX_PASSWORD_FILE', 'the password for HTTP basic auth (a gateway), or a file holding it; never a flag'],
  ['KRB5CCNAME, KRB5_CONFIG', 'the Kerberos ticket cache and configuration a \\-\\-auth kerberos profile uses (as kinit and klist do)'],
  ['APX_CLUSTER', 'the default cluster profile'],
  ['APX_RM_URL, APX_WEBHDFS_URL', 'ResourceManager and WebHDFS addresses (comma\\-separated for HA), overriding the XML'],
  ['APX_CONFIG_DIR', 'where cluster profiles are kept (default ~/.config/apx)'],
  ['XDG_CACHE_HOME', 'where apx remembers content hashes of local files (default ~/.cache/apx)'],
  ['APX_MINICLUSTER_STATE', 'the state file through which \\-\\-cluster mini finds a running apx minicluster'],
  ['APX_DEBUG', 'print stack traces of internal errors'],
  ['CI, NO_COLOR, FORCE_COLOR', 'plain output in CI; colour control'],
];

export function manPage(program: Command, version: string, date: string): string {
  const root = commandSpec(program);
  const out: string[] = [
    `.TH APX 1 "${date}" "apx ${version}" "User Commands"`,
    '.SH NAME',
    'apx \\- submit Apache Spark applications to Hadoop YARN and watch them live',
    '.SH SYNOPSIS',
    ...allCommands(root).filter((c) => c.subcommands.length === 0).map((c) => `${synopsis(c)}\n.br`),
    '.SH DESCRIPTION',
    esc('apx submits Spark applications in yarn-cluster mode from any machine with Node.js, without a JVM or a Spark or Hadoop client install. It reads spark-submit\'s flags, spark-defaults.conf and the Hadoop XML configuration, builds the ApplicationMaster launch context Spark 3.5\'s YARN client builds, uploads dependencies to HDFS only when their content changed, and shows the application\'s progress live. Ctrl-C kills the application and waits until YARN confirms it. Human output goes to standard error, results to standard output.'),
    '.SH COMMANDS',
  ];
  for (const c of allCommands(root)) {
    out.push(`.SS ${esc(`apx ${c.path.join(' ')}`)}`, esc(c.description));
    for (const a of c.args) out.push(`.TP\n\\fI${esc(a.name)}\\fR${a.variadic ? '...' : ''}\n${esc(a.description)}${a.choices ? ` (${esc(a.choices.join(', '))})` : ''}`);
    for (const o of c.options) out.push(option(o));
  }
  out.push(
    '.SH CONFIGURATION',
    esc('Settings are layered, later over earlier: built-in defaults; spark-defaults.conf (or --properties-file); $HADOOP_CONF_DIR/*-site.xml; the cluster profile; the environment; command-line flags (--conf, then the dedicated flags). apx submit --dry-run shows every value with its source.'),
    '.SH FILES',
    '.TP\n\\fI~/.config/apx/config.json\\fR\nCluster profiles (mode 0600; never secrets).',
    '.TP\n\\fI~/.cache/apx/content\\-hashes.json\\fR\nContent hashes of local files, so unchanged files are not re\\-read.',
    '.TP\n\\fI/user/<user>/.apx/cache/<sha256>/<name>\\fR (HDFS)\nThe shared, content\\-addressed dependency cache.',
    '.SH ENVIRONMENT',
    ...ENV.map(([k, v]) => `.TP\n\\fB${k}\\fR\n${v}`),
    '.SH EXIT STATUS',
    ...EXIT.map(([k, v]) => `.TP\n\\fB${k}\\fR\n${v}`),
    '.SH EXAMPLES',
    '.nf',
    esc('apx submit --class com.acme.Etl --num-executors 8 build/etl.jar 2026-11-01'),
    esc('apx submit --cluster prod --queue etl --conf spark.yarn.maxAppAttempts=1 job.py in.csv'),
    esc('apx submit --dry-run --class com.acme.Etl build/etl.jar'),
    esc('apx list --state RUNNING --queue etl'),
    esc('apx watch application_1795488074976_0001'),
    esc('apx kill application_1795488074976_0001'),
    esc('apx cluster add prod --from-hadoop-conf /etc/hadoop/conf'),
    esc('apx minicluster'),
    '.fi',
    '.SH SEE ALSO',
    '\\fBspark\\-submit\\fR(1), \\fByarn\\fR(1)',
    '',
  );
  return out.join('\n');
}
