/**
 * What a standby daemon answers. A standby ResourceManager reports haState STANDBY at
 * /ws/v1/cluster/info and redirects REST calls to the active one with 307 (other pages get the
 * "This is standby RM" text); a standby NameNode refuses every operation with StandbyException.
 */
import type http from 'node:http';
import { sendJson, sendText, type MiniRequest } from './http-server.js';

export function standbyRmHandler(activeUrl: () => string, info: () => Record<string, unknown>) {
  return (req: MiniRequest, res: http.ServerResponse): void => {
    const target = `${activeUrl()}${req.url.pathname}${req.url.search}`;
    if (req.url.pathname.replace(/\/+$/, '') === '/ws/v1/cluster/info') return sendJson(res, 200, { clusterInfo: { ...info(), haState: 'STANDBY' } });
    if (req.url.pathname.startsWith('/ws/') || req.url.pathname.startsWith('/proxy/')) {
      res.writeHead(307, 'Temporary Redirect', { Location: target, 'Content-Length': '0', 'Cache-Control': 'no-cache' });
      res.end();
      return;
    }
    sendText(res, 200, `This is standby RM. The redirect url is: ${target}\n`);
  };
}

export function standbyNameNodeHandler() {
  return (_req: MiniRequest, res: http.ServerResponse): void => {
    sendJson(res, 403, { RemoteException: { exception: 'StandbyException', javaClassName: 'org.apache.hadoop.ipc.StandbyException', message: 'Operation category READ is not supported in state standby. Visit https://s.apache.org/sbnn-error' } }, {}, 'application/json');
  };
}
