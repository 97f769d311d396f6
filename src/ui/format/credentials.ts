/** One line about the delegation tokens shipped with an application: kinds and services, never a token. */
import type { ApxEvent } from '../../monitor/events.js';
import { describeToken } from '../../security/hadoop-token.js';

export function credentialsLine(e: Extract<ApxEvent, { type: 'credentials' }>): string {
  return `delegation tokens: ${e.tokens.map(describeToken).join(', ')} (renewer ${e.renewer})`;
}
