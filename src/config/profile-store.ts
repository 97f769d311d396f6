/**
 * Where named cluster profiles live: a JSON file kept by `conf` (created with mode 0600; the
 * APX_CONFIG_DIR environment variable moves it, for tests and for teams that share a location).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClusterProfile } from './profiles.js';

interface StoreShape {
  current?: string;
  clusters?: Record<string, ClusterProfile>;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.APX_CONFIG_DIR || path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'apx');
}

export function profileFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'config.json');
}

/** Reading needs no library (start-up time): the file is plain JSON. */
function read(env: NodeJS.ProcessEnv): StoreShape {
  try {
    return JSON.parse(fs.readFileSync(profileFile(env), 'utf8')) as StoreShape;
  } catch {
    return {};
  }
}

export function loadProfile(name: string, env: NodeJS.ProcessEnv = process.env): ClusterProfile | undefined {
  return read(env).clusters?.[name];
}

export function profileNames(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(read(env).clusters ?? {});
}
