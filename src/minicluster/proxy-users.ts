/**
 * Hadoop proxy users (`doAs=`) as the daemons check them. No recording covers impersonation: this
 * follows Hadoop 3.3.6's sources. DefaultImpersonationProvider.authorize: the real user's
 * hadoop.proxyuser.<short name>.users / .groups (comma lists, `*` for all) must admit the proxied
 * user, then .hosts (IPs, CIDRs, host names, `*`) the client's address; refusals are
 * AuthorizationException "User: <real> is not allowed to impersonate <user>" and "Unauthorized
 * connection for super-user: <real> from IP <address>". Groups come from
 * hadoop.user.group.static.mapping.overrides ("user=group1,group2;user2=;"), the mini cluster having
 * no OS group lookup. The answers: the RM's DelegationTokenAuthenticationFilter sends 403 through
 * HttpExceptionUtils.createServletExceptionResponse ({"RemoteException":{"message","exception",
 * "javaClassName"}}); the NameNode's JspHelper.getUGI failure surfaces as WebHDFS's 403
 * SecurityException "Failed to obtain user group information: <the AuthorizationException>".
 */
import type http from 'node:http';
import { sendJson } from './http-server.js';

export type ProxyUserConf = ReadonlyMap<string, string>;

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function staticGroups(conf: ProxyUserConf, user: string): string[] {
  for (const entry of (conf.get('hadoop.user.group.static.mapping.overrides') ?? 'dr.who=;').split(';')) {
    const [name, groups] = entry.split('=');
    if (name?.trim() === user) return list(groups);
  }
  return [];
}

function ipv4(addr: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addr);
  return m ? m.slice(1).reduce((a, p) => a * 256 + Number(p), 0) : undefined;
}

/** MachineList.includes, for the forms a test or a laptop uses. */
function hostAllowed(entries: string[], address: string): boolean {
  const ip = ipv4(address);
  return entries.some((e) => {
    if (e === '*' || e === address || (e === 'localhost' && address === '127.0.0.1')) return true;
    const cidr = /^(.+)\/(\d+)$/.exec(e);
    if (!cidr || ip === undefined) return false;
    const base = ipv4(cidr[1] as string);
    const bits = Number(cidr[2]);
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return base !== undefined && ((base & mask) >>> 0) === ((ip & mask) >>> 0);
  });
}

/** undefined when `realShort` may act as `proxied` from `address`; else the AuthorizationException message. */
export function impersonationRefusal(conf: ProxyUserConf, realUser: string, realShort: string, proxied: string, address: string): string | undefined {
  const prefix = `hadoop.proxyuser.${realShort}`;
  const users = conf.get(`${prefix}.users`);
  const groups = conf.get(`${prefix}.groups`);
  const userOk = users !== undefined && (users.trim() === '*' || list(users).includes(proxied));
  const groupOk = groups !== undefined && (groups.trim() === '*' || staticGroups(conf, proxied).some((g) => list(groups).includes(g)));
  if (!userOk && !groupOk) return `User: ${realUser} is not allowed to impersonate ${proxied}`;
  const hosts = conf.get(`${prefix}.hosts`);
  if (hosts === undefined || !hostAllowed(list(hosts), address)) return `Unauthorized connection for super-user: ${realUser} from IP ${address}`;
  return undefined;
}

/** Hadoop reads doAs case-insensitively (DelegationTokenAuthenticationFilter.getDoAs; WebHDFS's DoAsParam "doas"). */
export function doAsOf(url: URL): string | undefined {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === 'doas' && v) return v;
  return undefined;
}

export function clientAddress(raw: http.IncomingMessage): string {
  return (raw.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

export function sendImpersonationRefused(res: http.ServerResponse, daemon: 'rm' | 'namenode', message: string): void {
  if (daemon === 'namenode') {
    sendJson(res, 403, { RemoteException: { exception: 'SecurityException', javaClassName: 'java.lang.SecurityException', message: `Failed to obtain user group information: org.apache.hadoop.security.authorize.AuthorizationException: ${message}` } }, {}, 'application/json');
    return;
  }
  sendJson(res, 403, { RemoteException: { message, exception: 'AuthorizationException', javaClassName: 'org.apache.hadoop.security.authorize.AuthorizationException' } }, {}, 'application/json');
}
