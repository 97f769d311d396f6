/** From how an application ended to the exit code that tells it (README "Exit codes"). */
import { ExitCode, type ExitCodeValue } from '../errors.js';
import type { Outcome } from '../monitor/events.js';
import type { StopSignal } from './interrupt.js';

export interface SubmitResult {
  appId?: string;
  outcome?: Outcome;
  exitCode: ExitCodeValue;
}

export function exitCodeFor(outcome: Outcome, stoppedBy?: StopSignal): ExitCodeValue {
  switch (outcome) {
    case 'succeeded': return ExitCode.Success;
    case 'failed': return ExitCode.AppFailed;
    case 'killed': return stoppedBy === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
    case 'killed-elsewhere': return ExitCode.KilledElsewhere;
    default: return ExitCode.Undetermined;
  }
}
