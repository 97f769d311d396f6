/** YARN application ids, checked before anything is sent (RM: "Invalid ApplicationId prefix"). */
import { UsageError } from '../errors.js';

const APP_ID = /^application_\d{10,}_\d{4,}$/;

export function checkAppId(id: string): string {
  if (!APP_ID.test(id)) {
    throw new UsageError(`'${id}' is not a YARN application id`, 'Ids look like application_1795488074976_0001 (apx list shows them).');
  }
  return id;
}
