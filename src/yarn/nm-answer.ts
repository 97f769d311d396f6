/**
 * What a NodeManager's answer to a container-log request means. Only the answers a NodeManager gives
 * when the log is really not there (any more) count as "gone"; anything else is the NodeManager's
 * own failure, reported with its status and message, never passed off as a missing log.
 */
import { ClusterError, type AuthError } from '../errors.js';
import type { HttpResponse } from '../net/http.js';
import { errorFromResponse, readRemoteException } from '../net/remote-exception.js';
import { redactText, redactUrl } from '../net/redact.js';

/** A NodeManager that failed to serve a log it may well still have (a 500, an unexpected page). */
export class NodeManagerLogError extends ClusterError {
  constructor(
    readonly node: string,
    status: number,
    readonly detail: string,
  ) {
    super(
      `the NodeManager at ${node} answered ${status}${detail ? `: ${detail}` : ''}`,
      'The NodeManager could not serve the log; its own log (yarn-*-nodemanager-*.log) says why. The application itself is not affected.',
      status,
    );
  }
}

/**
 * True for the NodeManager's "no such log here" answers, as recorded on Hadoop 3.3.6:
 * - 404 text `java.lang.Exception: Cannot find this log on the local disk.` (nm-container-log-not-found)
 * - 404 text `java.lang.Exception: Unknown container. …` once the NM forgot a finished container
 *   (aggregated-logs/nows-ds-nm-containerlogs-stderr-finished)
 * - 404 RemoteException NotFoundException (aggregated-logs/ds-nm-container-finished)
 * - 307 to the log server (Location with redirected_from_node=true), empty body, once the logs were
 *   aggregated (aggregated-logs/ds-nm-containerlogs-stderr-finished)
 * A 404 page of some other shape (a proxy, a wrong port) is not the NodeManager saying the log is gone.
 */
export function logIsGone(res: HttpResponse): boolean {
  // The NodeManager marks its redirect to the log server; a 302 to a login page (an SSO proxy) is not "gone".
  if (res.status >= 300 && res.status < 400) return /[?&]redirected_from_node=true(&|$)/.test(res.headers.location ?? '');
  if (res.status !== 404) return false;
  const remote = readRemoteException(res);
  if (remote) return remote.exception === 'NotFoundException';
  return /^java\.lang\.Exception: /.test(res.body.toString('utf8'));
}

// Servlet containers wrap the real cause in these; the innermost one is what an operator can act on.
const WRAPPERS = /^(?:javax\.servlet\.ServletException|javax\.ws\.rs\.WebApplicationException|com\.sun\.jersey\.api\.container\.ContainerException): /;

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The one line worth showing from a NodeManager's error body: JSON RemoteException, Jetty's HTML error page, or text. */
export function nodeManagerMessage(res: HttpResponse): string {
  if (res.status >= 300 && res.status < 400 && res.headers.location) return `redirected to ${redactUrl(res.headers.location)}`;
  const remote = readRemoteException(res);
  const body = res.body.toString('utf8');
  let text: string;
  if (remote) text = `${remote.exception}: ${remote.message.split('\n')[0] ?? ''}`;
  else {
    // Jetty's error page (kerberos/lab-artefact-nm-containerlog-500-no-libhadoop): MESSAGE row, else the title.
    const html = /<th>MESSAGE:<\/th><td>([^<]*)<\/td>/.exec(body)?.[1] ?? /<title>(?:Error \d+ )?([^<]*)<\/title>/.exec(body)?.[1];
    text = html !== undefined ? unescapeHtml(html) : (body.split('\n').find((l) => l.trim()) ?? '');
  }
  text = text.trim();
  while (WRAPPERS.test(text)) text = text.replace(WRAPPERS, '');
  text = redactText(text.replace(/\s+/g, ' ')).slice(0, 240);
  return text || res.statusText;
}

/** The error for a log answer that is neither the log nor "gone": who we are (401/403) or the NodeManager's own failure. */
export function nodeManagerLogError(res: HttpResponse, node: string, what: string): ClusterError | AuthError {
  if (res.status === 401 || res.status === 403) return errorFromResponse(res, what);
  return new NodeManagerLogError(node, res.status, nodeManagerMessage(res));
}
