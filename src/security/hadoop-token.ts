/**
 * Hadoop's delegation token as the REST APIs carry it: `Token.encodeToUrlString()`, i.e. the
 * Writable form (vint-length identifier, vint-length password, Text kind, Text service) in URL-safe
 * base64 without padding. apx reads it to learn a token's kind and service and to set the service
 * of the RM's token (the RM leaves it empty); it never needs the password, and never prints one.
 */

export interface HadoopToken {
  identifier: Buffer;
  password: Buffer;
  kind: string;
  service: string;
}

/** AbstractDelegationTokenIdentifier's fields (HDFS and RM delegation tokens). */
export interface DelegationTokenIdentifier {
  owner: string;
  renewer: string;
  realUser: string;
  issueDate: number;
  maxDate: number;
  sequenceNumber: number;
  masterKeyId: number;
}

export class TokenFormatError extends Error {
  /** Set when a length read is negative: Hadoop's Writable reader then fails with NegativeArraySizeException(length). */
  constructor(message: string, readonly negativeLength?: number) {
    super(message);
  }
}

/** WritableUtils.writeVLong: one byte for -112..127, else a length byte and big-endian bytes. */
export function writeVLong(value: number): Buffer {
  if (value >= -112 && value <= 127) return Buffer.from([value & 0xff]);
  let v = BigInt(value);
  let len = -112;
  if (v < 0n) {
    v = ~v;
    len = -120;
  }
  const bytes: number[] = [];
  for (let t = v; t !== 0n; t >>= 8n) bytes.unshift(Number(t & 0xffn));
  return Buffer.from([(len - bytes.length) & 0xff, ...bytes]);
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  vlong(): number {
    const first = this.byte();
    const signed = first > 127 ? first - 256 : first;
    if (signed >= -112) return signed;
    const negative = signed < -120;
    const size = negative ? -(signed + 120) : -(signed + 112);
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(this.byte());
    return Number(negative ? ~v : v);
  }

  bytes(n: number): Buffer {
    if (n < 0) throw new TokenFormatError(`token has a negative length (${n})`, n);
    if (this.pos + n > this.buf.length) throw new TokenFormatError('token is truncated');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  text(): string {
    return this.bytes(this.vlong()).toString('utf8');
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private byte(): number {
    return this.bytes(1)[0] as number;
  }
}

function text(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([writeVLong(bytes.length), bytes]);
}

export function decodeToken(urlString: string): HadoopToken {
  if (!/^[A-Za-z0-9_-]+$/.test(urlString)) throw new TokenFormatError('token is not URL-safe base64');
  const r = new Reader(Buffer.from(urlString, 'base64url'));
  const identifier = Buffer.from(r.bytes(r.vlong()));
  const password = Buffer.from(r.bytes(r.vlong()));
  return { identifier, password, kind: r.text(), service: r.text() };
}

export function encodeToken(t: HadoopToken): string {
  return Buffer.concat([writeVLong(t.identifier.length), t.identifier, writeVLong(t.password.length), t.password, text(t.kind), text(t.service)]).toString('base64url');
}

export function decodeIdentifier(identifier: Buffer): DelegationTokenIdentifier {
  const r = new Reader(identifier);
  const version = r.bytes(1)[0];
  if (version !== 0) throw new TokenFormatError(`unknown delegation token identifier version ${version}`);
  return { owner: r.text(), renewer: r.text(), realUser: r.text(), issueDate: r.vlong(), maxDate: r.vlong(), sequenceNumber: r.vlong(), masterKeyId: r.vlong() };
}

export function encodeIdentifier(id: DelegationTokenIdentifier): Buffer {
  return Buffer.concat([Buffer.from([0]), text(id.owner), text(id.renewer), text(id.realUser), writeVLong(id.issueDate), writeVLong(id.maxDate), writeVLong(id.sequenceNumber), writeVLong(id.masterKeyId)]);
}

/** A token said for people: kind and service, never the password. */
export function describeToken(t: Pick<HadoopToken, 'kind' | 'service'>): string {
  return `${t.kind} for ${t.service || '(no service)'}`;
}
