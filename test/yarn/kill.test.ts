/** killAndWait across an RM restart (fixtures rm-restart/): a refused connection or a recovering RM's 404 is waited out. */
import { describe, expect, it } from 'vitest';
import { killAndWait } from '../../src/yarn/kill.js';
import { NetworkError } from '../../src/net/http.js';
import { RemoteError } from '../../src/net/remote-exception.js';
import type { KillAnswer, RmClient } from '../../src/yarn/rm-client.js';

const APP = 'application_1795653186788_0001';

function rmAnswering(answers: (KillAnswer | 'refused' | '404')[], haState: 'ACTIVE' | 'INITIALIZING', upForMs: number): RmClient {
  let i = 0;
  return {
    requestKill: async () => {
      const a = answers[Math.min(i++, answers.length - 1)];
      if (a === 'refused') throw new NetworkError('cannot reach http://rm:8088: connection refused', 'ECONNREFUSED');
      if (a === '404') throw new RemoteError(`kill ${APP}: NotFoundException: app with id: ${APP} not found`, 404, 'NotFoundException');
      return a as KillAnswer;
    },
    recoveryState: async () => ({ haState, upForMs }),
  } as unknown as RmClient;
}

describe('killAndWait and an RM restart', () => {
  it('keeps asking through a refused connection and a recovering RM\'s 404 until YARN says KILLED', async () => {
    const rm = rmAnswering([{ status: 202, state: 'KILLING' }, 'refused', '404', { status: 200, state: 'KILLED' }], 'INITIALIZING', 400);
    await expect(killAndWait(rm, APP, { pollMs: 5 })).resolves.toEqual({ state: 'KILLED', alreadyFinal: false, confirmed: true });
  });

  it('a 404 from an RM that is ACTIVE and long up is final', async () => {
    const rm = rmAnswering([{ status: 202, state: 'KILLING' }, '404'], 'ACTIVE', 3_600_000);
    await expect(killAndWait(rm, APP, { pollMs: 5 })).rejects.toMatchObject({ exception: 'NotFoundException' });
  });
});
