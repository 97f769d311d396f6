/** Which Spark a submission is for: an explicit setting, else $SPARK_HOME's RELEASE, else its spark-core jar. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sparkVersionOf } from '../../src/config/spark-version.js';
import { SourcedMap } from '../../src/config/sourced.js';
import { ExitCode, UsageError } from '../../src/errors.js';
import { tempDir } from '../helpers/mini.js';

function sparkHome(opts: { release?: string; jars?: string[] }): string {
  const home = tempDir('apx-spark-home-');
  if (opts.release !== undefined) fs.writeFileSync(path.join(home, 'RELEASE'), opts.release);
  fs.mkdirSync(path.join(home, 'jars'));
  for (const j of opts.jars ?? []) fs.writeFileSync(path.join(home, 'jars', j), 'x');
  return home;
}

const conf = (entries: [string, string, string][] = []) => {
  const c = new SourcedMap();
  for (const [k, v, s] of entries) c.set(k, v, s);
  return c;
};

describe('sparkVersionOf', () => {
  it('reads $SPARK_HOME/RELEASE ("Spark X.Y.Z built for Hadoop …")', () => {
    const home = sparkHome({ release: 'Spark 3.4.1 built for Hadoop 3.3.4\nBuild flags: -B -Pmesos -Pyarn -Pkubernetes\n', jars: ['spark-core_2.12-3.4.0.jar'] });
    expect(sparkVersionOf(conf(), { SPARK_HOME: home })).toEqual({ version: { major: 3, minor: 4, patch: 1 }, source: '$SPARK_HOME/RELEASE' });
  });

  it('without RELEASE, the version in jars/spark-core_<scala>-X.Y.Z.jar', () => {
    const home = sparkHome({ jars: ['scala-library-2.11.12.jar', 'spark-core_2.11-2.4.8.jar'] });
    expect(sparkVersionOf(conf(), { SPARK_HOME: home })).toEqual({ version: { major: 2, minor: 4, patch: 8 }, source: '$SPARK_HOME/jars/spark-core_2.11-2.4.8.jar' });
  });

  it('an explicit setting wins over $SPARK_HOME, and says where it came from', () => {
    const home = sparkHome({ release: 'Spark 3.4.1 built for Hadoop 3.3.4\n' });
    const fromProfile = conf([['spark.apx.sparkVersion', '4.0.1', 'cluster profile prod']]);
    expect(sparkVersionOf(fromProfile, { SPARK_HOME: home })).toEqual({ version: { major: 4, minor: 0, patch: 1 }, source: 'cluster profile prod' });
    expect(sparkVersionOf(conf([['spark.apx.sparkVersion', '4.1.0-preview1', '--spark-version']]), {})?.version).toEqual({ major: 4, minor: 1, patch: 0 });
  });

  it('nothing known: undefined (the caller warns and builds 3.5\'s context)', () => {
    expect(sparkVersionOf(conf(), {})).toBeUndefined();
    expect(sparkVersionOf(conf(), { SPARK_HOME: sparkHome({ jars: ['guava-14.0.1.jar'] }) })).toBeUndefined();
  });

  it('a value that is not a version, or a release apx has no launch context for, is a usage error (exit 2) naming its source', () => {
    const bad = (v: string) => () => sparkVersionOf(conf([['spark.apx.sparkVersion', v, '--spark-version']]), {});
    expect(bad('three.five')).toThrow(UsageError);
    expect(bad('three.five')).toThrow("spark.apx.sparkVersion 'three.five' (--spark-version) is not a Spark version");
    expect(bad('2.3.4')).toThrow('Spark 2.3.4 (--spark-version) is not supported: apx builds launch contexts for Spark 2.4 to 4.x');
    expect(bad('5.0.0')).toThrow(/not supported/);
    try {
      bad('x')();
    } catch (e) {
      expect((e as UsageError).exitCode).toBe(ExitCode.Usage);
    }
  });
});
