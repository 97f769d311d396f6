/**
 * The fast reader of Hadoop's XML subset must agree with fast-xml-parser on every file it accepts,
 * and hand everything else over (so malformed files still get the full parser's error and line).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHadoopXml, parseWithFullParser } from '../../src/config/hadoop-xml.js';
import { parseSubset } from '../../src/config/hadoop-xml-subset.js';

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'hadoop-3.3.6');

/** The XML body of a recorded /conf answer (the real daemons' effective configuration). */
function recordedConf(name: string): string {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  return text.slice(text.indexOf('<?xml'));
}

/** A site file as Hadoop distributions ship them: stylesheet PI, licence comment, descriptions, finals. */
const SITE = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!--
  Licensed under the Apache License, Version 2.0 (the "License").
-->
<configuration>
  <!-- the RM -->
  <property>
    <name>yarn.resourcemanager.hostname</name>
    <value> rm.example.com </value>
    <description>The hostname of the RM.
      Second line &amp; more, a &lt;b&gt; "quoted" &apos;x&apos; > here.</description>
  </property>

  <property><name>fs.defaultFS</name><value>hdfs://nn:8020</value><final>true</final></property>
  <property><name>empty.value</name><value/></property>
  <property><name>empty.pair</name><value></value><final> true </final></property>
  <property><value>no name</value></property>
  <property>
    <name>with.source</name><value>\${env.HOME}/x</value><source>yarn-site.xml</source><tag>a,b</tag>
  </property>
</configuration>
`;

describe('the Hadoop XML subset reader', () => {
  it('reads the recorded RM and NameNode configurations exactly as fast-xml-parser does', () => {
    for (const name of ['rm-conf-xml.http', 'nn-conf-xml.http']) {
      const text = recordedConf(name);
      expect(parseSubset(text), name).toBeDefined();
      const fast = parseHadoopXml(text, name);
      expect(fast.length).toBeGreaterThan(1000);
      expect(fast).toEqual(parseWithFullParser(text, name));
    }
  });

  it('reads a distribution-style site file the same way, names, values, finals and lines', () => {
    expect(parseSubset(SITE)).toBeDefined();
    const props = parseHadoopXml(SITE, 'yarn-site.xml');
    expect(props).toEqual(parseWithFullParser(SITE, 'yarn-site.xml'));
    expect(props.map((p) => [p.name, p.value, p.final, p.source])).toEqual([
      ['yarn.resourcemanager.hostname', 'rm.example.com', false, 'yarn-site.xml:8'],
      ['fs.defaultFS', 'hdfs://nn:8020', true, 'yarn-site.xml:15'],
      ['empty.value', '', false, 'yarn-site.xml:16'],
      ['empty.pair', '', true, 'yarn-site.xml:17'],
      // After a property without a name, which is skipped, the next keeps its own line.
      ['with.source', '${env.HOME}/x', false, 'yarn-site.xml:19'],
    ]);
  });

  it('hands anything outside the subset to the full parser, which still reads it', () => {
    const outside = [
      '<configuration><property><name>a</name><value><![CDATA[x<y]]></value></property></configuration>',
      '<configuration xmlns:xi="http://www.w3.org/2001/XInclude"><property><name>a</name><value>1</value></property></configuration>',
      '<?xml version="1.0"?><!DOCTYPE configuration><configuration><property><name>a</name><value>1</value></property></configuration>',
      '<configuration><property><name>a</name><value>&#65;</value></property></configuration>',
      '<configuration><property><name>a</name><value>1</value><value>2</value></property></configuration>',
      '<configuration><property><name>a</name><value>1<!-- c --></value></property></configuration>',
      // Not well-formed XML, but fast-xml-parser has always let it pass: it still does.
      '<configuration><!-- a -- b --><property><name>a</name></property></configuration>',
    ];
    for (const text of outside) {
      expect(parseSubset(text), text).toBeUndefined();
      expect(() => parseHadoopXml(text, 'x.xml'), text).not.toThrow();
    }
  });

  it('leaves malformed files to the full parser: the same error, with the file and line', () => {
    const malformed = [
      '<configuration>\n<property>\n<name>a</name>\n</configuration>',
      '<configuration><property><name>a</name><value>1</value></property',
      '<configuration><property><name>a</name><value>a & b</value></property></configuration>',
      '<configuration><property><name>a</name><value>1</valeu></property></configuration>',
      '<configuration><property><name>a</name></property></configuration>trailing',
    ];
    for (const text of malformed) {
      expect(parseSubset(text), text).toBeUndefined();
      expect(() => parseHadoopXml(text, '/etc/hadoop/yarn-site.xml'), text).toThrow(/^\/etc\/hadoop\/yarn-site\.xml:\d+: /);
    }
  });
});
