/** Mounts the Ink view on the event bus. Only this folder imports React and Ink. */
import type { EventBus } from '../../monitor/events.js';
import type { Renderer } from '../attach.js';
import { driverLogsLine, fitsFrame, frameWidth } from './layout.js';

/** `send`: how the view sends the job a command when the user asks for one (absent: it only says how). */
export async function mountTui(bus: EventBus, send?: (appId: string, name: string) => Promise<string>): Promise<Renderer> {
  const [{ render }, React, { App }] = await Promise.all([import('ink'), import('react'), import('./App.js')]);
  const instance = render(React.createElement(App, { bus, send }), { exitOnCtrlC: false, patchConsole: false });
  let logsUrl: string | undefined;
  const off = bus.on((e) => {
    if (e.type === 'end') logsUrl = e.logsUrl;
  });
  let closed = false;
  return {
    close: async () => {
      if (closed) return;
      closed = true;
      // Let the last event render before Ink lets go of the terminal.
      await new Promise((r) => setTimeout(r, 50));
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
      off();
      // Too long for the frame: after it, whole, for the terminal to wrap (and the user to click or paste).
      const line = logsUrl ? driverLogsLine(logsUrl) : undefined;
      if (line && !fitsFrame(line, frameWidth(process.stdout.columns))) process.stdout.write(`${line}\n`);
    },
  };
}
