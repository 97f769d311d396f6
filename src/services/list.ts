/** `apx list` as a service: the cluster's applications matching a filter, newest first. */
import type { RmClient } from '../yarn/rm-client.js';
import type { AppListFilter, AppReport } from '../yarn/types.js';

/**
 * The RM's own `limit` keeps the first N of its application map, which is not the newest N (in
 * practice the oldest): ask for every match and keep the N newest here. The RM holds at most
 * yarn.resourcemanager.max-completed-applications (1000 by default) finished apps, so the full
 * answer stays small.
 */
export async function listApplications(rm: RmClient, filter: AppListFilter): Promise<AppReport[]> {
  const { limit, ...rest } = filter;
  const apps = await rm.list(rest);
  apps.sort((a, b) => b.startedTime - a.startedTime || b.id.localeCompare(a.id));
  return limit === undefined ? apps : apps.slice(0, limit);
}
