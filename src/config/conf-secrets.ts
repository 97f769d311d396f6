/**
 * Files of HADOOP_CONF_DIR that hold secrets and that no Spark ApplicationMaster reads: left out of
 * __spark_conf__/__hadoop_conf__/. Spark's Client.createConfArchive ships every file of the directory,
 * and an edge node's copy of /etc/hadoop/conf often carries the daemons' secrets too; the archive is
 * readable by whoever can read the staging directory and sits on every node that runs the AM.
 *
 * What the AM does read from __hadoop_conf__/ is what a Hadoop client loads from its CLASSPATH:
 * the *-site.xml files, ssl-client.xml (SSLFactory in client mode: HTTPS to WebHDFS, the timeline
 * service, the RM web proxy), log4j and other properties files. Those all stay, and so do truststores
 * (certificates only, nothing secret; an ssl-client.xml may name one). Key material is opened by
 * the absolute path its setting names, on the node, never from this copy: leaving it out breaks nothing.
 *
 * Left out, each with the reason shown by --dry-run and --verbose:
 * - the HTTP authentication signature secret (hadoop.http.authentication.signature.secret.file, default
 *   name hadoop-http-auth-signature-secret; also httpfs/kms variants): it signs every daemon's
 *   hadoop.auth cookie, so whoever has it can forge any user's cookie. Only the daemons read it.
 * - Kerberos keytabs (*.keytab): a service's or a user's long-term keys. The AM authenticates with the
 *   delegation tokens in its launch context; a --keytab for long-running apps is shipped by Spark's own
 *   spark.kerberos.keytab mechanism, not from here.
 * - credential provider stores (*.jceks, *.bcfks): hadoop.security.credential.provider.path stores of
 *   passwords and cloud keys; the setting names them by URI (jceks://hdfs/…, jceks://file/<absolute>),
 *   which never points into this copy.
 * - password files (*.password, *-password, *_password, *.passwd, *.pass): e.g. the KMS keystore password file.
 * - ssl-server.xml and the keystore it names: the daemons' TLS server keys and their passwords. Spark's
 *   AM runs no Hadoop HTTP server (its UI's TLS is spark.ssl.*).
 * - other private keys: PEM files holding a PRIVATE KEY, JKS or PKCS#12 keystores holding a key entry
 *   (a truststore of the same format, certificates only, is kept).
 * - container-executor.cfg: the setuid LinuxContainerExecutor's root-owned settings; only the
 *   NodeManager reads it, and it says which users and devices are trusted.
 */
import path from 'node:path';
import { parseHadoopXml, type HadoopConf } from './hadoop-xml.js';

export interface WithheldConfFile {
  name: string;
  reason: string;
}

const REASONS = {
  signature: 'HTTP authentication signature secret (forges hadoop.auth cookies; only daemons read it)',
  keytab: 'Kerberos keytab (long-term keys; the AM uses delegation tokens)',
  credentials: 'credential provider store (passwords and keys; settings name it by URI, never this copy)',
  password: 'password file',
  sslServer: 'daemon TLS server settings with keystore passwords (the Spark AM runs no Hadoop HTTP server)',
  serverKeystore: 'daemon TLS keystore named by ssl-server.xml (private keys)',
  privateKey: 'holds a private key',
  executor: "the NodeManager's container-executor settings (root-owned; only the NodeManager reads it)",
} as const;

const KEYSTORE_EXT = /\.(jks|p12|pfx|keystore)$/i;

/** Why `name` is left out of the archive, or undefined to ship it as Spark does. */
export function withholdReason(name: string, content: Buffer, named: { signatureSecret?: string; serverKeystore?: string }): string | undefined {
  const lower = name.toLowerCase();
  if (name === named.signatureSecret || /signature[-._]?secret/.test(lower)) return REASONS.signature;
  if (lower.endsWith('.keytab')) return REASONS.keytab;
  if (/\.(jceks|bcfks)$/.test(lower)) return REASONS.credentials;
  if (/(^|[._-])(password|passwd)$|\.pass$/.test(lower)) return REASONS.password;
  if (lower === 'ssl-server.xml') return REASONS.sslServer;
  if (name === named.serverKeystore) return REASONS.serverKeystore;
  if (lower === 'container-executor.cfg') return REASONS.executor;
  if (holdsPrivateKey(lower, content)) return REASONS.privateKey;
  return undefined;
}

function holdsPrivateKey(lowerName: string, content: Buffer): boolean {
  if (content.includes('PRIVATE KEY-----')) return true;
  if (isJks(content)) return jksHasKeyEntry(content);
  if (KEYSTORE_EXT.test(lowerName) && content[0] === 0x30) return pkcs12HasKeyBag(content);
  return false;
}

function isJks(b: Buffer): boolean {
  return b.length >= 12 && b.readUInt32BE(0) === 0xfeedfeed;
}

/**
 * JKS (sun.security.provider.JavaKeyStore): magic, version, count, then entries tagged 1 (private
 * key) or 2 (trusted certificate). Walks the entries; an unreadable one counts as a key (leave it out).
 */
function jksHasKeyEntry(b: Buffer): boolean {
  try {
    let at = 8;
    const count = b.readUInt32BE(at);
    at += 4;
    const utf = () => {
      at += 2 + b.readUInt16BE(at);
    };
    const cert = () => {
      utf(); // certificate type (version 2)
      at += 4 + b.readUInt32BE(at);
    };
    for (let i = 0; i < count; i++) {
      const tag = b.readUInt32BE(at);
      at += 4;
      if (tag !== 2) return true;
      utf(); // alias
      at += 8; // date
      cert();
    }
    return false;
  } catch {
    return true;
  }
}

// DER of the PKCS#12 bag type OIDs keyBag (1.2.840.113549.1.12.10.1.1) and pkcs8ShroudedKeyBag (…1.2).
// Keytool and OpenSSL write key bags in an unencrypted SafeContents, so their type is visible; a
// certificates-only truststore has certBags (…1.3) only.
const KEY_BAG_OIDS = [Buffer.from('060b2a864886f70d010c0a0101', 'hex'), Buffer.from('060b2a864886f70d010c0a0102', 'hex')];

function pkcs12HasKeyBag(b: Buffer): boolean {
  return KEY_BAG_OIDS.some((oid) => b.includes(oid));
}

function basename(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return path.basename(value.replace(/^file:(\/\/)?/, ''));
}

/** The setting that names a file, read from a file of the set (ssl-server.xml is not layered into the client conf). */
function settingIn(files: Map<string, Buffer>, file: string, key: string): string | undefined {
  const text = files.get(file);
  if (!text) return undefined;
  try {
    return parseHadoopXml(text.toString('utf8'), file).find((p) => p.name === key)?.value.trim();
  } catch {
    return undefined;
  }
}

/** Splits the directory's files into those shipped and those left out (with why); secrets are never printed. */
export function partitionConfFiles(files: Map<string, Buffer>, conf: HadoopConf): { shipped: Map<string, Buffer>; withheld: WithheldConfFile[] } {
  const named = {
    signatureSecret: basename(conf.get('hadoop.http.authentication.signature.secret.file')),
    serverKeystore: basename(settingIn(files, 'ssl-server.xml', 'ssl.server.keystore.location')),
  };
  const shipped = new Map<string, Buffer>();
  const withheld: WithheldConfFile[] = [];
  for (const [name, content] of files) {
    const reason = withholdReason(name, content, named);
    if (reason) withheld.push({ name, reason });
    else shipped.set(name, content);
  }
  return { shipped, withheld };
}
