/** The last line of defence: every error apx prints goes through redactText. */
import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from '../../src/net/redact.js';

describe('redaction of secrets in text apx prints', () => {
  it('hides SPNEGO and basic credentials, hadoop.auth cookies, and delegation tokens in URLs or JSON', () => {
    const text = [
      'WWW-Authenticate: Negotiate oYG2MIGzoAMKAQChCwYJKoZIgvcSAQIC',
      'sent Basic YW5hOlMzY3IzdA== to the gateway',
      'Set-Cookie: hadoop.auth="u=alice&p=alice@APX.TEST&t=kerberos&e=1&s=abc"',
      '{"Token":{"urlString":"KAAKaGRmcy1oZHA2NApKb2JUcmFja2Vy"}}',
      '{"token":"NAAFdXNlcjEFZHN4aGkSZHN4aGlARllSRS5JQk0","kind":"RM_DELEGATION_TOKEN"}',
      'http://dn:9864/webhdfs/v1/x?op=CREATE&delegation=KAAKaGRmcy1oZHA2&namenoderpcaddress=nn:8020',
    ].join('\n');
    const out = redactText(text);
    for (const secret of ['oYG2MIGzoAMKAQChCwYJKoZIgvcSAQIC', 'YW5hOlMzY3IzdA==', 'u=alice&p=', 'KAAKaGRmcy1oZHA2', 'NAAFdXNlcjEFZHN4aGkS']) expect(out).not.toContain(secret);
    expect(out).toContain('"kind":"RM_DELEGATION_TOKEN"');
    expect(out).toContain('namenoderpcaddress=nn:8020');
    expect(redactUrl('http://dn:9864/webhdfs/v1/x?op=OPEN&delegation=KAAKaGRm')).toBe('http://dn:9864/webhdfs/v1/x?op=OPEN&delegation=***');
  });

  it('leaves ordinary words alone', () => {
    const plain = 'Negotiate failed; Negotiate authentication is off; basic auth is off';
    expect(redactText(plain)).toBe(plain);
  });
});
