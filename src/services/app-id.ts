/** YARN application ids, checked before anything is sent (RM: "Invalid ApplicationId prefix"). */
import { UsageError } from '../errors.js';

const APP_ID = /^application_\d{10,}_\d{4,}$/;

export function checkAppId(id: string): string {
  if (!APP_ID.test(id)) {
    throw new UsageError(`'${id}' is not a YARN application id`, 'Ids look like application_1795488074976_0001 (apx list shows them).');
  }
  return id;
}

/** container_[e<epoch>_]<clusterTimestamp>_<appSeq>_<attempt>_<container> (YARN's ContainerId.toString). */
const CONTAINER_ID = /^container_(?:e\d+_)?(\d{10,})_(\d{4,})_\d{2,}_\d{6,}$/;

/** A container id, and one of this application's: anything else is a usage error, not a cluster's answer. */
export function checkContainerId(id: string, appId: string): string {
  const m = CONTAINER_ID.exec(id);
  if (!m) throw new UsageError(`'${id}' is not a YARN container id`, 'Ids look like container_1795488074976_0001_01_000001 (apx status shows the AM container).');
  if (`application_${m[1]}_${m[2]}` !== appId) throw new UsageError(`container ${id} is not one of ${appId}'s`, `Its id names application_${m[1]}_${m[2]}.`);
  return id;
}
