/** Mounts the Ink view on the event bus. Only this folder imports React and Ink. */
import type { EventBus } from '../../monitor/events.js';
import type { Renderer } from '../attach.js';

export async function mountTui(bus: EventBus): Promise<Renderer> {
  const [{ render }, React, { App }] = await Promise.all([import('ink'), import('react'), import('./App.js')]);
  const instance = render(React.createElement(App, { bus }), { exitOnCtrlC: false, patchConsole: false });
  let closed = false;
  return {
    close: async () => {
      if (closed) return;
      closed = true;
      // Let the last event render before Ink lets go of the terminal.
      await new Promise((r) => setTimeout(r, 50));
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
}
