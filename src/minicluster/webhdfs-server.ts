/**
 * WebHDFS as a NameNode (port "9870") and a DataNode (port "9864") answer it: the NameNode
 * redirects CREATE/OPEN/GETFILECHECKSUM with 307 to the DataNode, which takes the bytes.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { HdfsError, type HdfsStore } from './hdfs-store.js';
import type { Faults } from './faults.js';
import { sendJson, type MiniRequest } from './http-server.js';
import type { TokenAuthority } from './delegation-tokens.js';
import { chooseDataNode, type DataNodeAddress } from './datanode-choice.js';

const JSON_TYPE = 'application/json';
export const NN_RPC = '127.0.0.1:9000';

const GET_OPS = ['OPEN', 'GETFILESTATUS', 'LISTSTATUS', 'GETCONTENTSUMMARY', 'GETFILECHECKSUM', 'GETHOMEDIRECTORY', 'GETXATTRS', 'LISTSTATUS_BATCH', 'GETDELEGATIONTOKEN'];
const PUT_OPS = ['CREATE', 'MKDIRS', 'RENAME', 'SETPERMISSION', 'SETTIMES', 'SETXATTR', 'SETOWNER', 'SETREPLICATION'];
const DELETE_OPS = ['DELETE'];

export interface WebHdfsContext {
  store: HdfsStore;
  faults: Faults;
  /** Every DataNode, in the order the mini prefers them (see datanode-choice.ts). */
  dataNodes: () => DataNodeAddress[];
  /** An address where nothing listens, for the "DataNode redirect fails" fault. */
  deadDataNodeUrl: () => string;
  /** With Kerberos on: the secret manager behind GETDELEGATIONTOKEN and the DataNode's `delegation=` check. */
  tokens?: TokenAuthority;
}

function hdfsPath(req: MiniRequest): string {
  const p = decodeURIComponent(req.url.pathname.replace(/^\/webhdfs\/v1/, ''));
  return p === '' ? '/' : p;
}

/** WebHDFS orders the RemoteException fields exception, javaClassName, message (the RM does not). */
function sendRemoteException(res: http.ServerResponse, status: number, exception: string, javaClassName: string, message: string, contentType: string): void {
  sendJson(res, status, { RemoteException: { exception, javaClassName, message } }, {}, contentType);
}

function fail(res: http.ServerResponse, e: unknown): void {
  if (e instanceof HdfsError) sendRemoteException(res, e.status, e.exception, e.javaClassName, e.message, JSON_TYPE);
  else throw e;
}

function notFound(res: http.ServerResponse, message: string): void {
  sendRemoteException(res, 404, 'FileNotFoundException', 'java.io.FileNotFoundException', message, JSON_TYPE);
}

function ok(res: http.ServerResponse, body: unknown): void {
  sendJson(res, 200, body, {}, JSON_TYPE);
}

function okEmpty(res: http.ServerResponse): void {
  sendJson(res, 200, '', {}, 'application/octet-stream');
}

export function nameNodeHandler(ctx: WebHdfsContext) {
  return async (req: MiniRequest, res: http.ServerResponse): Promise<void> => {
    if (!req.url.pathname.startsWith('/webhdfs/v1')) {
      sendJson(res, 404, 'Not Found', {}, 'text/plain');
      return;
    }
    const op = (req.url.searchParams.get('op') ?? '').toUpperCase();
    const allowed = req.method === 'GET' ? GET_OPS : req.method === 'PUT' ? PUT_OPS : req.method === 'DELETE' ? DELETE_OPS : [];
    if (!allowed.includes(op)) {
      sendRemoteException(res, 400, 'IllegalArgumentException', 'java.lang.IllegalArgumentException', `Invalid value for webhdfs parameter "op": ${req.url.searchParams.get('op') ?? ''} is not a valid ${req.method} operation.`, JSON_TYPE);
      return;
    }
    try {
      await nameNodeOp(ctx, op, req, res);
    } catch (e) {
      fail(res, e);
    }
  };
}

async function nameNodeOp(ctx: WebHdfsContext, op: string, req: MiniRequest, res: http.ServerResponse): Promise<void> {
  const { store } = ctx;
  const p = hdfsPath(req);
  const q = req.url.searchParams;
  const node = store.lookup(p);
  switch (op) {
    case 'GETHOMEDIRECTORY':
      return ok(res, { Path: `/user/${req.user}` });
    case 'GETDELEGATIONTOKEN':
      return ok(res, { Token: delegationToken(ctx, req) });
    case 'MKDIRS':
      store.mkdirs(p, req.user, q.get('permission') ?? '755');
      return ok(res, { boolean: true });
    case 'GETFILESTATUS':
      if (!node) return notFound(res, `File does not exist: ${p}`);
      return ok(res, { FileStatus: store.status(node, false) });
    case 'LISTSTATUS':
      if (!node) return notFound(res, `File ${p} does not exist.`);
      return ok(res, { FileStatuses: { FileStatus: node.type === 'FILE' ? [store.status(node, false)] : [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => store.status(c, true)) } });
    case 'GETCONTENTSUMMARY':
      if (!node) return notFound(res, `File does not exist: ${p}`);
      return ok(res, { ContentSummary: store.contentSummary(node) });
    case 'RENAME':
      return ok(res, { boolean: store.rename(p, q.get('destination') ?? '') });
    case 'DELETE':
      return ok(res, { boolean: store.delete(p, q.get('recursive') === 'true') });
    case 'SETPERMISSION':
      if (!node) return notFound(res, `File does not exist: ${p}`);
      node.permission = q.get('permission') ?? '755';
      return okEmpty(res);
    case 'SETOWNER':
    case 'SETREPLICATION':
      if (!node) return notFound(res, `File does not exist: ${p}`);
      return okEmpty(res);
    case 'SETTIMES':
      if (!node) return notFound(res, `File does not exist: ${p}`);
      if (q.get('modificationtime') && q.get('modificationtime') !== '-1') node.modificationTime = Number(q.get('modificationtime'));
      if (q.get('accesstime') && q.get('accesstime') !== '-1') node.accessTime = Number(q.get('accesstime'));
      return okEmpty(res);
    case 'SETXATTR': {
      if (!node) return notFound(res, `File does not exist: ${p}`);
      const name = q.get('xattr.name') ?? '';
      if (!/^(user|trusted|security|system|raw)\./.test(name)) {
        throw new HdfsError(400, 'HadoopIllegalArgumentException', 'org.apache.hadoop.HadoopIllegalArgumentException', "An XAttr name must be prefixed with user/trusted/security/system/raw, followed by a '.'");
      }
      node.xattrs.set(name, q.get('xattr.value') ?? '');
      return okEmpty(res);
    }
    case 'GETXATTRS': {
      if (!q.get('encoding')) {
        throw new HdfsError(400, 'IllegalArgumentException', 'java.lang.IllegalArgumentException', 'Required param encoding for op: GETXATTRS is null or empty');
      }
      if (!node) return notFound(res, `File does not exist: ${p}`);
      const wanted = q.getAll('xattr.name');
      const attrs = [...node.xattrs].filter(([k]) => wanted.length === 0 || wanted.includes(k)).map(([name, value]) => ({ name, value }));
      return ok(res, { XAttrs: attrs });
    }
    case 'CREATE':
      return redirectToDataNode(ctx, req, res, p, `&createflag=&createparent=true&overwrite=${q.get('overwrite') ?? 'false'}${q.get('permission') ? `&permission=${q.get('permission')}` : ''}`);
    case 'OPEN':
      if (!node || node.type !== 'FILE') return notFound(res, `File does not exist: ${p}`);
      return redirectToDataNode(ctx, req, res, p, `${q.get('length') ? `&length=${q.get('length')}` : ''}&offset=${q.get('offset') ?? '0'}`);
    case 'GETFILECHECKSUM':
      if (!node || node.type !== 'FILE') return notFound(res, `File does not exist: ${p}`);
      return redirectToDataNode(ctx, req, res, p, '');
    default:
      throw new HdfsError(400, 'UnsupportedOperationException', 'java.lang.UnsupportedOperationException', `${op} is not supported by the mini cluster`);
  }
}

/** Security off: `{"Token":null}`. On: a token labelled as asked (kind/service), else as WebHDFS labels it. */
function delegationToken(ctx: WebHdfsContext, req: MiniRequest): { urlString: string } | null {
  if (!ctx.tokens) return null;
  if (req.authType !== 'kerberos') {
    throw new HdfsError(403, 'IOException', 'java.io.IOException', 'Delegation Token can be issued only with kerberos or web authentication');
  }
  const q = req.url.searchParams;
  const urlString = ctx.tokens.issue({ kind: q.get('kind') ?? 'WEBHDFS delegation', service: q.get('service') ?? NN_RPC, owner: req.user, renewer: q.get('renewer') ?? req.user, realUser: req.realUser });
  return { urlString };
}

function redirectToDataNode(ctx: WebHdfsContext, req: MiniRequest, res: http.ServerResponse, p: string, extra: string): void {
  const op = req.url.searchParams.get('op')?.toUpperCase();
  const broken = op === 'CREATE' && ctx.faults.brokenDataNodeRedirects > 0;
  if (broken) ctx.faults.brokenDataNodeRedirects--;
  const base = broken ? ctx.deadDataNodeUrl() : chooseDataNode(ctx.dataNodes(), req.url.searchParams.get('excludedatanodes')).url;
  // With security on the DataNode trusts a delegation token, never a user name (NamenodeWebHdfsMethods.redirectURI);
  // one the NameNode mints is labelled as WebHDFS labels it (kerberos/webhdfs-create-namenode-307-spnego.http).
  const who = ctx.tokens
    ? `delegation=${req.url.searchParams.get('delegation') ?? ctx.tokens.issue({ kind: 'WEBHDFS delegation', service: NN_RPC, owner: req.user, renewer: req.user, realUser: req.realUser })}`
    // Without security the NameNode passes doas and user.name on as given (NamenodeWebHdfsMethods.redirectURI).
    : req.realUser ? `doas=${encodeURIComponent(req.user)}&user.name=${encodeURIComponent(req.realUser)}` : `user.name=${encodeURIComponent(req.user)}`;
  const location = `${base}/webhdfs/v1${encodeURI(p)}?op=${op}&${who}&namenoderpcaddress=${NN_RPC}${extra}`;
  if (req.url.searchParams.get('noredirect') === 'true') return ok(res, { Location: location });
  res.writeHead(307, 'Temporary Redirect', {
    'Cache-Control': 'no-cache', Date: new Date().toUTCString(), Pragma: 'no-cache', Location: location,
    'Content-Type': 'application/octet-stream', 'Content-Length': '0',
  });
  res.end();
}

/** The DataNode side: CREATE takes the body and writes it; OPEN and GETFILECHECKSUM read. */
export function dataNodeHandler(ctx: WebHdfsContext) {
  return async (req: MiniRequest, res: http.ServerResponse): Promise<void> => {
    const p = hdfsPath(req);
    const q = req.url.searchParams;
    const op = (q.get('op') ?? '').toUpperCase();
    const dnJson = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', Connection: 'close' });
      res.end(JSON.stringify(body));
    };
    const user = dataNodeUser(ctx, q);
    if (typeof user !== 'string') {
      req.raw.resume();
      return dnJson(403, { RemoteException: user });
    }
    if (op === 'CREATE' && req.method === 'PUT') {
      let file;
      try {
        file = ctx.store.createFile(p, user, q.get('overwrite') === 'true', q.get('permission') ?? '644');
      } catch (e) {
        // Recorded: the DataNode refuses an existing file only after the data was sent.
        req.raw.resume();
        await new Promise((r) => req.raw.on('end', r).on('error', r));
        if (e instanceof HdfsError) return dnJson(e.status, { RemoteException: { exception: e.exception, javaClassName: e.javaClassName, message: e.message } });
        throw e;
      }
      await receiveInto(ctx, req, file.blob as string).then(
        (length) => {
          ctx.store.completeFile(file, length);
          res.writeHead(201, { Location: `hdfs://${NN_RPC}${p}`, 'Content-Length': '0', 'Access-Control-Allow-Origin': '*', Connection: 'close' });
          res.end();
        },
        () => {
          // The client went away mid-upload: like HDFS after lease recovery, the partial file stays.
          const written = fs.existsSync(file.blob as string) ? fs.statSync(file.blob as string).size : 0;
          ctx.store.completeFile(file, written);
        },
      );
      return;
    }
    const node = ctx.store.lookup(p);
    if (!node || node.type !== 'FILE') return dnJson(404, { RemoteException: { exception: 'FileNotFoundException', javaClassName: 'java.io.FileNotFoundException', message: `File does not exist: ${p}` } });
    if (op === 'OPEN' && req.method === 'GET') {
      const offset = Number(q.get('offset') ?? 0);
      const length = q.get('length') ? Number(q.get('length')) : undefined;
      const data = ctx.store.read(node, offset, length);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(data.length), 'Access-Control-Allow-Origin': '*', Connection: 'close' });
      res.end(data);
      return;
    }
    if (op === 'GETFILECHECKSUM' && req.method === 'GET') return dnJson(200, ctx.store.checksum(node));
    dnJson(400, { RemoteException: { exception: 'IllegalArgumentException', javaClassName: 'java.lang.IllegalArgumentException', message: `Invalid operation ${op}` } });
  };
}

/** Without security the redirect names the user; with it, only a valid delegation token does. */
function dataNodeUser(ctx: WebHdfsContext, q: URLSearchParams): string | { exception: string; javaClassName: string; message: string } {
  // DataNodeUGIProvider: the NameNode authorized the proxy already; the DataNode acts as the doas user.
  if (!ctx.tokens) return q.get('doas') ?? q.get('user.name') ?? 'dr.who';
  const token = q.get('delegation');
  if (!token) return { exception: 'SecurityException', javaClassName: 'java.lang.SecurityException', message: 'Failed to obtain user group information: java.io.IOException: Security enabled but user not authenticated by filter' };
  const check = ctx.tokens.check(token);
  return check.ok ? check.id.owner : { exception: 'InvalidToken', javaClassName: 'org.apache.hadoop.security.token.SecretManager$InvalidToken', message: check.reason };
}

/** Streams the request body to disk; rejects when the client disconnects or a reset fault fires. */
function receiveInto(ctx: WebHdfsContext, req: MiniRequest, blob: string): Promise<number> {
  const resetAfter = ctx.faults.takeUploadReset();
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(blob);
    let received = 0;
    let failed = false;
    const abort = (e: Error) => {
      if (failed) return;
      failed = true;
      out.end(() => reject(e));
    };
    req.raw.on('data', (chunk: Buffer) => {
      if (failed) return;
      received += chunk.length;
      if (resetAfter !== undefined && received >= resetAfter) {
        out.write(chunk.subarray(0, chunk.length - (received - resetAfter)));
        req.raw.socket.destroy();
        abort(new Error('reset injected'));
        return;
      }
      if (!out.write(chunk)) {
        req.raw.pause();
        out.once('drain', () => req.raw.resume());
      }
    });
    req.raw.on('aborted', () => abort(new Error('client aborted')));
    req.raw.on('error', (e) => abort(e));
    req.raw.on('end', () => {
      if (failed) return;
      out.end(() => resolve(received));
    });
  });
}
