/** Which tokens apx asks for and how it labels them, from the cluster's own settings (HA included). */
import { describe, expect, it } from 'vitest';
import { HadoopConf } from '../../src/config/hadoop-xml.js';
import { hdfsTokenService, rmTokenService, tokenRenewer } from '../../src/services/credentials.js';

function conf(entries: Record<string, string>): HadoopConf {
  const c = new HadoopConf({});
  for (const [k, v] of Object.entries(entries)) c.set(k, v, 'test');
  return c;
}

describe('delegation token labels', () => {
  it('the renewer is the RM principal with _HOST made the RM host; without one apx refuses before uploading', () => {
    expect(tokenRenewer(conf({ 'yarn.resourcemanager.principal': 'rm/_HOST@EXAMPLE.COM' }), 'RM1.Example.com')).toBe('rm/rm1.example.com@EXAMPLE.COM');
    expect(() => tokenRenewer(conf({}), 'rm1')).toThrow(/yarn\.resourcemanager\.principal is not set/);
  });

  it('an HA file system\'s HDFS token is for ha-hdfs:<nameservice>; a single NameNode labels its own', () => {
    expect(hdfsTokenService(conf({ 'fs.defaultFS': 'hdfs://prod', 'dfs.nameservices': 'prod,dr' }))).toBe('ha-hdfs:prod');
    expect(hdfsTokenService(conf({ 'fs.defaultFS': 'hdfs://nn1.example.com:8020' }))).toBeUndefined();
  });

  it('the RM token is for every RM\'s RPC address, by IP unless the cluster says otherwise', async () => {
    const ha = {
      'yarn.resourcemanager.ha.enabled': 'true', 'yarn.resourcemanager.ha.rm-ids': 'rm1,rm2',
      'yarn.resourcemanager.address.rm1': '10.1.0.1:8032', 'yarn.resourcemanager.hostname.rm2': '10.1.0.2',
    };
    expect(await rmTokenService(conf(ha))).toBe('10.1.0.1:8032,10.1.0.2:8032');
    expect(await rmTokenService(conf({ 'yarn.resourcemanager.hostname': 'localhost' }))).toMatch(/^(127\.0\.0\.1|::1):8032$/);
    expect(await rmTokenService(conf({ 'yarn.resourcemanager.hostname': 'localhost', 'hadoop.security.token.service.use_ip': 'false' }))).toBe('localhost:8032');
  });
});
