/** The stream `apx top` renderers read, like the monitor's: a snapshot per interval, or why there is none. */
import { EventEmitter } from 'node:events';
import type { TopSnapshot } from './snapshot.js';

export type TopEvent =
  | { type: 'snapshot'; snapshot: TopSnapshot }
  /** This interval's refresh failed; the last snapshot stays on screen and the next interval tries again. */
  | { type: 'error'; at: number; message: string };

export class TopBus {
  private readonly emitter = new EventEmitter();

  emit(event: TopEvent): void {
    this.emitter.emit('event', event);
  }

  on(listener: (event: TopEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
