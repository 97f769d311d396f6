/**
 * An Apache Knox-style gateway in front of the mini cluster: `<path>/resourcemanager/…` is the RM's
 * `/ws/…`, `<path>/webhdfs/v1/…` the NameNode's, and the DataNode redirects of WebHDFS are rewritten
 * to come back through the gateway (`<path>/webhdfs/data/v1/…`), as Knox does.
 */
import http from 'node:http';
import type { MiniRequest } from './http-server.js';
import { sendText } from './http-server.js';

export interface GatewayRoutes {
  path: string;
  selfUrl: () => string;
  rmUrl: () => string;
  nameNodeUrl: () => string;
  dataNodeUrl: () => string;
}

function forward(req: MiniRequest, res: http.ServerResponse, target: string, rewrite?: (location: string) => string): void {
  const url = new URL(target);
  const upstream = http.request(url, { method: req.method, headers: { ...req.raw.headers, host: url.host, authorization: '' } }, (up) => {
    const headers = { ...up.headers };
    if (rewrite && typeof headers.location === 'string') headers.location = rewrite(headers.location);
    res.writeHead(up.statusCode ?? 502, headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) sendText(res, 502, 'gateway: the service behind me did not answer');
    else res.destroy();
  });
  req.raw.pipe(upstream);
}

export function gatewayHandler(g: GatewayRoutes) {
  return (req: MiniRequest, res: http.ServerResponse): void => {
    const p = req.url.pathname;
    const q = req.url.search;
    if (p.startsWith(`${g.path}/resourcemanager/`)) return forward(req, res, `${g.rmUrl()}/ws/${p.slice(`${g.path}/resourcemanager/`.length)}${q}`);
    if (p.startsWith(`${g.path}/webhdfs/data/`)) return forward(req, res, `${g.dataNodeUrl()}/webhdfs/${p.slice(`${g.path}/webhdfs/data/`.length)}${q}`);
    if (p.startsWith(`${g.path}/webhdfs/`)) {
      return forward(req, res, `${g.nameNodeUrl()}${p.slice(g.path.length)}${q}`, (location) => {
        const l = new URL(location);
        return `${g.selfUrl()}${g.path}/webhdfs/data${l.pathname.replace(/^\/webhdfs/, '')}${l.search}`;
      });
    }
    sendText(res, 404, `gateway: no service at ${p}`);
  };
}
