#compdef apx
# zsh completion for apx (generated from apx's command definitions by `apx completion`; do not edit)

_apx() {
  local line state
  _arguments -C \
    '(--version -V)'{--version,-V}'[output the version number]' \
    '1: :->cmd' '*::arg:->args'
  case $state in
    cmd) _describe command "('submit:Submit a Spark application in yarn-cluster mode and watch it to the end (spark-submit'\''s flags).' 'watch:Attach the live view to an application already on the cluster, until it ends.' 'kill:Kill applications and wait until YARN confirms (exit 0 only if every kill held).' 'status:Show an application\: state, final status, queue, user, times, tracking URL, resources, diagnostics.' 'top:The cluster live\: running applications with their resources and Spark progress, the cluster'\''s and each queue'\''s capacity.' 'list:List applications, newest first.' 'logs:Print an application'\''s logs\: a running one'\''s from the NodeManager, a finished one'\''s aggregated logs (JobHistoryServer or HDFS), framed like yarn logs.' 'send:Send a command to a running job'\''s channel handler (onCommand) and wait for its acknowledgement (exit 0 acknowledged, 1 refused, 6 not acknowledged).' 'messages:Replay a job'\''s channel messages (logs, progress, updates, acknowledgements) from the start, each once, in order.' 'channel:The job channel'\''s libraries (docs/channel.md).' 'cluster:Manage named cluster profiles (kept with mode 0600; never secrets).' 'completion:Print the shell completion script (bash, zsh or fish).' 'minicluster:Run the embedded mini cluster (ResourceManager, NodeManager, NameNode, DataNode) until Ctrl-C.')" ;;
    args) case $line[1] in
      submit) _apx_submit ;;
      watch) _apx_watch ;;
      kill) _apx_kill ;;
      status) _apx_status ;;
      top) _apx_top ;;
      list) _apx_list ;;
      logs) _apx_logs ;;
      send) _apx_send ;;
      messages) _apx_messages ;;
      channel) _apx_channel ;;
      cluster) _apx_cluster ;;
      completion) _apx_completion ;;
      minicluster) _apx_minicluster ;;
    esac ;;
  esac
}

_apx_submit() {
  _arguments \
    '--class[the application'\''s main class (jar apps)]:value: ' \
    '--name[the application name (spark.app.name)]:value: ' \
    '--queue[the YARN queue (spark.yarn.queue)]:value: ' \
    '--num-executors[number of executors (spark.executor.instances)]:value: ' \
    '--executor-memory[memory per executor, e.g. 4g (spark.executor.memory)]:value: ' \
    '--executor-cores[cores per executor (spark.executor.cores)]:value: ' \
    '--driver-memory[memory for the driver/AM, e.g. 2g (spark.driver.memory)]:value: ' \
    '--driver-cores[cores for the driver/AM (spark.driver.cores)]:value: ' \
    '(--conf -c)'{--conf,-c}'[a Spark setting (repeatable)]:value: ' \
    '--properties-file[read Spark settings from this file instead of spark-defaults.conf]:file:_files' \
    '--jars[comma-separated jars for the driver and executor classpaths]:file:_files' \
    '--files[comma-separated files to place in each container (file#alias)]:file:_files' \
    '--archives[comma-separated archives to unpack in each container (archive#alias)]:file:_files' \
    '--py-files[comma-separated .py, .zip or .egg files for PYTHONPATH]:file:_files' \
    '--driver-java-options[extra JVM options for the driver/AM (spark.driver.extraJavaOptions; this flag wins over --conf)]:value: ' \
    '--driver-class-path[extra classpath entries for the driver/AM, colon-separated (spark.driver.extraClassPath)]:value: ' \
    '--driver-library-path[extra native library path for the driver/AM (spark.driver.extraLibraryPath)]:value: ' \
    '--packages[comma-separated Maven coordinates groupId\:artifactId\:version, resolved with their runtime dependencies and shipped like --jars (spark.jars.packages)]:value: ' \
    '--repositories[comma-separated extra Maven repositories for --packages (credentials come from ~/.m2/settings.xml, never the command line)]:value: ' \
    '--exclude-packages[comma-separated groupId\:artifactId left out of --packages resolution (spark.jars.excludes)]:value: ' \
    '--proxy-user[submit as this user (Hadoop proxy user\: doAs=USER on every request; the cluster must allow it)]:value: ' \
    '--principal[Kerberos principal to log in with on the cluster, with --keytab (spark.kerberos.principal; spark.yarn.principal on Spark 2.4)]:value: ' \
    '--keytab[keytab for --principal, shipped to the AM so the application outlives its delegation tokens (spark.kerberos.keytab, spark.yarn.keytab on Spark 2.4; never printed)]:value: ' \
    '--master[only yarn is supported]:value: ' \
    '--deploy-mode[only cluster is supported]:value: ' \
    '--spark-version[the cluster'\''s Spark release, 2.4 to 4.x (spark.apx.sparkVersion; default\: from $SPARK_HOME)]:value: ' \
    '--java-home[JAVA_HOME on the nodes for the AM and executors, e.g. a Java 17 for Spark 4]:value: ' \
    '--auto-size[choose executor count, cores, memory and shuffle partitions from the queue, the nodes and the input'\''s size (your own flags and --conf win)]' \
    '--input[with --auto-size\: an HDFS path the application reads, to size it by (repeatable)]:value: ' \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--detach[return once YARN has accepted the application, printing its id]' \
    '--dry-run[print the resolved settings and the full submission (and the Hadoop configuration files shipped or left out) without touching the cluster]' \
    '--json[NDJSON events on stdout]' \
    '--plain[plain timestamped lines on stderr, even on a terminal]' \
    '--reconnect-budget[how long the ResourceManager may be unreachable while watching before apx gives up]:value: ' \
    '(--verbose -v)'{--verbose,-v}'[more detail (all driver log lines in plain mode; Hadoop configuration files left out of __spark_conf__.zip)]' \
    '1:primary-resource:_files' \
    '*:app-args: '
}

_apx_watch() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--kill-on-exit[kill the application on Ctrl-C instead of leaving it running]' \
    '--interval[how often to poll, e.g. 1s, 500ms]:value: ' \
    '--reconnect-budget[how long the ResourceManager may be unreachable before apx gives up]:value: ' \
    '--json[NDJSON events on stdout]' \
    '--plain[plain timestamped lines on stderr]' \
    '(--verbose -v)'{--verbose,-v}'[all driver log lines in plain mode]' \
    '1:app-id:(${(f)"$(apx __complete apps 2>/dev/null)"})'
}

_apx_kill() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--no-wait[send the kill and return without waiting for KILLED]' \
    '--timeout[how long to wait for YARN to confirm, e.g. 60s]:value: ' \
    '--json[one JSON object per application on stdout]' \
    '*:app-id:(${(f)"$(apx __complete apps 2>/dev/null)"})'
}

_apx_status() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--json[the full YARN application report as JSON]' \
    '1:app-id:(${(f)"$(apx __complete apps 2>/dev/null)"})'
}

_apx_top() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--queue[only applications in this queue]:value: ' \
    '--user[only applications of this user]:value: ' \
    '--state[only in this state (repeatable, or comma-separated; default\: every state not yet ended)]:state:(NEW NEW_SAVING SUBMITTED ACCEPTED RUNNING FINISHED FAILED KILLED)' \
    '--sort[the column to sort by (s cycles, r reverses in the view)]:value:(memory vcores containers queuePct elapsed progress id user queue state name)' \
    '--interval[how often to refresh, e.g. 2s, 500ms]:value: ' \
    '--spark-per-interval[at most this many Spark UIs asked for progress per interval, in rotation]:value: ' \
    '--plain[print one snapshot as text (on a terminal too)]' \
    '--json[print one snapshot as a JSON object]' \
    '--watch[with --plain or --json\: a snapshot every interval until Ctrl-C]'
}

_apx_list() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--state[only in this state (repeatable, or comma-separated)]:state:(NEW NEW_SAVING SUBMITTED ACCEPTED RUNNING FINISHED FAILED KILLED)' \
    '--user[only of this user]:value: ' \
    '--queue[only in this queue]:value: ' \
    '--type[only of this application type, e.g. SPARK (repeatable)]:value: ' \
    '--tag[only with this tag (repeatable)]:value: ' \
    '--limit[at most this many]:value: ' \
    '--since[only started since\: a duration (2h, 1d) or a date]:value: ' \
    '--json[the reports as a JSON array]'
}

_apx_logs() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--file[only this log file, or files matching a pattern like std.* (repeatable; default\: stderr while running, every file once aggregated)]:value: ' \
    '--container[only this container (repeatable; default\: the AM while running, every container once aggregated)]:value: ' \
    '--all[every container of a running application, not only the AM (a finished one shows all anyway)]' \
    '--node[only containers that ran on this node]:value: ' \
    '--am[only the AM container of attempt n\: 1, 2,3, -1 (the latest) or ALL (finished applications)]:value: ' \
    '--size[only the first N bytes of each file, or with -N the last N]:value: ' \
    '--list[list the containers with their node and log files (name, length, time) instead of printing them]' \
    '--json[one JSON record per log file (with --list\: per container) on stdout]' \
    '--wait[how long to wait while YARN is still aggregating a finished application'\''s logs]:value: ' \
    '(--follow -f)'{--follow,-f}'[keep printing new lines until the application ends]' \
    '1:app-id:(${(f)"$(apx __complete apps 2>/dev/null)"})'
}

_apx_send() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '--timeout[how long to wait for the acknowledgement]:value: ' \
    '--staging-dir[the application'\''s HDFS staging dir, when spark.yarn.stagingDir moved it]:value: ' \
    '--json[the outcome as one JSON object]' \
    '1:app-id:(${(f)"$(apx __complete apps 2>/dev/null)"})' \
    '2:command: ' \
    '3:payload: '
}

_apx_messages() {
  _arguments \
    '--cluster[cluster profile to use (default\: $APX_CLUSTER, else the profile chosen with apx cluster use, else HADOOP_CONF_DIR)]:cluster:(${(f)"$(apx __complete clusters 2>/dev/null)"})' \
    '--insecure[do not verify TLS certificates (warns every time; never the default)]' \
    '(--follow -f)'{--follow,-f}'[keep printing new messages until the application ends]' \
    '--json[NDJSON message events on stdout, then the result]' \
    '1:app-id:(${(f)"$(apx __complete apps 2>/dev/null)"})'
}

_apx_channel() {
  local line state
  _arguments -C \
    '1: :->cmd' '*::arg:->args'
  case $state in
    cmd) _describe command "('jar:Copy the JVM library (apx-channel.jar, Java 8 bytecode) into DIR for your build; compile against it as provided\: apx ships it with every submission.')" ;;
    args) case $line[1] in
      jar) _apx_channel_jar ;;
    esac ;;
  esac
}

_apx_channel_jar() {
  _arguments \
    '1:dir: '
}

_apx_cluster() {
  local line state
  _arguments -C \
    '1: :->cmd' '*::arg:->args'
  case $state in
    cmd) _describe command "('add:Add or replace a cluster profile.' 'list:List the profiles; * marks the current one.' 'use:Make a profile the default for every command.' 'show:Show a profile (secrets redacted).' 'remove:Remove a profile.')" ;;
    args) case $line[1] in
      add) _apx_cluster_add ;;
      list) _apx_cluster_list ;;
      use) _apx_cluster_use ;;
      show) _apx_cluster_show ;;
      remove) _apx_cluster_remove ;;
    esac ;;
  esac
}

_apx_cluster_add() {
  _arguments \
    '--rm[ResourceManager web address(es), comma-separated for HA]:value: ' \
    '--webhdfs[WebHDFS (NameNode HTTP) address(es), comma-separated for HA]:value: ' \
    '--user[the user for simple authentication]:value: ' \
    '--auth[simple (user.name), kerberos (SPNEGO with your kinit ticket; delegation tokens shipped) or basic (a gateway)]:value:(simple kerberos basic)' \
    '--ca-file[a CA bundle to trust for https]:file:_files' \
    '--password-file[for --auth basic\: a file holding the password (else APX_PASSWORD, or a prompt)]:value: ' \
    '--gateway[the base path of an Apache Knox-style gateway at the --rm address, e.g. /gateway/prod]:value: ' \
    '--jobhistory[the JobHistoryServer serving finished applications'\'' aggregated logs, e.g. http\://jhs\:19888 (else from yarn.log.server.web-service.url)]:value: ' \
    '--queue[the default queue]:value: ' \
    '(--conf -c)'{--conf,-c}'[a default Spark setting (repeatable)]:value: ' \
    '--from-hadoop-conf[take the addresses from a Hadoop client configuration directory]:directory:_files -/' \
    '1:name: '
}

_apx_cluster_list() {
  _arguments \
    '--json[as JSON]'
}

_apx_cluster_use() {
  _arguments \
    '1:name:(${(f)"$(apx __complete clusters 2>/dev/null)"})'
}

_apx_cluster_show() {
  _arguments \
    '--json[as JSON]' \
    '1:name:(${(f)"$(apx __complete clusters 2>/dev/null)"})'
}

_apx_cluster_remove() {
  _arguments \
    '1:name:(${(f)"$(apx __complete clusters 2>/dev/null)"})'
}

_apx_completion() {
  _arguments \
    '1:shell:(bash zsh fish)'
}

_apx_minicluster() {
  _arguments \
    '--rm-port[ResourceManager port (default\: any free port)]:value: ' \
    '--nm-port[NodeManager port]:value: ' \
    '--namenode-port[NameNode (WebHDFS) port]:value: ' \
    '--datanode-port[DataNode port]:value: ' \
    '--anonymous[accept requests without user.name as dr.who (Hadoop'\''s default)]' \
    '--log-aggregation[move finished applications'\'' logs to HDFS as YARN does, with a JobHistoryServer serving them]' \
    '--no-jobhistory[with --log-aggregation\: no JobHistoryServer (clients read HDFS)]'
}

_apx "$@"
