/**
 * `apx __complete clusters|apps`: candidates for the completion scripts. Fast (a short timeout, one
 * request) and silent: a completion must never print an error into the user's command line.
 */
import { profileNames } from '../config/profile-store.js';
import { MINI_PROFILE } from '../config/profiles.js';
import { clientsFor, connectionOf } from '../services/clients.js';
import { resolveTarget } from '../services/target.js';
import { RmClient } from '../yarn/rm-client.js';

export async function runComplete(what: string, opts: { cluster?: string; insecure?: boolean }): Promise<number> {
  try {
    if (what === 'clusters') {
      process.stdout.write(`${[MINI_PROFILE, ...profileNames()].join('\n')}\n`);
    } else if (what === 'apps') {
      const target = await resolveTarget(opts.cluster, process.env, { allowEmbeddedMini: false, insecure: opts.insecure });
      const base = clientsFor(target).rm;
      const rm = new RmClient({ resourceManagers: [base.baseUrl], apiRoot: target.rmApiRoot, ...connectionOf(target), timeoutMs: 1500 });
      const apps = await rm.list({ states: ['NEW', 'NEW_SAVING', 'SUBMITTED', 'ACCEPTED', 'RUNNING'], limit: 200 });
      process.stdout.write(apps.map((a) => a.id).join('\n') + (apps.length ? '\n' : ''));
    }
  } catch {
    // Silent by design.
  }
  return 0;
}
