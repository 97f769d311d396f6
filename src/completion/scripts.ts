/** bash, zsh and fish completion scripts, generated from the command definitions (see model.ts). */
import type { Command } from 'commander';
import { YARN_STATES } from '../yarn/types.js';
import { allCommands, commandSpec, type CommandSpec, type OptionSpec, type ValueKind } from './model.js';

const HEADER = 'generated from apx\'s command definitions by `apx completion`; do not edit';

function flagsOf(o: OptionSpec): string[] {
  return [o.long, o.short].filter((f): f is string => !!f);
}

function bashValues(kind: ValueKind, choices: string[] | undefined, cur = '"$cur"'): string {
  switch (kind) {
    case 'cluster': return `COMPREPLY=($(compgen -W "$(apx __complete clusters 2>/dev/null)" -- ${cur}))`;
    case 'app': return `COMPREPLY=($(compgen -W "$(apx __complete apps $cluster_flag 2>/dev/null)" -- ${cur}))`;
    case 'state': return `COMPREPLY=($(compgen -W "${YARN_STATES.join(' ')}" -- ${cur}))`;
    case 'choices': return `COMPREPLY=($(compgen -W "${(choices ?? []).join(' ')}" -- ${cur}))`;
    case 'dir': return `COMPREPLY=($(compgen -d -- ${cur}))`;
    case 'file': return `COMPREPLY=($(compgen -f -- ${cur}))`;
    default: return 'COMPREPLY=()';
  }
}

function bash(root: CommandSpec): string {
  const commands = allCommands(root);
  const valueOptions = [...new Set(commands.flatMap((c) => c.options.filter((o) => o.takesValue).flatMap(flagsOf)))];
  const key = (c: CommandSpec) => c.path.join(' ');
  const optionCases = commands.flatMap((c) =>
    c.options.filter((o) => o.takesValue).map((o) => `    "${key(c)}|${flagsOf(o).join(`"|"${key(c)}|`)}") ${bashValues(o.kind, o.choices)}; return ;;`),
  );
  const commandCases = [root, ...commands].map((c) => {
    const subs = c.subcommands.map((s) => s.path[s.path.length - 1]).join(' ');
    const opts = c.options.flatMap(flagsOf).join(' ');
    const arg = c.args[0];
    const positional = subs ? `COMPREPLY=($(compgen -W "${subs}" -- "$cur"))` : arg ? bashValues(arg.kind, arg.choices) : 'COMPREPLY=()';
    return `    "${key(c)}")\n      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${opts}" -- "$cur")); else ${positional}; fi ;;`;
  });
  return `# bash completion for apx (${HEADER})
_apx() {
  local cur prev path="" cluster_flag="" i w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local value_options=" ${valueOptions.join(' ')} "
  # The command path: the leading words that are not options or option values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ "$w" == --cluster ]]; then cluster_flag="--cluster \${COMP_WORDS[i+1]}"; fi
    if [[ "$w" == -* ]]; then
      [[ "$value_options" == *" $w "* ]] && ((i++))
      continue
    fi
    case " ${[...new Set(commands.map((c) => key(c)))].map((k) => `${k.replace(/ /g, '_')}`).join(' ')} " in
      *" \${path:+\${path// /_}_}$w "*) path="\${path:+$path }$w" ;;
      *) break ;;
    esac
  done
  case "$path|$prev" in
${optionCases.join('\n')}
  esac
  case "$path" in
${commandCases.join('\n')}
  esac
}
complete -o default -F _apx apx
`;
}

function zshValues(kind: ValueKind, choices?: string[]): string {
  switch (kind) {
    case 'cluster': return ":cluster:(\${(f)\"$(apx __complete clusters 2>/dev/null)\"})";
    case 'app': return ":application id:(\${(f)\"$(apx __complete apps 2>/dev/null)\"})";
    case 'state': return `:state:(${YARN_STATES.join(' ')})`;
    case 'choices': return `:value:(${(choices ?? []).join(' ')})`;
    case 'dir': return ':directory:_files -/';
    case 'file': return ':file:_files';
    default: return ':value: ';
  }
}

function zshEscape(s: string): string {
  return s.replace(/'/g, "'\\''").replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/:/g, '\\:');
}

function zsh(root: CommandSpec): string {
  const fn = (c: CommandSpec) => `_apx${c.path.map((p) => `_${p.replace(/[^a-z0-9]/gi, '_')}`).join('')}`;
  const functions = [root, ...allCommands(root)].map((c) => {
    const specs = c.options.map((o) => {
      const flags = flagsOf(o);
      const names = flags.length > 1 ? `'(${flags.join(' ')})'{${flags.join(',')}}` : `'${flags[0]}`;
      const desc = `[${zshEscape(o.description)}]${o.takesValue ? zshValues(o.kind, o.choices) : ''}`;
      return flags.length > 1 ? `    ${names}'${desc}'` : `    ${names}${desc}'`;
    });
    if (c.subcommands.length) {
      const list = c.subcommands.map((s) => `'${s.path[s.path.length - 1]}:${zshEscape(s.description)}'`).join(' ');
      return `${fn(c)}() {\n  local line state\n  _arguments -C \\\n${specs.map((s) => `${s} \\`).join('\n')}${specs.length ? '\n' : ''}    '1: :->cmd' '*::arg:->args'\n  case $state in\n    cmd) _describe command "(${list})" ;;\n    args) case $line[1] in\n${c.subcommands.map((s) => `      ${s.path[s.path.length - 1]}) ${fn(s)} ;;`).join('\n')}\n    esac ;;\n  esac\n}`;
    }
    const positional = c.args.map((a, i) => `    '${a.variadic ? '*' : String(i + 1)}${zshValues(a.kind, a.choices).replace(/^:[^:]*:/, `:${a.name}:`)}'`);
    return `${fn(c)}() {\n  _arguments \\\n${[...specs, ...positional].join(' \\\n')}\n}`;
  });
  return `#compdef apx\n# zsh completion for apx (${HEADER})\n\n${functions.join('\n\n')}\n\n_apx "$@"\n`;
}

function fish(root: CommandSpec): string {
  const lines = [`# fish completion for apx (${HEADER})`, 'complete -c apx -f'];
  const cond = (c: CommandSpec) => (c.path.length === 0 ? '__fish_use_subcommand' : c.path.length === 1 ? `__fish_seen_subcommand_from ${c.path[0]}` : `__fish_seen_subcommand_from ${c.path[0]}; and __fish_seen_subcommand_from ${c.path[1]}`);
  const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
  const values = (kind: ValueKind, choices?: string[]) => {
    switch (kind) {
      case 'cluster': return " -a '(apx __complete clusters 2>/dev/null)'";
      case 'app': return " -a '(apx __complete apps 2>/dev/null)'";
      case 'state': return ` -a '${YARN_STATES.join(' ')}'`;
      case 'choices': return ` -a '${(choices ?? []).join(' ')}'`;
      case 'file':
      case 'dir': return ' -F';
      default: return '';
    }
  };
  for (const c of [root, ...allCommands(root)]) {
    for (const s of c.subcommands) {
      const parent = c.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${c.path[0]}; and not __fish_seen_subcommand_from ${c.subcommands.map((x) => x.path[x.path.length - 1]).join(' ')}`;
      lines.push(`complete -c apx -n ${q(parent)} -a ${s.path[s.path.length - 1]} -d ${q(s.description)}`);
    }
    for (const o of c.options) {
      const names = `${o.long ? ` -l ${o.long.slice(2)}` : ''}${o.short ? ` -s ${o.short.slice(1)}` : ''}`;
      lines.push(`complete -c apx -n ${q(cond(c))}${names}${o.takesValue ? ' -r' : ''}${o.takesValue ? values(o.kind, o.choices) : ''} -d ${q(o.description)}`);
    }
    const arg = c.args[0];
    if (arg && c.subcommands.length === 0 && c.path.length) lines.push(`complete -c apx -n ${q(cond(c))}${values(arg.kind, arg.choices) || ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: 'bash' | 'zsh' | 'fish', program: Command): string {
  const root = commandSpec(program);
  return shell === 'bash' ? bash(root) : shell === 'zsh' ? zsh(root) : fish(root);
}
