/**
 * A connector the way real ones are published: a parent POM with properties, dependencyManagement
 * and an imported BOM; a dependency with an exclusion; a classifier (native) jar; test, provided
 * and optional dependencies; Spark's own modules; and two versions of guava at different depths.
 */
import { dep, type Artifact } from '../helpers/maven-repo.js';

export const CONNECTOR = 'com.acme:acme-connector:2.0';

export const ARTIFACTS: Artifact[] = [
  {
    groupId: 'com.acme', artifactId: 'acme-parent', version: '1.0', packaging: 'pom',
    body: `<properties><jackson.version>2.15.2</jackson.version><guava.version>32.1.2-jre</guava.version></properties>
  <dependencyManagement><dependencies>
    ${dep('com.fasterxml.jackson.core', 'jackson-databind', '${jackson.version}')}
    ${dep('io.netty', 'netty-bom', '4.1.100.Final', '<type>pom</type><scope>import</scope>')}
  </dependencies></dependencyManagement>
  <dependencies>${dep('org.slf4j', 'slf4j-api', '2.0.9')}</dependencies>`,
  },
  {
    groupId: 'io.netty', artifactId: 'netty-bom', version: '4.1.100.Final', packaging: 'pom',
    body: `<dependencyManagement><dependencies>
    ${dep('io.netty', 'netty-transport-native-epoll', '${project.version}', '<classifier>linux-x86_64</classifier>')}
    ${dep('io.netty', 'netty-handler', '${project.version}')}
  </dependencies></dependencyManagement>`,
  },
  {
    groupId: 'com.acme', artifactId: 'acme-connector', version: '2.0', inherit: true,
    body: `<parent><groupId>com.acme</groupId><artifactId>acme-parent</artifactId><version>1.0</version></parent>
  <version>2.0</version>
  <dependencies>
    ${dep('com.fasterxml.jackson.core', 'jackson-databind', undefined, '<exclusions><exclusion><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-annotations</artifactId></exclusion></exclusions>')}
    ${dep('com.google.guava', 'guava', '${guava.version}')}
    ${dep('io.netty', 'netty-transport-native-epoll', undefined, '<classifier>linux-x86_64</classifier>')}
    ${dep('junit', 'junit', '4.13.2', '<scope>test</scope>')}
    ${dep('org.apache.spark', 'spark-core_2.12', '3.5.1', '<scope>provided</scope>')}
    ${dep('org.apache.spark', 'spark-sql_2.12', '3.5.1')}
    ${dep('com.acme', 'acme-optional-extra', '1.0', '<optional>true</optional>')}
    ${dep('com.acme', 'acme-util', '${project.parent.version}', '<scope>runtime</scope>')}
  </dependencies>`,
  },
  { groupId: 'org.slf4j', artifactId: 'slf4j-api', version: '2.0.9' },
  {
    groupId: 'com.fasterxml.jackson', artifactId: 'jackson-base', version: '2.15.2', packaging: 'pom',
    body: '<properties><jackson.version.core>${project.version}</jackson.version.core><jackson.version.annotations>2.15.2</jackson.version.annotations></properties>',
  },
  {
    groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-databind', version: '2.15.2', inherit: true,
    body: `<parent><groupId>com.fasterxml.jackson</groupId><artifactId>jackson-base</artifactId><version>2.15.2</version></parent>
  <dependencies>
    ${dep('com.fasterxml.jackson.core', 'jackson-annotations', '${jackson.version.annotations}')}
    ${dep('com.fasterxml.jackson.core', 'jackson-core', '${jackson.version.core}')}
  </dependencies>`,
  },
  { groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-annotations', version: '2.15.2' },
  { groupId: 'com.fasterxml.jackson.core', artifactId: 'jackson-core', version: '2.15.2' },
  { groupId: 'com.google.guava', artifactId: 'guava', version: '32.1.2-jre', body: `<dependencies>${dep('com.google.guava', 'failureaccess', '1.0.1')}${dep('org.checkerframework', 'checker-qual', '3.33.0', '<optional>true</optional>')}</dependencies>` },
  { groupId: 'com.google.guava', artifactId: 'guava', version: '31.0-jre', body: `<dependencies>${dep('com.google.guava', 'listenablefuture', '9999.0')}</dependencies>` },
  { groupId: 'com.google.guava', artifactId: 'failureaccess', version: '1.0.1' },
  {
    groupId: 'io.netty', artifactId: 'netty-transport-native-epoll', version: '4.1.100.Final',
    classifiers: { 'linux-x86_64': 'PK\u0003\u0004 epoll natives' },
    body: `<dependencies>${dep('io.netty', 'netty-handler', '4.1.100.Final')}</dependencies>`,
  },
  { groupId: 'io.netty', artifactId: 'netty-handler', version: '4.1.100.Final' },
  {
    groupId: 'com.acme', artifactId: 'acme-util', version: '1.0',
    body: `<dependencies>${dep('com.google.guava', 'guava', '31.0-jre')}${dep('org.apache.commons', 'commons-lang3', '3.12.0')}</dependencies>`,
  },
  { groupId: 'org.apache.commons', artifactId: 'commons-lang3', version: '3.12.0' },
];

/** What a runtime classpath of acme-connector holds (Maven's `dependency:list -DincludeScope=runtime`, minus Spark's modules). */
export const EXPECTED = [
  'com.acme:acme-connector:2.0',
  'org.slf4j:slf4j-api:2.0.9',
  'com.fasterxml.jackson.core:jackson-databind:2.15.2',
  'com.google.guava:guava:32.1.2-jre',
  'io.netty:netty-transport-native-epoll:4.1.100.Final:linux-x86_64',
  'com.acme:acme-util:1.0',
  'com.fasterxml.jackson.core:jackson-core:2.15.2',
  'com.google.guava:failureaccess:1.0.1',
  'io.netty:netty-handler:4.1.100.Final',
  'org.apache.commons:commons-lang3:3.12.0',
];
