/**
 * `apx status` and `apx __complete` without commander: start-up is part of the contract (issue 15:
 * ≤ 1.5× `node -e 0`), and loading commander and defining every command costs ~15 ms of it. Only
 * argv of exactly the shape these commands accept takes this path; anything else (--help, an
 * unknown or malformed flag, a missing argument) goes to the full CLI (src/cli.ts), which gives
 * the usual messages. The command definitions in cli.ts stay the one source of help and docs.
 */
import { reportFailure } from './error-report.js';

interface Parsed {
  positional: string[];
  flags: Record<string, string | true>;
}

/** `valued` flags take a value (`--cluster x` or `--cluster=x`), `bare` ones none; undefined for anything else. */
function parse(args: string[], valued: string[], bare: string[]): Parsed | undefined {
  const out: Parsed = { positional: [], flags: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!a.startsWith('--') || name in out.flags) return undefined;
    if (bare.includes(name) && eq < 0) out.flags[name] = true;
    else if (valued.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) return undefined;
      out.flags[name] = value;
    } else return undefined;
  }
  return out;
}

/** The run of a fast command, or undefined when argv is for the full CLI. */
export function fastCommand(argv: string[]): (() => Promise<number>) | undefined {
  const [command, ...rest] = argv.slice(2);
  if (command === 'status') {
    const p = parse(rest, ['cluster'], ['insecure', 'json']);
    if (!p || p.positional.length !== 1) return undefined;
    const opts = { cluster: p.flags.cluster as string | undefined, insecure: p.flags.insecure === true, json: p.flags.json === true };
    return async () => {
      try {
        const { runStatus } = await import('./commands/status.js');
        return await runStatus(p.positional[0] as string, opts);
      } catch (e) {
        return reportFailure(e, opts.json);
      }
    };
  }
  if (command === '__complete') {
    const p = parse(rest, ['cluster'], ['insecure']);
    if (!p || p.positional.length !== 1) return undefined;
    return async () => {
      const { runComplete } = await import('./completion/dynamic.js');
      return runComplete(p.positional[0] as string, { cluster: p.flags.cluster as string | undefined, insecure: p.flags.insecure === true });
    };
  }
  return undefined;
}
