/**
 * A --packages jar of a PySpark app is both a jar and a py-file (SparkSubmit merges the resolved jars
 * into --py-files for Python apps). Spark's Client.distribute ships a URI once (distributedUris) and
 * the jar still lands on PYTHONPATH; two different files under one link name stay an error.
 */
import { describe, expect, it } from 'vitest';
import { planDistribution } from '../../src/spark/dist-cache.js';
import type { SparkSubmission } from '../../src/spark/submission.js';

const jar = '/home/u/.cache/apx/maven/graphframes/graphframes/0.8.3/graphframes-0.8.3.jar#graphframes_graphframes-0.8.3.jar';

function pyApp(conf: [string, string][]): SparkSubmission {
  return { primaryResource: '/work/app.py', kind: 'python', appArgs: [], user: 'root', pySparkArchives: ['local:/opt/spark/python/lib/pyspark.zip'], conf: new Map([['spark.yarn.archive', 'hdfs:///apps/spark/libs.zip'], ...conf]) };
}

describe('a resolved package in a PySpark app', () => {
  it('is shipped once, on the classpath and on PYTHONPATH', () => {
    const plan = planDistribution(pyApp([['spark.yarn.dist.jars', jar], ['spark.yarn.dist.pyFiles', jar]]), '/work');
    expect(plan.resources.filter((r) => r.link === 'graphframes_graphframes-0.8.3.jar').map((r) => r.role)).toEqual(['jar']);
    expect(plan.secondaryJars).toEqual(['graphframes_graphframes-0.8.3.jar']);
    expect(plan.pythonPath).toContain('{{PWD}}/graphframes_graphframes-0.8.3.jar');
  });

  it('two different files under one link name are still refused', () => {
    expect(() => planDistribution(pyApp([['spark.yarn.dist.jars', '/a/x.jar'], ['spark.yarn.dist.pyFiles', '/b/x.jar']]), '/work')).toThrow(/both be linked as 'x.jar'/);
  });
});
