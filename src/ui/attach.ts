/** Connects the event bus to the chosen renderer; React and Ink load only for the terminal view. */
import type { EventBus } from '../monitor/events.js';
import { createJsonReporter } from './json/reporter.js';
import type { OutputMode } from './mode.js';
import { createPlainReporter } from './plain/reporter.js';

export interface Renderer {
  /** Waits for the last frame / line to be written. */
  close(): Promise<void>;
}

export async function attachRenderer(bus: EventBus, mode: OutputMode, opts: { verbose?: boolean } = {}): Promise<Renderer> {
  if (mode === 'json') {
    const off = bus.on(createJsonReporter((l) => process.stdout.write(`${l}\n`)));
    return { close: async () => off() };
  }
  if (mode === 'tui') {
    const { mountTui } = await import('./tui/mount.js');
    return mountTui(bus);
  }
  const off = bus.on(createPlainReporter({ write: (l) => process.stderr.write(`${l}\n`), verbose: opts.verbose }));
  return { close: async () => off() };
}
