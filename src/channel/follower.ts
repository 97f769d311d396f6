/**
 * Follows an application's channel file through the NodeManager's container-log API by offset, the
 * way the driver log is followed: one small tail per poll, and a second, exact one only when more
 * was written since the last poll than the small tail carries (a late attach, a burst). Records go
 * through a ChannelLedger, so a re-read never shows a record twice.
 */
import { LineBuffer, type NmClient } from '../yarn/nm-client.js';
import { CHANNEL_FILE, ChannelLedger, type ChannelRecord } from './wire.js';

/** The most a library writes per application (docs/channel.md): also the most one catch-up read asks for. */
export const CHANNEL_CAP_BYTES = 8 * 1024 * 1024;
const TAIL_BYTES = 64 * 1024;

export class ChannelFollower {
  private offset = 0;
  private readonly lines = new LineBuffer();
  readonly ledger = new ChannelLedger();
  /** The file exists on the node (seen once); until then polls cost nothing unless asked to look. */
  found = false;

  constructor(
    private readonly nm: NmClient,
    private readonly node: string,
    private readonly container: string,
  ) {}

  /** New records since the last poll; [] when the file is not (yet) there. `flush` takes a last unterminated line too. */
  async poll(flush = false): Promise<ChannelRecord[]> {
    let log = await this.nm.tail(this.node, this.container, CHANNEL_FILE, TAIL_BYTES);
    if (!log) return [];
    this.found = true;
    if (log.length < this.offset) this.offset = 0;
    const fresh = log.length - this.offset;
    if (fresh <= 0 && !flush) return [];
    let bytes = Buffer.from(log.contents, 'utf8');
    if (fresh > bytes.length) {
      // Behind by more than one tail: read exactly what is missing (the file is capped, so is this).
      log = (await this.nm.tail(this.node, this.container, CHANNEL_FILE, Math.min(fresh, CHANNEL_CAP_BYTES + TAIL_BYTES))) ?? log;
      bytes = Buffer.from(log.contents, 'utf8');
    }
    const chunk = bytes.subarray(Math.max(0, bytes.length - (log.length - this.offset))).toString('utf8');
    this.offset = log.length;
    return this.ledger.accept(this.lines.push(chunk, flush));
  }
}
