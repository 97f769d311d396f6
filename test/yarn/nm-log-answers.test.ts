/**
 * What apx makes of a NodeManager's answer to a container-log request, replayed from the answers a
 * real Hadoop 3.3.6 NodeManager gave: "gone" only where the NodeManager says the log is not there,
 * its status and message for anything else (never a log that is "gone" when the node failed).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { NmClient } from '../../src/yarn/nm-client.js';
import { loadRecording, type RecordedResponse } from '../helpers/recording.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A NodeManager that answers every request with `answer` (the first response of a recording). */
async function nodeManager(answer: RecordedResponse): Promise<string> {
  server = http.createServer((_req, res) => {
    const headers: Record<string, string> = {};
    for (const k of ['content-type', 'location']) if (answer.headers[k]) headers[k] = answer.headers[k] as string;
    res.writeHead(answer.status, answer.statusText, headers);
    res.end(answer.body);
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const CID = 'container_1795655491641_0001_01_000001';

async function tailAgainst(recording: string) {
  const node = await nodeManager(loadRecording(recording).responses[0] as RecordedResponse);
  return { node, result: new NmClient({ user: 'root' }).tail(node, CID, 'stderr', 4096) };
}

describe('NodeManager log answers', () => {
  it.each([
    ['nm-container-log-not-found.http', '404 "Cannot find this log on the local disk"'],
    ['aggregated-logs/nows-ds-nm-containerlogs-stderr-finished.http', '404 "Unknown container" once the NM forgot a finished container'],
    ['aggregated-logs/ds-nm-container-finished.http', '404 RemoteException NotFoundException'],
    ['aggregated-logs/ds-nm-containerlogs-stderr-finished.http', '307 to the log server after aggregation'],
  ])('%s (%s) means the log is gone from the node', async (recording) => {
    const { result } = await tailAgainst(recording);
    await expect(result).resolves.toBeUndefined();
  });

  it('a 500 is the NodeManager failing: its status and the real cause, in one line, exit 3', async () => {
    const { node, result } = await tailAgainst('kerberos/lab-artefact-nm-containerlog-500-no-libhadoop.http');
    const err = (await result.catch((e: unknown) => e)) as Error & { exitCode: number };
    expect(err.message).toBe(`the NodeManager at ${node} answered 500: java.lang.NoClassDefFoundError: Could not initialize class org.apache.hadoop.io.SecureIOUtils`);
    expect(err.exitCode).toBe(ExitCode.Cluster);
  });

  it('a redirect that is not the NodeManager\'s own to the log server (an SSO login page) is not called gone', async () => {
    const node = await nodeManager({ status: 302, statusText: 'Found', headers: { location: 'https://sso.example.com/login?originalUrl=x' }, body: '' });
    const err = (await new NmClient().tail(node, CID, 'stderr', 10).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(`the NodeManager at ${node} answered 302: redirected to https://sso.example.com/login?originalUrl=x`);
  });

  it('a 404 page that is not the NodeManager\'s "not here" (a proxy, a wrong port) is not called gone', async () => {
    const node = await nodeManager({ status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/html' }, body: '<html><title>404 Not Found</title><body>nginx</body></html>' });
    const err = (await new NmClient().tail(node, CID, 'stderr', 10).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(`the NodeManager at ${node} answered 404: 404 Not Found`);
  });
});
