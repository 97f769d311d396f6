/**
 * The simulated driver speaking the job channel (`spark.minicluster.channel=true`), as a job using
 * the libraries would (docs/channel.md): a "training" with a progress bar and a loss series, log
 * messages at every level, and a `stop` command that ends it early. No Hadoop recording: this is
 * apx's own protocol over a container log file and the staging dir, imitated in-process.
 */
import type { HdfsStore } from './hdfs-store.js';
import { CHANNEL_FILE, CHANNEL_MARKER } from '../channel/wire.js';

export const CHANNEL_KEYS = {
  channel: 'spark.minicluster.channel',
  epochs: 'spark.minicluster.channel.epochs',
} as const;

export interface ChannelSimHooks {
  /** Appends one line to a file of the AM container's log dir. */
  append: (file: string, line: string) => void;
  store: HdfsStore;
  /** The app's HDFS staging dir (path only), where `apx send` drops commands. */
  stagingDir?: string;
}

export class ChannelSim {
  private seq = 0;
  private epoch = 0;
  private handled = 0;
  done = false;
  /** Ended by a `stop` command rather than by converging: the job stops its Spark work too. */
  stopped = false;

  constructor(private readonly epochs: number, private readonly hooks: ChannelSimHooks) {}

  start(): void {
    this.hooks.append('stderr', `${CHANNEL_MARKER}${CHANNEL_FILE}`);
    this.write({ kind: 'commands', names: ['stop'] });
    this.write({ kind: 'info', message: `loaded ${this.epochs * 1000} rows` });
    this.write({ kind: 'debug', message: 'learning rate 0.01, batch 64' });
  }

  /** One epoch of the training per call, and any commands waiting. */
  tick(): void {
    this.readCommands();
    if (this.done) return;
    this.epoch++;
    const loss = Number((1 / (1 + this.epoch * 0.5)).toFixed(4));
    this.write({ kind: 'progress', task: 'training', value: this.epoch / this.epochs, message: `epoch ${this.epoch}/${this.epochs}` });
    this.write({ kind: 'update', key: 'loss', value: loss });
    if (this.epoch === Math.ceil(this.epochs / 2)) {
      this.write({ kind: 'warn', message: 'loss is plateauing' });
      this.write({ kind: 'display', task: 'training', message: 'loss is plateauing' });
    }
    if (this.epoch >= this.epochs) this.finish('converged');
  }

  private finish(how: string): void {
    this.done = true;
    this.write({ kind: 'update', key: 'epochs', value: this.epoch });
    this.write({ kind: 'update', key: 'status', value: how });
    if (how !== 'converged') this.write({ kind: 'error', message: `training ${how} at epoch ${this.epoch}` });
  }

  /** Commands are `<staging>/apx-commands/<seq>.json`, handled once each, in seq order. */
  private readCommands(): void {
    const dir = this.hooks.stagingDir ? this.hooks.store.lookup(`${this.hooks.stagingDir}/apx-commands`) : undefined;
    if (!dir) return;
    const pending = [...dir.children.keys()].map((n) => Number(/^(\d+)\.json$/.exec(n)?.[1])).filter((n) => n > this.handled).sort((a, b) => a - b);
    for (const n of pending) {
      const node = dir.children.get(`${n}.json`);
      if (!node) continue;
      this.handled = n;
      let command: { name?: unknown; payload?: unknown } = {};
      try {
        command = JSON.parse(this.hooks.store.read(node).toString('utf8')) as typeof command;
      } catch {
        this.write({ kind: 'ack', command: n, name: '', ok: false, message: 'not a command (unreadable JSON)' });
        continue;
      }
      const name = String(command.name ?? '');
      if (name === 'stop' && !this.done) {
        this.write({ kind: 'ack', command: n, name, ok: true, message: `stopping at epoch ${this.epoch}` });
        this.stopped = true;
        this.finish('stopped early');
      } else {
        this.write({ kind: 'ack', command: n, name, ok: false, message: name === 'stop' ? 'already finished' : `no handler for "${name}"` });
      }
    }
  }

  private write(r: Record<string, unknown>): void {
    this.hooks.append(CHANNEL_FILE, JSON.stringify({ seq: ++this.seq, time: Date.now(), ...r }));
  }
}
