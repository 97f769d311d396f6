/**
 * Which renderer a command uses, decided before anything renders: the Ink view only for a person at a
 * terminal (stdout and stdin are TTYs, not CI, no --json/--plain); plain lines otherwise; NDJSON on --json.
 */
export type OutputMode = 'tui' | 'plain' | 'json';

export function outputMode(flags: { json?: boolean; plain?: boolean }, env: NodeJS.ProcessEnv = process.env, stdoutTty = !!process.stdout.isTTY, stdinTty = !!process.stdin.isTTY): OutputMode {
  if (flags.json) return 'json';
  if (flags.plain) return 'plain';
  const ci = !!env.CI && env.CI !== 'false' && env.CI !== '0';
  if (!stdoutTty || !stdinTty || ci || env.TERM === 'dumb') return 'plain';
  return 'tui';
}
