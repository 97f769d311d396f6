/**
 * --driver-java-options, --driver-class-path, --driver-library-path: mapped to
 * spark.driver.extraJavaOptions/ClassPath/LibraryPath as SparkSubmit maps them (the flag replaces a
 * --conf or spark-defaults value: SparkSubmitArguments.loadEnvironmentArguments, then
 * SparkSubmit's OptionAssigner(args.driverExtra…, ALL_CLUSTER_MGRS, ALL_DEPLOY_MODES, confKey = DRIVER_…)),
 * and what the AM's JVM then gets (yarn Client.createContainerLaunchContext: the options in the
 * command, the class path first in CLASSPATH (populateClasspath), the library path as an
 * LD_LIBRARY_PATH prefix of the command (createLibraryPathPrefix)) — checked by running the command
 * through a real bash the way a NodeManager does, with a stand-in java recording what it received.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSparkConf, type SubmitFlags } from '../../src/services/submission-config.js';
import { expandNodeManagerMarkers, launchScriptLine } from '../../src/minicluster/node-manager-launch.js';
import { planDistribution } from '../../src/spark/dist-cache.js';
import { buildAmCommand, buildEnvironment } from '../../src/spark/launch-context.js';
import type { SparkSubmission } from '../../src/spark/submission.js';
import { tempDir } from '../helpers/mini.js';

const target = { name: 'test', profileSparkConf: [] as [string, string][] };
const flags = (f: Partial<SubmitFlags>): SubmitFlags => ({ conf: [], propertiesFile: '/dev/null', ...f });

function submission(conf: ReadonlyMap<string, string>): SparkSubmission {
  return { primaryResource: '/work/app.jar', kind: 'jar', mainClass: 'com.acme.Main', appArgs: [], user: 'root', conf: new Map([...conf, ['spark.yarn.archive', 'hdfs:///apps/spark/libs.zip']]) };
}

/** The NodeManager's launch: markers expanded, `exec /bin/bash -c "<command>"`, the container env exported. */
function launch(sub: SparkSubmission): { argv: string[]; ldLibraryPath: string; classpath: string } {
  const root = tempDir('apx-launch-');
  const out = path.join(root, 'out');
  const bin = path.join(root, 'jdk', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'java'), `#!/bin/bash\n{ printf '%s\\0' "$LD_LIBRARY_PATH" "$CLASSPATH"; for a in "$@"; do printf '%s\\0' "$a"; done; } > '${out}'\n`, { mode: 0o755 });
  const env = buildEnvironment(sub, planDistribution(sub, '/work'), 'hdfs:///staging', new Map());
  const exports = env.map(([k, v]) => `export ${k}="${expandNodeManagerMarkers(v, '/logs')}"`).join('\n');
  const script = `export JAVA_HOME='${path.join(root, 'jdk')}'\nexport PWD='${root}'\nexport LD_LIBRARY_PATH=/nm/native\n${exports}\n${launchScriptLine(expandNodeManagerMarkers(buildAmCommand(sub, 'application_1_0001'), root))}\n`;
  execFileSync('/bin/bash', ['-c', script], { cwd: root, env: { PATH: process.env.PATH } });
  const [ldLibraryPath, classpath, ...argv] = fs.readFileSync(out, 'utf8').slice(0, -1).split('\0') as [string, string, ...string[]];
  return { argv, ldLibraryPath, classpath };
}

describe('--driver-java-options / --driver-class-path / --driver-library-path', () => {
  it('set spark.driver.extra*, replacing a --conf value, each naming the flag as its source', () => {
    const conf = resolveSparkConf(flags({
      conf: ['spark.driver.extraJavaOptions=-Dfrom=conf', 'spark.driver.extraClassPath=/conf/cp', 'spark.driver.extraLibraryPath=/conf/lib'],
      driverJavaOptions: '-Dfrom=flag', driverClassPath: '/opt/extra/*:/opt/conf', driverLibraryPath: '/opt/native',
    }), target, {});
    expect(conf.get('spark.driver.extraJavaOptions')).toBe('-Dfrom=flag');
    expect(conf.sourceOf('spark.driver.extraJavaOptions')).toBe('--driver-java-options');
    expect(conf.get('spark.driver.extraClassPath')).toBe('/opt/extra/*:/opt/conf');
    expect(conf.sourceOf('spark.driver.extraClassPath')).toBe('--driver-class-path');
    expect(conf.get('spark.driver.extraLibraryPath')).toBe('/opt/native');
    expect(conf.sourceOf('spark.driver.extraLibraryPath')).toBe('--driver-library-path');
  });

  it('reach the AM JVM byte for byte: options as arguments, class path first in CLASSPATH, library path before the NodeManager\'s', () => {
    const conf = resolveSparkConf(flags({
      driverJavaOptions: `-Dgreeting='hello world' -Dcost=\\$5 -XX:+UseG1GC -Dapp={{APP_ID}}`,
      driverClassPath: '/opt/extra/*:/opt/conf dir',
      driverLibraryPath: '/opt/native:/opt/hadoop/lib/native',
    }), target, {});
    const { argv, ldLibraryPath, classpath } = launch(submission(conf.toMap()));
    const logDirAt = argv.findIndex((a) => a.startsWith('-Dspark.yarn.app.container.log.dir='));
    // The user's options come after Spark's own (heap, tmpdir) and before the log dir property.
    const opts = argv.slice(argv.findIndex((a) => a.startsWith('-Djava.io.tmpdir=')) + 1, logDirAt);
    expect(opts).toEqual(['-Dgreeting=hello world', '-Dcost=$5', '-XX:+UseG1GC', '-Dapp=application_1_0001']);
    expect(ldLibraryPath).toBe('/opt/native:/opt/hadoop/lib/native:/nm/native');
    expect(classpath.split(':').slice(0, 3)).toEqual(['/opt/extra/*', '/opt/conf dir', expect.stringMatching(/apx-launch-/)]);
  });

  it('a heap size in --driver-java-options is refused as Spark refuses it: use --driver-memory', () => {
    const conf = resolveSparkConf(flags({ driverJavaOptions: '-Xmx4g' }), target, {});
    expect(() => buildAmCommand(submission(conf.toMap()), 'application_1_0001')).toThrow(/sets the heap size \(-Xmx\)/);
  });
});

describe('what the AM\'s configuration keeps of the other new flags', () => {
  it('--packages/--repositories/--exclude-packages leave no setting behind (SparkSubmit assigns them only off YARN); the same as --conf stays', async () => {
    const { buildSubmission } = await import('../../src/services/submission-config.js');
    const user = { user: 'root' };
    const byFlags = resolveSparkConf(flags({ packages: 'a:b:1', repositories: 'https://repo.example.com/m2', excludePackages: 'c:d', driverJavaOptions: '-Dx=1' }), target, {});
    const shipped = buildSubmission('/work/app.jar', [], flags({ class: 'Main' }), byFlags, user, {}, '/work').conf;
    expect([...shipped.keys()].filter((k) => k.startsWith('spark.jars.'))).toEqual([]);
    expect(shipped.get('spark.driver.extraJavaOptions')).toBe('-Dx=1');
    const byConf = resolveSparkConf(flags({ conf: ['spark.jars.packages=a:b:1'] }), target, {});
    expect(buildSubmission('/work/app.jar', [], flags({ class: 'Main' }), byConf, user, {}, '/work').conf.get('spark.jars.packages')).toBe('a:b:1');
  });
});
