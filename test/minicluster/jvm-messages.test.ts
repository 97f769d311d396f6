/**
 * The mini cluster's NodeManager says what a real JVM says when the AM class is too new for it:
 * checked against the real JDK 17 launcher, with a class file made one release too new.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsupportedClassVersion } from '../../src/minicluster/am-launch.js';
import { tempDir } from '../helpers/mini.js';

function javaFeature(): number {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr;
  return Number(/version "(\d+)/.exec(out)?.[1]);
}

describe('UnsupportedClassVersionError, as the JDK launcher prints it', () => {
  it('matches the real java for org.apache.spark.deploy.yarn.ApplicationMaster compiled for the next Java', () => {
    const dir = tempDir('apx-jvm-');
    const src = path.join(dir, 'src', 'org', 'apache', 'spark', 'deploy', 'yarn');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'ApplicationMaster.java'), 'package org.apache.spark.deploy.yarn;\npublic class ApplicationMaster { public static void main(String[] a) {} }\n');
    execFileSync('javac', ['-d', path.join(dir, 'classes'), path.join(src, 'ApplicationMaster.java')]);
    const feature = javaFeature();
    const classFile = path.join(dir, 'classes', 'org', 'apache', 'spark', 'deploy', 'yarn', 'ApplicationMaster.class');
    const bytes = fs.readFileSync(classFile);
    bytes.writeUInt16BE(44 + feature + 1, 6); // major_version: one Java release newer than this JVM
    fs.writeFileSync(classFile, bytes);
    const run = spawnSync('java', ['-cp', path.join(dir, 'classes'), 'org.apache.spark.deploy.yarn.ApplicationMaster'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual(unsupportedClassVersion(feature, 44 + feature + 1));
  });
});
