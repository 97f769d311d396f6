import { describe, expect, it } from 'vitest';
import { LogFollower, parseWrappedLogs, type WrappedLog } from '../../src/yarn/nm-client.js';
import { loadRecording } from '../helpers/recording.js';

/** A NodeManager log that grows; the follower only ever sees size=-N tails of it. */
function growingLog() {
  let content = '';
  const fetch = async (tail: number): Promise<WrappedLog> => {
    const bytes = Buffer.from(content);
    return { container: 'c', logType: 'stderr', length: bytes.length, contents: bytes.subarray(Math.max(0, bytes.length - tail)).toString(), running: true };
  };
  return { append: (s: string) => (content += s), fetch };
}

describe('following the driver log by offset', () => {
  it('returns each complete line once, keeping a partial line until it ends', async () => {
    const log = growingLog();
    const f = new LogFollower(log.fetch, 1024);
    log.append('one\ntw');
    expect(await f.poll()).toEqual(['one']);
    log.append('o\nthree\n');
    expect(await f.poll()).toEqual(['two', 'three']);
    expect(await f.poll()).toEqual([]);
    log.append('last without newline');
    expect(await f.poll(true)).toEqual(['last without newline']);
  });

  it('says how much it skipped when the log grew faster than one tail', async () => {
    const log = growingLog();
    const f = new LogFollower(log.fetch, 10);
    log.append('0123456789abcdefghij\nend\n');
    const got = await f.poll();
    expect(got[0]).toMatch(/^… 15 bytes of log skipped …/);
    expect(f.skipped).toBe(15);
  });

  it('parses the real NodeManager wrapping, running or not', () => {
    const tail = parseWrappedLogs(loadRecording('nm-container-log-stderr-tail.http').final.body)[0];
    expect(tail).toMatchObject({ container: 'container_1795488074976_0002_01_000001', logType: 'AppMaster.stderr', length: 2727, running: true });
    const done = parseWrappedLogs(loadRecording('spark-app/nm-containerlogs-stderr-finished-succeeded.http').final.body)[0];
    expect(done?.running).toBe(false);
    expect(done?.contents).toContain('Final app status: SUCCEEDED, exitCode: 0');
  });
});
