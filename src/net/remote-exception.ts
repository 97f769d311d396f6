/**
 * Hadoop's REST services (RM, NM, WebHDFS) answer errors as
 * `{"RemoteException":{"exception","javaClassName","message"}}`; the proxies and the auth filter answer
 * HTML or a servlet JSON. This turns any error answer into the one typed error a user should see.
 */
import { AuthError, ClusterError } from '../errors.js';
import type { HttpResponse } from './http.js';
import { redactText } from './redact.js';

export interface RemoteException {
  exception: string;
  javaClassName?: string;
  message: string;
}

/** An error answer from a Hadoop service, with the Java exception it carried. */
export class RemoteError extends ClusterError {
  constructor(
    message: string,
    override readonly status: number,
    readonly exception: string,
    hint?: string,
  ) {
    super(message, hint, status, exception);
  }
}

export function readRemoteException(res: HttpResponse): RemoteException | undefined {
  try {
    const parsed = JSON.parse(res.body.toString('utf8')) as { RemoteException?: RemoteException };
    return parsed.RemoteException;
  } catch {
    return undefined;
  }
}

const AUTH_HINT =
  'Set the Hadoop user (HADOOP_USER_NAME or the profile\'s user) for simple auth, or run kinit on a Kerberos cluster.';

const IMPERSONATION_HINT =
  'The cluster must let your user act for that one: hadoop.proxyuser.<you>.users (or .groups) and .hosts in its core-site.xml, then hdfs dfsadmin / yarn rmadmin -refreshSuperUserGroupsConfiguration.';

/** The error to throw for a non-success answer to `what` (for example "submit application"). */
export function errorFromResponse(res: HttpResponse, what: string): ClusterError | AuthError {
  const remote = readRemoteException(res);
  if (res.status === 401) {
    return new AuthError(`${what}: the server requires authentication (401 ${res.statusText || 'Unauthorized'})`, AUTH_HINT);
  }
  if (remote) {
    // Hadoop puts the whole server-side stack trace in the message: one line is what a user can use.
    const firstLine = redactText(remote.message.split('\n')[0] ?? '').replace(/^java\.lang\.Exception: /, '');
    if (/is not allowed to impersonate|Unauthorized connection for super-user/.test(firstLine)) {
      // A proxy-user refusal (DefaultImpersonationProvider), as the RM (AuthorizationException) or WebHDFS (SecurityException) words it.
      return new AuthError(`${what}: permission denied: ${firstLine.replace(/^Failed to obtain user group information: org\.apache\.hadoop\.security\.authorize\.AuthorizationException: /, '')}`, IMPERSONATION_HINT);
    }
    if (remote.exception === 'AccessControlException' || remote.exception === 'AuthorizationException' || res.status === 403 && remote.exception === 'ForbiddenException') {
      return new AuthError(`${what}: permission denied: ${firstLine}`, 'Ask the cluster administrator for access, or submit as a user who has it.');
    }
    return new RemoteError(`${what}: ${remote.exception}: ${firstLine}`, res.status, remote.exception);
  }
  if (res.status === 403) {
    return new AuthError(`${what}: forbidden (403)`, AUTH_HINT);
  }
  const text = redactText(res.body.toString('utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).slice(0, 160);
  return new RemoteError(`${what}: the server answered ${res.status} ${res.statusText}${text ? `: ${text}` : ''}`, res.status, 'HttpError');
}
