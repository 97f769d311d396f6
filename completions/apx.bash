# bash completion for apx (generated from apx's command definitions by `apx completion`; do not edit)
_apx() {
  local cur prev path="" cluster_flag="" i w
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local value_options=" --class --name --queue --num-executors --executor-memory --executor-cores --driver-memory --driver-cores --conf -c --properties-file --jars --files --archives --py-files --driver-java-options --driver-class-path --driver-library-path --packages --repositories --exclude-packages --proxy-user --principal --keytab --master --deploy-mode --spark-version --java-home --input --cluster --reconnect-budget --interval --timeout --user --state --sort --spark-per-interval --type --tag --limit --since --file --container --node --am --size --wait --staging-dir --rm --webhdfs --auth --ca-file --password-file --gateway --jobhistory --from-hadoop-conf --rm-port --nm-port --namenode-port --datanode-port "
  # The command path: the leading words that are not options or option values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if [[ "$w" == --cluster ]]; then cluster_flag="--cluster ${COMP_WORDS[i+1]}"; fi
    if [[ "$w" == -* ]]; then
      [[ "$value_options" == *" $w "* ]] && ((i++))
      continue
    fi
    case " submit watch kill status top list logs send messages channel channel_jar cluster cluster_add cluster_list cluster_use cluster_show cluster_remove completion minicluster " in
      *" ${path:+${path// /_}_}$w "*) path="${path:+$path }$w" ;;
      *) break ;;
    esac
  done
  case "$path|$prev" in
    "submit|--class") COMPREPLY=(); return ;;
    "submit|--name") COMPREPLY=(); return ;;
    "submit|--queue") COMPREPLY=(); return ;;
    "submit|--num-executors") COMPREPLY=(); return ;;
    "submit|--executor-memory") COMPREPLY=(); return ;;
    "submit|--executor-cores") COMPREPLY=(); return ;;
    "submit|--driver-memory") COMPREPLY=(); return ;;
    "submit|--driver-cores") COMPREPLY=(); return ;;
    "submit|--conf"|"submit|-c") COMPREPLY=(); return ;;
    "submit|--properties-file") COMPREPLY=($(compgen -f -- "$cur")); return ;;
    "submit|--jars") COMPREPLY=($(compgen -f -- "$cur")); return ;;
    "submit|--files") COMPREPLY=($(compgen -f -- "$cur")); return ;;
    "submit|--archives") COMPREPLY=($(compgen -f -- "$cur")); return ;;
    "submit|--py-files") COMPREPLY=($(compgen -f -- "$cur")); return ;;
    "submit|--driver-java-options") COMPREPLY=(); return ;;
    "submit|--driver-class-path") COMPREPLY=(); return ;;
    "submit|--driver-library-path") COMPREPLY=(); return ;;
    "submit|--packages") COMPREPLY=(); return ;;
    "submit|--repositories") COMPREPLY=(); return ;;
    "submit|--exclude-packages") COMPREPLY=(); return ;;
    "submit|--proxy-user") COMPREPLY=(); return ;;
    "submit|--principal") COMPREPLY=(); return ;;
    "submit|--keytab") COMPREPLY=(); return ;;
    "submit|--master") COMPREPLY=(); return ;;
    "submit|--deploy-mode") COMPREPLY=(); return ;;
    "submit|--spark-version") COMPREPLY=(); return ;;
    "submit|--java-home") COMPREPLY=(); return ;;
    "submit|--input") COMPREPLY=(); return ;;
    "submit|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "submit|--reconnect-budget") COMPREPLY=(); return ;;
    "watch|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "watch|--interval") COMPREPLY=(); return ;;
    "watch|--reconnect-budget") COMPREPLY=(); return ;;
    "kill|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "kill|--timeout") COMPREPLY=(); return ;;
    "status|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "top|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "top|--queue") COMPREPLY=(); return ;;
    "top|--user") COMPREPLY=(); return ;;
    "top|--state") COMPREPLY=($(compgen -W "NEW NEW_SAVING SUBMITTED ACCEPTED RUNNING FINISHED FAILED KILLED" -- "$cur")); return ;;
    "top|--sort") COMPREPLY=($(compgen -W "memory vcores containers queuePct elapsed progress id user queue state name" -- "$cur")); return ;;
    "top|--interval") COMPREPLY=(); return ;;
    "top|--spark-per-interval") COMPREPLY=(); return ;;
    "list|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "list|--state") COMPREPLY=($(compgen -W "NEW NEW_SAVING SUBMITTED ACCEPTED RUNNING FINISHED FAILED KILLED" -- "$cur")); return ;;
    "list|--user") COMPREPLY=(); return ;;
    "list|--queue") COMPREPLY=(); return ;;
    "list|--type") COMPREPLY=(); return ;;
    "list|--tag") COMPREPLY=(); return ;;
    "list|--limit") COMPREPLY=(); return ;;
    "list|--since") COMPREPLY=(); return ;;
    "logs|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "logs|--file") COMPREPLY=(); return ;;
    "logs|--container") COMPREPLY=(); return ;;
    "logs|--node") COMPREPLY=(); return ;;
    "logs|--am") COMPREPLY=(); return ;;
    "logs|--size") COMPREPLY=(); return ;;
    "logs|--wait") COMPREPLY=(); return ;;
    "send|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "send|--timeout") COMPREPLY=(); return ;;
    "send|--staging-dir") COMPREPLY=(); return ;;
    "messages|--cluster") COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); return ;;
    "cluster add|--rm") COMPREPLY=(); return ;;
    "cluster add|--webhdfs") COMPREPLY=(); return ;;
    "cluster add|--user") COMPREPLY=(); return ;;
    "cluster add|--auth") COMPREPLY=($(compgen -W "simple kerberos basic" -- "$cur")); return ;;
    "cluster add|--ca-file") COMPREPLY=($(compgen -f -- "$cur")); return ;;
    "cluster add|--password-file") COMPREPLY=(); return ;;
    "cluster add|--gateway") COMPREPLY=(); return ;;
    "cluster add|--jobhistory") COMPREPLY=(); return ;;
    "cluster add|--queue") COMPREPLY=(); return ;;
    "cluster add|--conf"|"cluster add|-c") COMPREPLY=(); return ;;
    "cluster add|--from-hadoop-conf") COMPREPLY=($(compgen -d -- "$cur")); return ;;
    "minicluster|--rm-port") COMPREPLY=(); return ;;
    "minicluster|--nm-port") COMPREPLY=(); return ;;
    "minicluster|--namenode-port") COMPREPLY=(); return ;;
    "minicluster|--datanode-port") COMPREPLY=(); return ;;
  esac
  case "$path" in
    "")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--version -V" -- "$cur")); else COMPREPLY=($(compgen -W "submit watch kill status top list logs send messages channel cluster completion minicluster" -- "$cur")); fi ;;
    "submit")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--class --name --queue --num-executors --executor-memory --executor-cores --driver-memory --driver-cores --conf -c --properties-file --jars --files --archives --py-files --driver-java-options --driver-class-path --driver-library-path --packages --repositories --exclude-packages --proxy-user --principal --keytab --master --deploy-mode --spark-version --java-home --auto-size --input --cluster --insecure --detach --dry-run --json --plain --reconnect-budget --verbose -v" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
    "watch")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --kill-on-exit --interval --reconnect-budget --json --plain --verbose -v" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- "$cur")); fi ;;
    "kill")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --no-wait --timeout --json" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- "$cur")); fi ;;
    "status")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --json" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- "$cur")); fi ;;
    "top")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --queue --user --state --sort --interval --spark-per-interval --plain --json --watch" -- "$cur")); else COMPREPLY=(); fi ;;
    "list")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --state --user --queue --type --tag --limit --since --json" -- "$cur")); else COMPREPLY=(); fi ;;
    "logs")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --file --container --all --node --am --size --list --json --wait --follow -f" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- "$cur")); fi ;;
    "send")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --timeout --staging-dir --json" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- "$cur")); fi ;;
    "messages")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--cluster --insecure --follow -f --json" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- "$cur")); fi ;;
    "channel")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "" -- "$cur")); else COMPREPLY=($(compgen -W "jar" -- "$cur")); fi ;;
    "channel jar")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "" -- "$cur")); else COMPREPLY=(); fi ;;
    "cluster")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "" -- "$cur")); else COMPREPLY=($(compgen -W "add list use show remove" -- "$cur")); fi ;;
    "cluster add")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--rm --webhdfs --user --auth --ca-file --password-file --gateway --jobhistory --queue --conf -c --from-hadoop-conf" -- "$cur")); else COMPREPLY=(); fi ;;
    "cluster list")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--json" -- "$cur")); else COMPREPLY=(); fi ;;
    "cluster use")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); fi ;;
    "cluster show")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--json" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); fi ;;
    "cluster remove")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "" -- "$cur")); else COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- "$cur")); fi ;;
    "completion")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "" -- "$cur")); else COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); fi ;;
    "minicluster")
      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "--rm-port --nm-port --namenode-port --datanode-port --anonymous --log-aggregation --no-jobhistory" -- "$cur")); else COMPREPLY=(); fi ;;
  esac
}
complete -o default -F _apx apx
