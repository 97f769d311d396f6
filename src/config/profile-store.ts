/**
 * Where named cluster profiles live: `config.json` in APX_CONFIG_DIR (default ~/.config/apx), written
 * by `conf` with mode 0600. Reading is plain JSON (no library on the start-up path of every command);
 * writing goes through `conf` (atomic writes, the file mode). Secrets are never stored here.
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
  return Object.keys(read(env).clusters ?? {}).sort();
}

export function currentProfile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return read(env).current;
}

/** The writable store, loaded only by `apx cluster add|use|remove`. */
export async function openStore(env: NodeJS.ProcessEnv = process.env) {
  const { default: Conf } = await import('conf');
  const store = new Conf<StoreShape>({ cwd: configDir(env), configName: 'config', configFileMode: 0o600, projectName: 'apx' });
  return {
    save(name: string, profile: ClusterProfile): void {
      store.set('clusters', { ...(store.get('clusters') ?? {}), [name]: profile });
    },
    remove(name: string): boolean {
      const clusters = { ...(store.get('clusters') ?? {}) };
      if (!(name in clusters)) return false;
      delete clusters[name];
      store.set('clusters', clusters);
      if (store.get('current') === name) store.delete('current');
      return true;
    },
    use(name: string): void {
      store.set('current', name);
    },
    path: store.path,
  };
}
