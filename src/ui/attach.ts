/** Connects the event bus to the chosen renderer; React and Ink load only for the terminal view. */
import type { EventBus } from '../monitor/events.js';
import { createJsonReporter } from './json/reporter.js';
import type { OutputMode } from './mode.js';
import { applyColorPolicy } from './color.js';
import { createPlainReporter, type Paint } from './plain/reporter.js';

/** chalk's colours when the stream is a terminal, unless NO_COLOR says otherwise (FORCE_COLOR forces). */
export async function terminalPaint(stream: NodeJS.WriteStream): Promise<Paint | undefined> {
  if (!stream.isTTY && !process.env.FORCE_COLOR) return undefined;
  if ((await applyColorPolicy()) === 0) return undefined;
  const { default: chalk } = await import('chalk');
  return { dim: chalk.dim, good: chalk.green, bad: chalk.red, warn: chalk.yellow };
}

export interface Renderer {
  /** Waits for the last frame / line to be written. */
  close(): Promise<void>;
}

export async function attachRenderer(bus: EventBus, mode: OutputMode, opts: { verbose?: boolean; sendCommand?: (appId: string, name: string) => Promise<string> } = {}): Promise<Renderer> {
  if (mode === 'json') {
    const off = bus.on(createJsonReporter((l) => process.stdout.write(`${l}\n`)));
    return { close: async () => off() };
  }
  if (mode === 'tui') {
    // Ink paints with the same chalk instance: the policy must be set before the first frame.
    await applyColorPolicy();
    const { mountTui } = await import('./tui/mount.js');
    return mountTui(bus, opts.sendCommand);
  }
  const paint = await terminalPaint(process.stderr);
  const width = process.stderr.isTTY ? process.stderr.columns : undefined;
  const off = bus.on(createPlainReporter({ write: (l) => process.stderr.write(`${l}\n`), verbose: opts.verbose, paint, width }));
  return { close: async () => off() };
}
