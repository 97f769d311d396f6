import { describe, expect, it } from 'vitest';
import { HadoopConf, XmlConfigError, parseHadoopXml } from '../../src/config/hadoop-xml.js';
import { resourceManagerUrls, webHdfsUrls } from '../../src/config/endpoints.js';

const xml = (props: string) => `<?xml version="1.0"?>\n<configuration>\n${props}\n</configuration>\n`;
const prop = (name: string, value: string, final = false) => `<property><name>${name}</name><value>${value}</value>${final ? '<final>true</final>' : ''}</property>`;

function conf(...files: string[]): HadoopConf {
  const c = new HadoopConf({ HOME: '/home/ana' });
  files.forEach((f, i) => c.add(parseHadoopXml(f, `file${i}.xml`)));
  return c;
}

describe('Hadoop XML configuration', () => {
  it('later files override earlier ones, except final properties', () => {
    const c = conf(xml(prop('a', '1') + prop('b', '1', true)), xml(prop('a', '2') + prop('b', '2')));
    expect([c.get('a'), c.get('b')]).toEqual(['2', '1']);
  });

  it('expands ${var} and ${env.VAR}, leaves unknown variables as they are', () => {
    const c = conf(xml(prop('yarn.resourcemanager.hostname', 'rm.example.com') + prop('yarn.resourcemanager.webapp.address', '${yarn.resourcemanager.hostname}:8088') + prop('dir', '${env.HOME}/x') + prop('odd', '${nope}/y')));
    expect(c.get('yarn.resourcemanager.webapp.address')).toBe('rm.example.com:8088');
    expect(c.get('dir')).toBe('/home/ana/x');
    expect(c.get('odd')).toBe('${nope}/y');
  });

  it('refuses a self-reference after 20 substitutions, as Configuration does, instead of looping', () => {
    expect(() => conf(xml(prop('loop', 'a${loop}'))).get('loop')).toThrow(/Variable substitution depth too large: 20 in loop/);
  });

  it('says which file and line is malformed', () => {
    try {
      parseHadoopXml('<configuration>\n<property>\n<name>a</name>\n</configuration>', '/etc/hadoop/yarn-site.xml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlConfigError);
      expect((e as Error).message).toMatch(/^\/etc\/hadoop\/yarn-site\.xml:\d+: malformed XML/);
    }
  });

  it('records the source line of every property', () => {
    expect(parseHadoopXml(xml(`${prop('a', '1')}\n\n${prop('b', '2')}`), 'core-site.xml').map((p) => p.source)).toEqual(['core-site.xml:3', 'core-site.xml:5']);
  });
});

describe('cluster endpoints from Hadoop settings', () => {
  it('the RM web address follows yarn.http.policy', () => {
    expect(resourceManagerUrls(conf(xml(prop('yarn.resourcemanager.hostname', 'rm1'))))).toEqual(['http://rm1:8088']);
    expect(resourceManagerUrls(conf(xml(prop('yarn.resourcemanager.hostname', 'rm1') + prop('yarn.http.policy', 'HTTPS_ONLY'))))).toEqual(['https://rm1:8090']);
    expect(resourceManagerUrls(conf(xml(prop('yarn.resourcemanager.webapp.address', 'rm.x:18088'))))).toEqual(['http://rm.x:18088']);
  });

  it('RM HA lists every rm-id', () => {
    const c = conf(xml(prop('yarn.resourcemanager.ha.enabled', 'true') + prop('yarn.resourcemanager.ha.rm-ids', 'rm1,rm2') + prop('yarn.resourcemanager.hostname.rm1', 'a') + prop('yarn.resourcemanager.webapp.address.rm2', 'b:8088')));
    expect(resourceManagerUrls(c)).toEqual(['http://a:8088', 'http://b:8088']);
  });

  it('no usable RM address gives none (0.0.0.0 is a bind address, not a destination)', () => {
    expect(resourceManagerUrls(conf(xml(prop('yarn.resourcemanager.webapp.address', '0.0.0.0:8088'))))).toEqual([]);
  });

  it('WebHDFS from fs.defaultFS and dfs.namenode.http-address, HA nameservices included', () => {
    expect(webHdfsUrls(conf(xml(prop('fs.defaultFS', 'hdfs://nn1:8020'))))).toEqual(['http://nn1:9870']);
    expect(webHdfsUrls(conf(xml(prop('fs.defaultFS', 'hdfs://nn1:8020') + prop('dfs.namenode.http-address', '0.0.0.0:50070'))))).toEqual(['http://nn1:50070']);
    const ha = conf(xml(prop('fs.defaultFS', 'hdfs://prod') + prop('dfs.nameservices', 'prod') + prop('dfs.ha.namenodes.prod', 'nn1,nn2') + prop('dfs.namenode.http-address.prod.nn1', 'h1:9870') + prop('dfs.namenode.http-address.prod.nn2', 'h2:9870')));
    expect(webHdfsUrls(ha)).toEqual(['http://h1:9870', 'http://h2:9870']);
  });
});
