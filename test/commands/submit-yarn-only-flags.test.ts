/**
 * spark-submit flags pasted from a standalone or Mesos command line: one line saying why the flag
 * does not apply on YARN and what does the same there, exit 2, before any cluster is contacted
 * (SparkSubmitArguments' usage: "--supervise … Spark standalone or Mesos with cluster deploy mode
 * only", "--total-executor-cores … Spark standalone, Mesos and Kubernetes only", "--kill/--status …
 * Spark standalone, Mesos or Kubernetes with cluster deploy mode only").
 */
import { describe, expect, it } from 'vitest';
import { cliEnv, runApx } from '../helpers/cli.js';
import { tempDir, writeJar } from '../helpers/mini.js';

const jar = writeJar(tempDir());

async function refused(args: string[]) {
  // No cluster configured at all: the flag must be refused before apx looks for one.
  const r = await runApx(['submit', ...args], cliEnv());
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines.length).toBeLessThanOrEqual(2);
  return lines;
}

describe('flags that exist for other cluster managers', () => {
  it('--supervise points at YARN\'s own AM retries', async () => {
    expect(await refused(['--supervise', '--class', 'com.acme.Main', jar])).toEqual([
      'apx: --supervise restarts a failed driver on Spark standalone and Mesos, not YARN',
      '  On YARN a failed AM is retried by YARN itself: --conf spark.yarn.maxAppAttempts=2 (at most yarn.resourcemanager.am.max-attempts).',
    ]);
  });

  it('--total-executor-cores points at --num-executors and --executor-cores', async () => {
    const [line, hint] = await refused(['--total-executor-cores', '16', jar]);
    expect(line).toBe('apx: --total-executor-cores caps the cores of an application on Spark standalone, Mesos and Kubernetes, not YARN');
    expect(hint).toMatch(/--num-executors N --executor-cores C/);
  });

  it('--remote (Spark Connect) is said to be something else', async () => {
    expect((await refused(['--remote', 'sc://localhost:15002', jar]))[0]).toBe('apx: --remote connects to a Spark Connect server (sc://…), not YARN');
  });

  it('--kill and --status point at apx kill / apx status, with the id when it is one', async () => {
    expect((await refused(['--kill', 'application_1795488074976_0007', jar]))[1]).toBe('  On YARN: apx kill application_1795488074976_0007');
    expect((await refused(['--status', 'driver-20261126-0001', jar]))[1]).toBe('  On YARN: apx status <application id>');
  });
});
