/** The stream `apx top` renderers read, like the monitor's: a snapshot per interval, or why there is none. */
import { EventBus } from '../../monitor/events.js';
import type { TopSnapshot } from './snapshot.js';

export type TopEvent =
  | { type: 'snapshot'; snapshot: TopSnapshot }
  /** This interval's refresh failed; the last snapshot stays on screen and the next interval tries again. */
  | { type: 'error'; at: number; message: string };

/** The top view's own stream: snapshots, not one application's events. */
export class TopBus extends EventBus<TopEvent> {}
