/** Why Spark progress is not available, in words a renderer can put in parentheses without nesting them. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkUiClient } from '../../src/yarn/spark-ui-client.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  // The RM web proxy before the AM registers: a 302 to the RM's app page (rm-proxy-no-tracking-url.http).
  server = http.createServer((_req, res) => res.writeHead(302, { Location: '/cluster/app/application_1_0001' }).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/proxy/application_1_0001/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('Spark UI reasons', () => {
  it('a redirecting proxy and an unreachable UI give reasons without parentheses', async () => {
    const client = new SparkUiClient({ timeoutMs: 2_000 });
    const redirected = await client.jobs(base, 'application_1_0001');
    const closed = await client.jobs('http://127.0.0.1:9/proxy/application_1_0001/', 'application_1_0001');
    for (const r of [redirected, closed]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).not.toMatch(/[()]/);
    }
    if (!redirected.ok) expect(redirected.reason).toBe('the Spark UI is not up: the proxy redirects to the RM app page');
    if (!closed.ok) expect(closed.reason).toMatch(/^the Spark UI is not reachable: cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
  });
});
