/**
 * The mini cluster's delegation token secret manager, as Hadoop's AbstractDelegationTokenSecretManager
 * does it: the identifier holds owner, renewer (a short name), issue and max dates, a sequence number
 * and the master key id; the password is HMAC-SHA1 of the identifier under the master key. A token
 * checks out only if its password does, it has not passed its max date, and, for a renewal, the
 * renewer is who asks.
 */
import crypto from 'node:crypto';
import { shortName } from '../security/gssapi.js';
import { decodeIdentifier, decodeToken, encodeIdentifier, encodeToken, TokenFormatError, type DelegationTokenIdentifier, type HadoopToken } from '../security/hadoop-token.js';

/** Hadoop's default max lifetime of a delegation token (7 days). */
const MAX_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** …and how long one lasts unrenewed (24 hours). */
export const RENEW_INTERVAL_MS = 24 * 3600 * 1000;

export type TokenCheck =
  | { ok: true; token: HadoopToken; id: DelegationTokenIdentifier }
  | { ok: false; reason: string; malformed: true; negativeLength?: number }
  /** `issued`: one of ours (sequence and key match) whose password is wrong, not a stranger's. */
  | { ok: false; reason: string; malformed: false; token: HadoopToken; id: DelegationTokenIdentifier; problem: 'unknown' | 'password' | 'expired' };

export class TokenAuthority {
  private readonly masterKey = crypto.randomBytes(20);
  private readonly masterKeyId = 1;
  private sequence = 0;

  /** `realUser`: for a proxy user's token, who authenticated (AbstractDelegationTokenIdentifier's realUser). */
  issue(t: { kind: string; service: string; owner: string; renewer: string; realUser?: string }): string {
    const now = Date.now();
    const identifier = encodeIdentifier({
      owner: t.owner, renewer: shortName(t.renewer), realUser: t.realUser ?? '', issueDate: now, maxDate: now + MAX_LIFETIME_MS,
      sequenceNumber: ++this.sequence, masterKeyId: this.masterKeyId,
    });
    return encodeToken({ identifier, password: this.password(identifier), kind: t.kind, service: t.service });
  }

  check(urlString: string): TokenCheck {
    let token: HadoopToken;
    let id: DelegationTokenIdentifier;
    try {
      token = decodeToken(urlString);
      id = decodeIdentifier(token.identifier);
    } catch (e) {
      return { ok: false, reason: `token is malformed: ${(e as Error).message}`, malformed: true, negativeLength: e instanceof TokenFormatError ? e.negativeLength : undefined };
    }
    const expected = this.password(token.identifier);
    if (token.password.length !== expected.length || !crypto.timingSafeEqual(token.password, expected)) {
      const issued = id.masterKeyId === this.masterKeyId && id.sequenceNumber >= 1 && id.sequenceNumber <= this.sequence;
      return { ok: false, reason: `${hadoopTokenString(token, id)} can't be found in cache`, malformed: false, token, id, problem: issued ? 'password' : 'unknown' };
    }
    if (id.maxDate < Date.now()) return { ok: false, reason: `${hadoopTokenString(token, id)} is expired`, malformed: false, token, id, problem: 'expired' };
    return { ok: true, token, id };
  }

  private password(identifier: Buffer): Buffer {
    return crypto.createHmac('sha1', this.masterKey).update(identifier).digest();
  }
}

/**
 * How Hadoop prints a token identifier: AbstractDelegationTokenIdentifier.toString, dates in ms; HDFS's
 * identifiers prefix "token for <owner>: " (kerberos/webhdfs-gethomedirectory-bad-delegation.http), the
 * RM's do not (kerberos/rm-delegation-token-renew.http).
 */
export function identString(kind: string, id: DelegationTokenIdentifier): string {
  const fields = `${kind} owner=${id.owner}, renewer=${id.renewer}, realUser=${id.realUser}, issueDate=${id.issueDate}, maxDate=${id.maxDate}, sequenceNumber=${id.sequenceNumber}, masterKeyId=${id.masterKeyId}`;
  return kind === 'RM_DELEGATION_TOKEN' ? fields : `token for ${id.owner}: ${fields}`;
}

/** How Hadoop prints a token in its messages (Token.toString), as in kerberos/rm-app-report-token-renewer-alice.http. */
export function hadoopTokenString(token: Pick<HadoopToken, 'kind' | 'service'>, id: DelegationTokenIdentifier): string {
  return `Kind: ${token.kind}, Service: ${token.service}, Ident: (${identString(token.kind, id)})`;
}

/**
 * What the NameNode answers a `delegation=` parameter that does not check out (JspHelper.getUGI):
 * garbage fails decoding with NegativeArraySizeException (500, kerberos/webhdfs-gethomedirectory-
 * garbage-delegation.http); a token that does not verify is a SecurityException wrapping the secret
 * manager's InvalidToken (403, kerberos/webhdfs-gethomedirectory-bad-delegation.http). The wording of
 * the unknown and expired cases follows AbstractDelegationTokenSecretManager (not recorded).
 */
export function delegationParamFailure(check: Extract<TokenCheck, { ok: false }>): { status: number; exception: string; javaClassName: string; message: string } {
  if (check.malformed) {
    if (check.negativeLength !== undefined) return { status: 500, exception: 'NegativeArraySizeException', javaClassName: 'java.lang.NegativeArraySizeException', message: String(check.negativeLength) };
    return { status: 403, exception: 'SecurityException', javaClassName: 'java.lang.SecurityException', message: `Failed to obtain user group information: java.io.IOException: ${check.reason}` };
  }
  const { token, id } = check;
  const ident = `(${identString(token.kind, id)})`;
  const why = { password: "is invalid, password doesn't match", unknown: "can't be found in cache", expired: `is expired, current time: ${Date.now()} expected renewal time: ${id.maxDate}` }[check.problem];
  return { status: 403, exception: 'SecurityException', javaClassName: 'java.lang.SecurityException', message: `Failed to obtain user group information: org.apache.hadoop.security.token.SecretManager$InvalidToken: token ${ident} ${why}` };
}
