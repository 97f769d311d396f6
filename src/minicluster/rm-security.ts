/**
 * What a secure ResourceManager and NodeManager do with delegation tokens: the RM hands out its own
 * token only over a Kerberos-authenticated channel, renews every token an application ships (and
 * rejects the application when one cannot be renewed), and the NodeManager localizes HDFS resources
 * with the application's HDFS token — without one, the AM never starts.
 */
import type http from 'node:http';
import type { SubmissionBody } from '../yarn/types.js';
import { shortName } from '../security/gssapi.js';
import { hadoopTokenString, RENEW_INTERVAL_MS } from './delegation-tokens.js';
import { sendJson, sendRemoteException, type MiniRequest } from './http-server.js';
import type { MiniKerberos } from './kerberos.js';
import { NN_RPC } from './webhdfs-server.js';

const RENEWABLE_KINDS = new Set(['HDFS_DELEGATION_TOKEN', 'RM_DELEGATION_TOKEN', 'WEBHDFS delegation', 'SWEBHDFS delegation']);
/** The RM renews these over HTTP at the token's service, the NameNode's RPC address: that always fails. */
const RENEWED_OVER_HTTP = new Set(['WEBHDFS delegation', 'SWEBHDFS delegation']);

/** POST /ws/v1/cluster/delegation-token (RMWebServices.postDelegationToken). */
export async function createRmDelegationToken(kerberos: MiniKerberos | undefined, req: MiniRequest, res: http.ServerResponse): Promise<void> {
  if (kerberos && req.authType === 'delegation-token') {
    // Recorded (kerberos/rm-delegation-token-post-with-dt-header.http): a bare sentence under a JSON content type.
    return sendJson(res, 403, 'Delegation token operations cannot be carried out using delegation token authentication.');
  }
  if (!kerberos || req.authType !== 'kerberos') {
    return sendRemoteException(res, 403, 'ForbiddenException', 'org.apache.hadoop.yarn.webapp.ForbiddenException',
      `org.apache.hadoop.yarn.exceptions.YarnException: Delegation token operations can only be carried out on a Kerberos authenticated channel. Expected auth type is kerberos, got type ${req.authType}`);
  }
  let renewer: string | undefined;
  try {
    renewer = (JSON.parse((await req.body()).toString('utf8')) as { renewer?: string }).renewer;
  } catch {
    renewer = undefined;
  }
  if (!renewer) return sendRemoteException(res, 400, 'BadRequestException', 'org.apache.hadoop.yarn.webapp.BadRequestException', 'Renewer must be specified');
  const token = kerberos.tokens.issue({ kind: 'RM_DELEGATION_TOKEN', service: '', owner: req.user, renewer, realUser: req.realUser });
  const now = Date.now();
  // Recorded (kerberos/rm-delegation-token-post.http): the answer names the owner by full principal.
  // The mini's identifier keeps the short name (the real one is protobuf with the principal).
  sendJson(res, 200, { token, renewer, owner: req.principal ?? req.user, kind: 'RM_DELEGATION_TOKEN', 'expiration-time': now + RENEW_INTERVAL_MS, 'max-validity': now + 7 * RENEW_INTERVAL_MS });
}

function shippedTokens(body: SubmissionBody): { key: string; value: string }[] {
  return body['am-container-spec']?.credentials?.tokens?.entry ?? [];
}

/**
 * DelegationTokenRenewer at submission: every token must renew, as the RM. Undefined when all do.
 * A failure is "Failed to renew token: <Token.toString>", whatever the cause (recorded:
 * kerberos/rm-app-report-token-renewer-alice.http, rm-app-report-webhdfs-kind-token.http).
 */
export function renewalFailure(kerberos: MiniKerberos, body: SubmissionBody): string | undefined {
  for (const { value } of shippedTokens(body)) {
    const check = kerberos.tokens.check(value);
    if (!check.ok) return `Failed to renew token: ${check.malformed ? check.reason : hadoopTokenString(check.token, check.id)}`;
    if (!RENEWABLE_KINDS.has(check.token.kind)) continue;
    if (check.id.renewer !== kerberos.rmUser || RENEWED_OVER_HTTP.has(check.token.kind)) return `Failed to renew token: ${hadoopTokenString(check.token, check.id)}`;
  }
  return undefined;
}

/** The NodeManager reads HDFS as the application, with its token for the NameNode's service. */
export function localizationFailure(kerberos: MiniKerberos, body: SubmissionBody, appUser: string): string | undefined {
  const usable = shippedTokens(body).some(({ value }) => {
    const check = kerberos.tokens.check(value);
    return check.ok && check.token.kind === 'HDFS_DELEGATION_TOKEN' && check.token.service === NN_RPC && shortName(check.id.owner) === appUser;
  });
  if (usable) return undefined;
  const msg = `DestHost:destPort 127.0.0.1:9000 , LocalHost:localPort localhost/127.0.0.1:0. Failed on local exception: java.io.IOException: org.apache.hadoop.security.AccessControlException: Client cannot authenticate via:[TOKEN, KERBEROS]`;
  return `${msg}\njava.io.IOException: ${msg}\n\tat org.apache.hadoop.yarn.server.nodemanager.containermanager.localizer.ResourceLocalizationService$LocalizerRunner.run(ResourceLocalizationService.java:1264)`;
}
