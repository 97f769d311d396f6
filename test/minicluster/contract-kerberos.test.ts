/**
 * Replays the recorded exchanges with a Kerberized Hadoop 3.3.6 (fixtures kerberos/) against the
 * Kerberized mini cluster with a real MIT KDC: the no-ticket 401s, a malformed Negotiate token, bad
 * and garbage `delegation=` tokens, the token-issuing answers and a submission carrying a garbage
 * token. Not replayed: lab-artefact-nm-containerlog-500-no-libhadoop (a lab limitation, not Hadoop).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MiniCluster } from '../../src/minicluster/mini-cluster.js';
import { send, type HttpRequest } from '../../src/net/http.js';
import { loadKerberos } from '../../src/security/gssapi.js';
import { SpnegoAuth } from '../../src/security/spnego.js';
import { decodeToken, encodeToken } from '../../src/security/hadoop-token.js';
import { startKdc, type TestKdc } from '../helpers/kdc.js';
import { startMini, waitFor } from '../helpers/mini.js';
import { loadRecording, typedShapeOf, type Recording } from '../helpers/recording.js';

let kdc: TestKdc;
let cluster: MiniCluster;
let auth: SpnegoAuth;

beforeAll(async () => {
  kdc = await startKdc();
  cluster = await startMini({ kerberos: { keytab: kdc.httpKeytab, realm: kdc.realm } });
  process.env.KRB5CCNAME = kdc.kinit('alice');
  auth = new SpnegoAuth(await loadKerberos());
}, 30_000);
afterAll(async () => {
  await cluster?.stop();
  kdc?.stop();
});

const rec = (name: string): Recording => loadRecording(`kerberos/${name}.http`);

/** The recorded request (method, path and query, body) sent to the matching mini daemon, with or without a ticket. */
async function replay(name: string, o: { spnego?: boolean; auth?: SpnegoAuth; target?: string; headers?: Record<string, string> } = {}) {
  const r = rec(name);
  const req = r.request as NonNullable<Recording['request']>;
  const base = name.startsWith('rm-') ? cluster.urls.resourceManager : name.startsWith('nm-') ? cluster.urls.nodeManager : cluster.urls.nameNode;
  const headers: Record<string, string> = { accept: '*/*', ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}), ...o.headers };
  const request: HttpRequest = { method: req.method as HttpRequest['method'], url: `${base}${o.target ?? req.target}`, headers, body: req.body || undefined, ...(o.spnego ? { auth: o.auth ?? auth } : {}) };
  const res = await send(request);
  return { rec: r.final, got: { ...res, text: res.body.toString('utf8') } };
}

/** A Set-Cookie without its values: which fields, the auth type `t`, and the attributes (Path or not). */
function cookieShape(header: string): string {
  return header.replace(/"([^"]*)"/, (_, v: string) => `"${v.split('&').map((f) => (f.startsWith('t=') ? f : f.split('=')[0])).join('&')}"`);
}

/** An HDFS delegation token of alice's, from the mini's NameNode over SPNEGO. */
async function hdfsToken(): Promise<string> {
  const got = await replay('webhdfs-getdelegationtoken-kind-service', { spnego: true, target: '/webhdfs/v1/?op=GETDELEGATIONTOKEN&renewer=rm&kind=HDFS_DELEGATION_TOKEN&service=127.0.0.1:9000' });
  return (json(got.got.text) as { Token: { urlString: string } }).Token.urlString;
}

function json(text: string): unknown {
  return JSON.parse(text);
}

describe('Kerberized contract (recorded on a Kerberized Hadoop 3.3.6)', () => {
  it('without a ticket every daemon answers 401 Negotiate with Jetty\'s HTML page; user.name changes nothing; writes too', async () => {
    for (const name of ['rm-cluster-info-no-ticket', 'rm-cluster-info-no-ticket-user-name', 'rm-new-application-no-ticket', 'rm-delegation-token-post-no-ticket', 'nm-node-info-no-ticket', 'webhdfs-gethomedirectory-no-ticket', 'webhdfs-gethomedirectory-user-name', 'webhdfs-getdelegationtoken-no-ticket']) {
      const { rec: r, got } = await replay(name);
      const path = new URL(`http://x${(rec(name).request as NonNullable<Recording['request']>).target}`).pathname;
      expect(got.status, name).toBe(r.status);
      expect(got.statusText, name).toBe(r.statusText);
      for (const h of ['www-authenticate', 'set-cookie', 'content-type', 'cache-control']) expect(String(got.headers[h]), `${name} ${h}`).toBe(r.headers[h]);
      expect(got.text, name).toContain('<title>Error 401 Authentication required</title>');
      expect(got.text, name).toContain(`<tr><th>URI:</th><td>${path}</td></tr>`);
    }
  });

  it('a Negotiate token that is not Kerberos is 403 with the exception as the reason phrase and in the page', async () => {
    const { rec: r, got } = await replay('rm-cluster-info-bad-negotiate', { headers: { authorization: 'Negotiate bm90LWEtdG9rZW4=' } });
    expect(got.status).toBe(r.status);
    for (const h of ['set-cookie', 'content-type', 'cache-control']) expect(String(got.headers[h]), h).toBe(r.headers[h]);
    expect(got.statusText).not.toBe('');
    const escaped = got.statusText.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    expect(got.text).toContain(`<h2>HTTP ERROR 403 ${escaped}</h2>`);
    expect(got.text).toContain(`<tr><th>MESSAGE:</th><td>${escaped}</td></tr>`);
  });

  it('GETDELEGATIONTOKEN answers {"Token":{"urlString"}} with the kind and service inside the token', async () => {
    for (const [name, kind] of [['webhdfs-getdelegationtoken', 'WEBHDFS delegation'], ['webhdfs-getdelegationtoken-kind-service', 'HDFS_DELEGATION_TOKEN']] as const) {
      const target = (rec(name).request as NonNullable<Recording['request']>).target.replace('rm/localhost@LAB.APX', 'rm/127.0.0.1@APX.TEST').replace('127.0.0.1:29000', '127.0.0.1:9000');
      const { rec: r, got } = await replay(name, { spnego: true, target });
      expect(got.status, name).toBe(r.status);
      expect(got.headers['content-type'], name).toBe(r.headers['content-type']);
      expect(Object.fromEntries(typedShapeOf(json(got.text)))).toEqual(Object.fromEntries(typedShapeOf(json(r.body))));
      const token = decodeToken((json(got.text) as { Token: { urlString: string } }).Token.urlString);
      expect([token.kind, token.service], name).toEqual([kind, '127.0.0.1:9000']);
    }
  });

  it('a delegation= token with a wrong password is 403 SecurityException, worded as recorded', async () => {
    const token = decodeToken(await hdfsToken());
    const forged = encodeToken({ ...token, password: Buffer.alloc(token.password.length) });
    const { rec: r, got } = await replay('webhdfs-gethomedirectory-bad-delegation', { target: `/webhdfs/v1/?op=GETHOMEDIRECTORY&delegation=${forged}` });
    expect(got.status).toBe(r.status);
    expect(got.headers['content-type']).toBe(r.headers['content-type']);
    const recorded = (json(r.body) as { RemoteException: Record<string, string> }).RemoteException;
    const ours = (json(got.text) as { RemoteException: Record<string, string> }).RemoteException;
    expect(Object.keys(ours)).toEqual(Object.keys(recorded));
    expect([ours.exception, ours.javaClassName]).toEqual([recorded.exception, recorded.javaClassName]);
    const wording = (m: string) => m.replace(/\d{6,}/g, 'N').replace(/sequenceNumber=\d+, masterKeyId=\d+/, 'S');
    expect(wording(ours.message as string)).toBe(wording(recorded.message as string));
  });

  it('a delegation= value that is not a token at all is 500 NegativeArraySizeException, on WebHDFS and in a submission', async () => {
    for (const name of ['webhdfs-gethomedirectory-garbage-delegation']) {
      const { rec: r, got } = await replay(name);
      expect(got.status).toBe(r.status);
      expect(got.headers['content-type']).toBe(r.headers['content-type']);
      expect(got.text).toBe(r.body);
    }
    const id = (json((await replay('rm-new-application-spnego', { spnego: true })).got.text) as Record<string, string>)['application-id'] as string;
    const body = JSON.parse((rec('rm-submit-bad-token-value').request as NonNullable<Recording['request']>).body) as Record<string, unknown>;
    const submit = await send({ method: 'POST', url: `${cluster.urls.resourceManager}/ws/v1/cluster/apps`, auth, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, 'application-id': id }) });
    const r = rec('rm-submit-bad-token-value').final;
    expect(submit.status).toBe(r.status);
    expect(submit.headers['content-type']).toBe(r.headers['content-type']);
    expect(submit.body.toString('utf8')).toBe(r.body);
    expect(cluster.rm.apps.has(id)).toBe(false);
  });

  it('SPNEGO answers 200 with mutual auth and a hadoop.auth cookie typed per daemon (RM kerberos-dt, NodeManager without Path)', async () => {
    for (const name of ['rm-cluster-info-spnego', 'rm-new-application-spnego', 'rm-apps-list-spnego', 'nm-node-info-spnego', 'webhdfs-gethomedirectory-spnego']) {
      // A fresh client, so each request negotiates (a known cookie would be sent instead).
      const { rec: r, got } = await replay(name, { spnego: true, auth: new SpnegoAuth(await loadKerberos()) });
      expect(got.status, name).toBe(r.status);
      expect(got.headers['content-type'], name).toBe(r.headers['content-type']);
      expect(got.headers['www-authenticate'], name).toMatch(/^Negotiate \S+$/);
      expect(cookieShape(String(got.headers['set-cookie'])), name).toBe(cookieShape(r.headers['set-cookie'] as string));
      expect(Object.keys(json(got.text) as object), name).toEqual(Object.keys(json(r.body) as object));
    }
  });

  it('the cookie alone is enough: 200, no new cookie, no Negotiate header', async () => {
    const first = await replay('rm-cluster-info-spnego', { spnego: true, auth: new SpnegoAuth(await loadKerberos()) });
    const cookie = String(first.got.headers['set-cookie']).split(';')[0] as string;
    const { rec: r, got } = await replay('rm-cluster-info-cookie', { headers: { cookie } });
    expect(got.status).toBe(r.status);
    expect([got.headers['set-cookie'], got.headers['www-authenticate']]).toEqual([r.headers['set-cookie'], r.headers['www-authenticate']]);
  });

  it('delegation= instead of a ticket: 200 with no cookie; CREATE redirects carry a WEBHDFS token and the RPC address', async () => {
    const token = await hdfsToken();
    for (const name of ['webhdfs-gethomedirectory-delegation', 'webhdfs-liststatus-delegation']) {
      const target = (rec(name).request as NonNullable<Recording['request']>).target.replace(/delegation=[^&]+/, `delegation=${token}`).replace('/user/alice/rec', '/user');
      const { rec: r, got } = await replay(name, { target });
      expect(got.status, name).toBe(r.status);
      expect(got.headers['set-cookie'], name).toBe(r.headers['set-cookie']);
      expect(Object.keys(json(got.text) as object), name).toEqual(Object.keys(json(r.body) as object));
    }
    const spnego = await replay('webhdfs-create-namenode-307-spnego', { spnego: true, auth: new SpnegoAuth(await loadKerberos()) });
    const delegated = await replay('webhdfs-create-namenode-307-delegation', { target: `/webhdfs/v1/user/alice/rec-create.txt?op=CREATE&overwrite=true&delegation=${token}` });
    for (const [got, r] of [[spnego.got, spnego.rec], [delegated.got, delegated.rec]] as const) {
      expect(got.status).toBe(r.status);
      expect(got.headers['content-type']).toBe(r.headers['content-type']);
      const location = new URL(String(got.headers.location));
      expect([...location.searchParams.keys()].slice(0, 3)).toEqual([...new URL(r.headers.location as string).searchParams.keys()].slice(0, 3));
      expect(location.searchParams.get('namenoderpcaddress')).toBe('127.0.0.1:9000');
    }
    expect(decodeToken(new URL(String(spnego.got.headers.location)).searchParams.get('delegation') as string).kind).toBe('WEBHDFS delegation');
    expect(new URL(String(delegated.got.headers.location)).searchParams.get('delegation')).toBe(token);
  });

  it('the RM takes its own token in X-Hadoop-Delegation-Token, but not to hand out another', async () => {
    const rmToken = (json((await replay('rm-delegation-token-post', { spnego: true })).got.text) as { token: string }).token;
    const info = await replay('rm-cluster-info-dt-header', { headers: { 'x-hadoop-delegation-token': rmToken } });
    expect(info.got.status).toBe(info.rec.status);
    expect(Object.keys(json(info.got.text) as object)).toEqual(['clusterInfo']);
    const post = await replay('rm-delegation-token-post-with-dt-header', { headers: { 'x-hadoop-delegation-token': rmToken } });
    expect(post.got.status).toBe(post.rec.status);
    expect(post.got.headers['content-type']).toBe(post.rec.headers['content-type']);
    expect(post.got.text).toBe(post.rec.body);
  });

  it('a token the RM cannot renew (WEBHDFS kind, or another renewer): 202, then FAILED with the recorded diagnostics', async () => {
    const webhdfsKind = (json((await replay('webhdfs-getdelegationtoken', { spnego: true, target: '/webhdfs/v1/?op=GETDELEGATIONTOKEN&renewer=rm/127.0.0.1@APX.TEST' })).got.text) as { Token: { urlString: string } }).Token.urlString;
    const renewerAlice = (json((await replay('webhdfs-getdelegationtoken', { spnego: true, target: '/webhdfs/v1/?op=GETDELEGATIONTOKEN&renewer=alice&kind=HDFS_DELEGATION_TOKEN&service=127.0.0.1:9000' })).got.text) as { Token: { urlString: string } }).Token.urlString;
    for (const [submitName, reportName, token] of [['rm-submit-webhdfs-kind-token', 'rm-app-report-webhdfs-kind-token', webhdfsKind], ['rm-submit-token-renewer-alice', 'rm-app-report-token-renewer-alice', renewerAlice]] as const) {
      const id = (json((await replay('rm-new-application-spnego', { spnego: true })).got.text) as Record<string, string>)['application-id'] as string;
      const body = JSON.parse((rec(submitName).request as NonNullable<Recording['request']>).body) as { 'am-container-spec': { credentials: { tokens: { entry: { key: string; value: string }[] } } } };
      for (const e of body['am-container-spec'].credentials.tokens.entry) e.value = token;
      const submit = await send({ method: 'POST', url: `${cluster.urls.resourceManager}/ws/v1/cluster/apps`, auth, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, 'application-id': id }) });
      expect(submit.status, submitName).toBe(rec(submitName).final.status);
      const app = await waitFor(`${id} to fail`, async () => {
        const got = await send({ method: 'GET', url: `${cluster.urls.resourceManager}/ws/v1/cluster/apps/${id}`, auth });
        const a = (JSON.parse(got.body.toString('utf8')) as { app: Record<string, string> }).app;
        return ['FAILED', 'FINISHED', 'KILLED'].includes(a.state as string) ? a : undefined;
      });
      const recorded = (json(rec(reportName).final.body) as { app: Record<string, string> }).app;
      const normal = (d: string) => d.replaceAll('127.0.0.1:29000', 'RPC').replaceAll('127.0.0.1:9000', 'RPC').replace(/\d+/g, 'N');
      expect([app.state, app.finalStatus], reportName).toEqual([recorded.state, recorded.finalStatus]);
      expect(normal(app.diagnostics as string), reportName).toBe(normal(recorded.diagnostics as string));
    }
  });

  it('POST /delegation-token answers the recorded fields; the owner is the full principal', async () => {
    const { rec: r, got } = await replay('rm-delegation-token-post', { spnego: true });
    expect(got.status).toBe(r.status);
    expect(got.headers['content-type']).toBe(r.headers['content-type']);
    expect(Object.fromEntries(typedShapeOf(json(got.text)))).toEqual(Object.fromEntries(typedShapeOf(json(r.body))));
    const answer = json(got.text) as Record<string, string>;
    expect([answer.owner, answer.renewer, answer.kind]).toEqual([`alice@${kdc.realm}`, 'rm/localhost@LAB.APX', 'RM_DELEGATION_TOKEN']);
    expect(decodeToken(answer.token as string).service).toBe('');
  });
});
