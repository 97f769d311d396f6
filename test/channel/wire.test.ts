/** The wire format's reader: what counts as a record, and each record once, in order. */
import { describe, expect, it } from 'vitest';
import { ChannelLedger, parseRecord } from '../../src/channel/wire.js';

describe('parseRecord', () => {
  it('reads a record and derives its category from its kind', () => {
    expect(parseRecord('{"seq":3,"time":17,"category":"ui","kind":"progress","task":"t","value":0.5,"message":"half","extra":1}')).toEqual({ seq: 3, time: 17, category: 'ui', kind: 'progress', task: 't', value: 0.5, message: 'half' });
    expect(parseRecord('{"seq":4,"time":1,"category":"log","kind":"update","key":"k","value":"v"}')?.category).toBe('app');
  });

  it('skips what is not a record: a torn line, an unknown kind, a missing or bad seq, text', () => {
    for (const line of ['{"seq":5,"time":1,"kind":"info","mess', '{"seq":5,"kind":"shout"}', '{"kind":"info"}', '{"seq":0,"kind":"info"}', '{"seq":1.5,"kind":"info"}', 'INFO plain text', '[1,2]']) {
      expect(parseRecord(line), line).toBeUndefined();
    }
  });
});

describe('ChannelLedger', () => {
  it('passes each record once and in order across re-reads, and keeps each key\'s last value as the result', () => {
    const l = new ChannelLedger();
    const rec = (seq: number, extra = '') => `{"seq":${seq},"time":0,"kind":"update","key":"k${seq % 2}","value":${seq}${extra}}`;
    expect(l.accept([rec(1), rec(2)]).map((r) => r.seq)).toEqual([1, 2]);
    // A reconnect re-reads from an earlier offset: nothing twice.
    expect(l.accept([rec(1), rec(2), rec(3)]).map((r) => r.seq)).toEqual([3]);
    expect(l.accept(['garbage', rec(4)]).map((r) => r.seq)).toEqual([4]);
    expect(l.result).toEqual({ k1: 3, k0: 4 });
  });
});

describe('a message event', () => {
  it('carries the job\'s clock as jobTime and never a secret apx recognises in the job\'s text', async () => {
    const { messageEvent } = await import('../../src/monitor/monitor.js');
    const rec = parseRecord('{"seq":1,"time":42,"kind":"info","message":"connecting to jdbc://etl:s3cret@db.example.com with password=hunter2"}');
    const e = messageEvent('application_1_0001', rec as NonNullable<typeof rec>);
    expect(e).toMatchObject({ type: 'message', appId: 'application_1_0001', seq: 1, jobTime: 42, category: 'log', kind: 'info' });
    expect(e).not.toHaveProperty('time');
    expect(e.message).not.toContain('s3cret');
    expect(e.message).not.toContain('hunter2');
    const update = messageEvent('a', parseRecord('{"seq":2,"time":1,"kind":"update","key":"url","value":"https://u:pw123@host/x?token=abc"}') as NonNullable<ReturnType<typeof parseRecord>>);
    expect(String(update.value)).not.toMatch(/pw123|abc/);
  });
});
