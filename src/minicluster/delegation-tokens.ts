/**
 * The mini cluster's delegation token secret manager, as Hadoop's AbstractDelegationTokenSecretManager
 * does it: the identifier holds owner, renewer (a short name), issue and max dates, a sequence number
 * and the master key id; the password is HMAC-SHA1 of the identifier under the master key. A token
 * checks out only if its password does, it has not passed its max date, and, for a renewal, the
 * renewer is who asks.
 */
import crypto from 'node:crypto';
import { shortName } from '../security/gssapi.js';
import { decodeIdentifier, decodeToken, encodeIdentifier, encodeToken, type DelegationTokenIdentifier, type HadoopToken } from '../security/hadoop-token.js';

/** Hadoop's default max lifetime of a delegation token (7 days). */
const MAX_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** …and how long one lasts unrenewed (24 hours). */
export const RENEW_INTERVAL_MS = 24 * 3600 * 1000;

export type TokenCheck = { ok: true; token: HadoopToken; id: DelegationTokenIdentifier } | { ok: false; reason: string };

export class TokenAuthority {
  private readonly masterKey = crypto.randomBytes(20);
  private readonly masterKeyId = 1;
  private sequence = 0;

  issue(t: { kind: string; service: string; owner: string; renewer: string }): string {
    const now = Date.now();
    const identifier = encodeIdentifier({
      owner: t.owner, renewer: shortName(t.renewer), realUser: '', issueDate: now, maxDate: now + MAX_LIFETIME_MS,
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
      return { ok: false, reason: `token is malformed: ${(e as Error).message}` };
    }
    const expected = this.password(token.identifier);
    if (token.password.length !== expected.length || !crypto.timingSafeEqual(token.password, expected)) {
      return { ok: false, reason: `${hadoopTokenString(token, id)} can't be found in cache` };
    }
    if (id.maxDate < Date.now()) return { ok: false, reason: `${hadoopTokenString(token, id)} is expired` };
    return { ok: true, token, id };
  }

  private password(identifier: Buffer): Buffer {
    return crypto.createHmac('sha1', this.masterKey).update(identifier).digest();
  }
}

/** How Hadoop prints a token in its messages (Token.toString). */
export function hadoopTokenString(token: Pick<HadoopToken, 'kind' | 'service'>, id: DelegationTokenIdentifier): string {
  const date = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
  return `Kind: ${token.kind}, Service: ${token.service}, Ident: (token for ${id.owner}: ${token.kind} owner=${id.owner}, renewer=${id.renewer}, realUser=${id.realUser}, issueDate=${date(id.issueDate)}, maxDate=${date(id.maxDate)}, sequenceNumber=${id.sequenceNumber}, masterKeyId=${id.masterKeyId})`;
}
