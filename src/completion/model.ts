/**
 * The command tree as completion scripts and the man page need it, read from the same commander
 * definitions that print --help, so none of them can drift from the real flags.
 */
import type { Argument, Command, Option } from 'commander';

export type ValueKind = 'file' | 'dir' | 'cluster' | 'app' | 'state' | 'choices' | 'any';

export interface OptionSpec {
  long?: string;
  short?: string;
  takesValue: boolean;
  description: string;
  kind: ValueKind;
  choices?: string[];
  defaultValue?: string;
}

export interface ArgSpec {
  name: string;
  variadic: boolean;
  required: boolean;
  description: string;
  kind: ValueKind;
  choices?: string[];
}

export interface CommandSpec {
  /** e.g. ['cluster', 'add']. */
  path: string[];
  description: string;
  options: OptionSpec[];
  args: ArgSpec[];
  subcommands: CommandSpec[];
}

const FILE_OPTIONS = new Set(['--properties-file', '--jars', '--files', '--archives', '--py-files', '--ca-file']);

function optionKind(o: Option): ValueKind {
  if (o.long === '--cluster') return 'cluster';
  if (o.long === '--state') return 'state';
  if (o.long === '--from-hadoop-conf') return 'dir';
  if (o.argChoices?.length) return 'choices';
  if (o.long && FILE_OPTIONS.has(o.long)) return 'file';
  return 'any';
}

function argKind(a: Argument, path: string[]): ValueKind {
  if (a.argChoices?.length) return 'choices';
  if (a.name().startsWith('app-id')) return 'app';
  if (a.name() === 'primary-resource') return 'file';
  if (path[0] === 'cluster' && a.name() === 'name' && path[1] !== 'add') return 'cluster';
  return 'any';
}

export function commandSpec(cmd: Command, path: string[] = []): CommandSpec {
  const options: OptionSpec[] = cmd.options
    .filter((o) => !o.hidden)
    .map((o) => ({
      long: o.long, short: o.short, takesValue: o.required || o.optional, description: o.description, kind: optionKind(o), choices: o.argChoices,
      defaultValue: o.defaultValue === undefined || Array.isArray(o.defaultValue) || typeof o.defaultValue === 'boolean' ? undefined : String(o.defaultValue),
    }));
  const args: ArgSpec[] = cmd.registeredArguments.map((a) => ({ name: a.name(), variadic: a.variadic, required: a.required, description: a.description, kind: argKind(a, path), choices: a.argChoices }));
  const subcommands = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => commandSpec(c, [...path, c.name()]));
  return { path, description: cmd.description(), options, args, subcommands };
}

/** Every command with its own options and arguments (the leaves, and groups like `cluster`). */
export function allCommands(root: CommandSpec): CommandSpec[] {
  return root.subcommands.flatMap((c) => [c, ...allCommands(c)]);
}
