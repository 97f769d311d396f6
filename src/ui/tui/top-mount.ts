/**
 * Runs `apx top`'s Ink view until q (or Ctrl-C). `l` puts the view away, lets `showLogs` print to the
 * terminal, waits for a key and brings the view back where it was (sort, filter, selection).
 */
import type { TopBus } from '../../services/top/events.js';
import type { TopSnapshot } from '../../services/top/snapshot.js';
import type { TopSession, TopViewProps } from './Top.js';

export interface TopMountOptions {
  bus: TopBus;
  first: TopSnapshot;
  session: TopSession;
  clusterName: string;
  intervalLabel: string;
  kill: (appId: string) => Promise<string>;
  /** Prints the application's logs to the terminal (the view is put away meanwhile). */
  showLogs: (appId: string) => Promise<void>;
  /** SIGINT/SIGTERM from outside the view (Ctrl-C inside it arrives as a key). */
  signal: AbortSignal;
}

export async function runTopView(o: TopMountOptions): Promise<number> {
  const [{ render }, React, { TopApp }] = await Promise.all([import('ink'), import('react'), import('./Top.js')]);
  let latest = o.first;
  const off = o.bus.on((e) => {
    if (e.type === 'snapshot') latest = e.snapshot;
  });
  try {
    for (;;) {
      let instance: ReturnType<typeof render> | undefined;
      let onAbort = () => {};
      const next = await new Promise<{ quit: number } | { logs: string }>((resolve) => {
        const props: TopViewProps = {
          bus: o.bus, initial: latest, session: o.session, clusterName: o.clusterName, intervalLabel: o.intervalLabel,
          actions: { kill: o.kill, quit: (code) => resolve({ quit: code }), logs: (appId) => resolve({ logs: appId }) },
        };
        onAbort = () => resolve({ quit: o.signal.reason === 'SIGTERM' ? 143 : 130 });
        if (o.signal.aborted) onAbort();
        o.signal.addEventListener('abort', onAbort, { once: true });
        instance = render(React.createElement(TopApp, props), { exitOnCtrlC: false, patchConsole: false });
      });
      o.signal.removeEventListener('abort', onAbort);
      instance?.unmount();
      await instance?.waitUntilExit().catch(() => undefined);
      if ('quit' in next) return next.quit;
      process.stdout.write(`\n── apx logs ${next.logs} ──\n`);
      await o.showLogs(next.logs).catch((e: unknown) => process.stdout.write(`apx: ${(e as Error).message}\n`));
      process.stdout.write('\n── press any key to return to apx top ──\n');
      await anyKey();
    }
  } finally {
    off();
  }
}

function anyKey(): Promise<void> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.once('data', () => {
      stdin.setRawMode?.(false);
      stdin.pause();
      resolve();
    });
  });
}
