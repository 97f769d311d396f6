/**
 * Hadoop's token wire format, checked against tokens real clusters printed in public: a KMS token
 * from HADOOP-12521's documentation request and an HDFS token for an HA nameservice from IBM's
 * delegation-token endpoint docs. Decoding them field by field and re-encoding them byte for byte is
 * what lets apx set the RM token's service without breaking it.
 */
import { describe, expect, it } from 'vitest';
import { TokenFormatError, decodeIdentifier, decodeToken, encodeIdentifier, encodeToken, writeVLong } from '../../src/security/hadoop-token.js';

const KMS_TOKEN = 'KAAKaGRmcy1oZHA2NApKb2JUcmFja2VyAIoBUKtGzIGKAVDPU1CBBwQUKoAqp3yAQe2JrbuL26feN8Kv_EAGa21zLWR0AA';
const HDFS_HA_TOKEN = 'NAAFdXNlcjEFZHN4aGkSZHN4aGlARllSRS5JQk0uQ09NigFz_1WBFIoBdCNiBRSOIcKOA2YUIL4Lk3BvwhlTZOMNP4G5TrTgmLMVSERGU19ERUxFR0FUSU9OX1RPS0VOD2hhLWhkZnM6bWFnaWNucw';

describe('Hadoop delegation tokens (Token.encodeToUrlString)', () => {
  it('decodes real tokens: kind, service, and the identifier\'s owner, renewer and dates', () => {
    const kms = decodeToken(KMS_TOKEN);
    expect([kms.kind, kms.service, kms.password.length]).toEqual(['kms-dt', '', 20]);
    expect(decodeIdentifier(kms.identifier)).toEqual({
      owner: 'hdfs-hdp64', renewer: 'JobTracker', realUser: '', issueDate: 1445982555265, maxDate: 1446587355265, sequenceNumber: 7, masterKeyId: 4,
    });
    const hdfs = decodeToken(HDFS_HA_TOKEN);
    expect([hdfs.kind, hdfs.service]).toEqual(['HDFS_DELEGATION_TOKEN', 'ha-hdfs:magicns']);
    expect(decodeIdentifier(hdfs.identifier)).toMatchObject({ owner: 'user1', renewer: 'dsxhi', realUser: 'dsxhi@FYRE.IBM.COM', sequenceNumber: 8642, masterKeyId: 870 });
  });

  it('re-encodes byte for byte, and changes only the service when asked', () => {
    for (const t of [KMS_TOKEN, HDFS_HA_TOKEN]) expect(encodeToken(decodeToken(t))).toBe(t);
    const moved = decodeToken(encodeToken({ ...decodeToken(KMS_TOKEN), service: '10.0.0.1:8032,10.0.0.2:8032' }));
    expect(moved.service).toBe('10.0.0.1:8032,10.0.0.2:8032');
    expect(moved.identifier.equals(decodeToken(KMS_TOKEN).identifier)).toBe(true);
    expect(moved.password.equals(decodeToken(KMS_TOKEN).password)).toBe(true);
  });

  it('writes variable-length longs as Hadoop\'s WritableUtils does', () => {
    expect(writeVLong(0).toString('hex')).toBe('00');
    expect(writeVLong(127).toString('hex')).toBe('7f');
    expect(writeVLong(-112).toString('hex')).toBe('90');
    expect(writeVLong(128).toString('hex')).toBe('8f80');
    expect(writeVLong(-113).toString('hex')).toBe('8770');
    expect(writeVLong(1445982555265).toString('hex')).toBe('8a0150ab46cc81');
    const id = { owner: 'alice', renewer: 'rm', realUser: '', issueDate: Date.UTC(2026, 10, 24), maxDate: Date.UTC(2026, 11, 1), sequenceNumber: 300, masterKeyId: -5 };
    expect(decodeIdentifier(encodeIdentifier(id))).toEqual(id);
  });

  it('refuses what is not a token instead of misreading it', () => {
    expect(() => decodeToken('not a token!')).toThrow(TokenFormatError);
    expect(() => decodeToken(KMS_TOKEN.slice(0, 30))).toThrow(TokenFormatError);
  });
});
