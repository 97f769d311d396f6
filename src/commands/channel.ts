/** `apx channel jar [DIR]`: the channel's JVM library for a user's build (compile scope `provided`: apx ships it with every submission). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, UsageError } from '../errors.js';

export const CHANNEL_JAR_NAME = 'apx-channel.jar';

export function channelJarPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'jvm', CHANNEL_JAR_NAME);
}

export function runChannelJar(dir: string | undefined): number {
  const jar = channelJarPath();
  if (!fs.existsSync(jar)) {
    throw new UsageError('this apx was built without a JDK, so it has no apx-channel.jar', 'Rebuild apx with a JDK on PATH (npm run build), or build channel/jvm/src yourself (javac --release 8).');
  }
  const target = path.resolve(dir ?? '.');
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) throw new UsageError(`${target} is not a directory`, 'Name an existing directory, e.g. apx channel jar lib/.');
  const dest = path.join(target, CHANNEL_JAR_NAME);
  fs.copyFileSync(jar, dest);
  process.stdout.write(`${dest}\n`);
  return ExitCode.Success;
}
