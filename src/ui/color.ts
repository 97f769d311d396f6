/**
 * Whether apx paints in colour. chalk (and Ink, which draws with the same chalk) follows FORCE_COLOR
 * and the terminal but not NO_COLOR, so the no-color.org convention is applied here, once, before
 * anything renders: a non-empty NO_COLOR turns colour off unless FORCE_COLOR asks for it.
 */
export function noColorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.NO_COLOR && !env.FORCE_COLOR;
}

/** Applies the policy to the shared chalk instance; returns its resulting level (0: no colour). */
export async function applyColorPolicy(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { default: chalk } = await import('chalk');
  if (noColorWanted(env)) chalk.level = 0;
  return chalk.level;
}
