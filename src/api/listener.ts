/** From the event stream to the listener callbacks (ApplicationListener's contract, in types.ts). */
import type { ApxEvent } from '../monitor/events.js';
import type { ApplicationListener } from './types.js';

/** A function fed every event that calls the listener's matching callback; it keeps "started" per listener. */
export function listenerDispatch(l: ApplicationListener): (e: ApxEvent) => void {
  let started = false;
  return (e) => {
    switch (e.type) {
      case 'init': return l.onApplicationInit?.(e);
      case 'state':
        if (started || e.state !== 'RUNNING') return;
        started = true;
        return l.onApplicationStart?.(e);
      case 'progress':
      case 'stage': return l.onApplicationProgress?.(e);
      case 'end':
        if (e.outcome === 'succeeded') return l.onApplicationEnd?.(e);
        if (e.outcome === 'killed' || e.outcome === 'killed-elsewhere') return l.onApplicationKilled?.(e);
        return l.onApplicationFailed?.(e);
      default: return undefined;
    }
  };
}
