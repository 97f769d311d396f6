/**
 * Which files of HADOOP_CONF_DIR stay out of __spark_conf__.zip: secrets no Spark AM reads. Key and
 * trust stores are made by the real JDK keytool and openssl, so the format checks meet real files.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHadoopConfDirs } from '../../src/config/files.js';
import { tempDir } from '../helpers/mini.js';

let stores: string;

function keytool(...args: string[]): void {
  execFileSync('keytool', [...args, '-noprompt'], { cwd: stores, stdio: 'ignore' });
}

beforeAll(() => {
  stores = tempDir('apx-keystores-');
  keytool('-genkeypair', '-alias', 'nm', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=nm.example.com', '-validity', '2', '-storetype', 'JKS', '-keystore', 'keystore.jks', '-storepass', 'changeit', '-keypass', 'changeit');
  keytool('-exportcert', '-alias', 'nm', '-keystore', 'keystore.jks', '-storepass', 'changeit', '-rfc', '-file', 'ca.pem');
  keytool('-importcert', '-alias', 'nm', '-file', 'ca.pem', '-storetype', 'JKS', '-keystore', 'truststore.jks', '-storepass', 'changeit');
  keytool('-importcert', '-alias', 'nm', '-file', 'ca.pem', '-storetype', 'PKCS12', '-keystore', 'truststore.p12', '-storepass', 'changeit');
  keytool('-importkeystore', '-srckeystore', 'keystore.jks', '-srcstorepass', 'changeit', '-destkeystore', 'keystore.p12', '-deststoretype', 'PKCS12', '-deststorepass', 'changeit');
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path.join(stores, 'client.pem')], { stdio: 'ignore' });
});

/** A HADOOP_CONF_DIR with these files (name → content or the name of a store made above). */
function confDir(files: Record<string, string | { store: string }>): string {
  const dir = tempDir('apx-hadoop-conf-');
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : fs.readFileSync(path.join(stores, content.store)));
  }
  return dir;
}

const xml = (props: Record<string, string>) => `<configuration>${Object.entries(props).map(([k, v]) => `<property><name>${k}</name><value>${v}</value></property>`).join('')}</configuration>`;

describe('files of HADOOP_CONF_DIR left out of __spark_conf__.zip', () => {
  it('leaves out secrets, each with its reason, and ships the client configuration the AM reads', () => {
    const dir = confDir({
      'core-site.xml': xml({ 'fs.defaultFS': 'hdfs://nn:8020', 'hadoop.http.authentication.signature.secret.file': '/etc/security/http_secret' }),
      'yarn-site.xml': xml({ 'yarn.resourcemanager.hostname': 'rm' }),
      'hdfs-site.xml': xml({}),
      'ssl-client.xml': xml({ 'ssl.client.truststore.location': '/etc/hadoop/conf/truststore.jks', 'ssl.client.truststore.password': 'changeit' }),
      'ssl-server.xml': xml({ 'ssl.server.keystore.location': '/etc/hadoop/conf/nm-server.jks', 'ssl.server.keystore.password': 'changeit' }),
      'log4j.properties': 'log4j.rootLogger=INFO,console\n',
      'http_secret': 'the configured signature secret',
      'hadoop-http-auth-signature-secret': 'the default-named signature secret',
      'hdfs.keytab': 'keytab bytes',
      'creds.jceks': 'jceks bytes',
      'kms.keystore.password': 'a password',
      'container-executor.cfg': 'yarn.nodemanager.linux-container-executor.group=hadoop\nbanned.users=hdfs,yarn\nmin.user.id=1000\n',
      'truststore.jks': { store: 'truststore.jks' },
      'truststore.p12': { store: 'truststore.p12' },
      'ca.pem': { store: 'ca.pem' },
      'nm-server.jks': { store: 'keystore.jks' },
      'keystore.jks': { store: 'keystore.jks' },
      'keystore.p12': { store: 'keystore.p12' },
      'client.pem': { store: 'client.pem' },
    });
    const loaded = loadHadoopConfDirs({ HADOOP_CONF_DIR: dir });
    expect([...loaded.files.keys()].sort()).toEqual(['ca.pem', 'core-site.xml', 'hdfs-site.xml', 'log4j.properties', 'ssl-client.xml', 'truststore.jks', 'truststore.p12', 'yarn-site.xml']);
    expect(Object.fromEntries(loaded.withheld.map((w) => [w.name, w.reason]))).toEqual({
      'client.pem': 'holds a private key',
      'container-executor.cfg': "the NodeManager's container-executor settings (root-owned; only the NodeManager reads it)",
      'creds.jceks': 'credential provider store (passwords and keys; settings name it by URI, never this copy)',
      'hadoop-http-auth-signature-secret': 'HTTP authentication signature secret (forges hadoop.auth cookies; only daemons read it)',
      'hdfs.keytab': 'Kerberos keytab (long-term keys; the AM uses delegation tokens)',
      'http_secret': 'HTTP authentication signature secret (forges hadoop.auth cookies; only daemons read it)',
      'keystore.jks': 'holds a private key',
      'keystore.p12': 'holds a private key',
      'kms.keystore.password': 'password file',
      'nm-server.jks': 'daemon TLS keystore named by ssl-server.xml (private keys)',
      'ssl-server.xml': 'daemon TLS server settings with keystore passwords (the Spark AM runs no Hadoop HTTP server)',
    });
  });

  it('ships a truststore byte for byte (binary files are not re-encoded)', () => {
    const dir = confDir({ 'core-site.xml': xml({}), 'truststore.jks': { store: 'truststore.jks' } });
    expect(loadHadoopConfDirs({ HADOOP_CONF_DIR: dir }).files.get('truststore.jks')).toEqual(fs.readFileSync(path.join(stores, 'truststore.jks')));
  });
});
