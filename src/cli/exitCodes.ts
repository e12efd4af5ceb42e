/** Distinct exit codes so scripts can tell outcomes apart without parsing text. */
import type { ErrorReason } from '../core/errors';
import type { RunVerdict } from '../core/runTypes';

export const ExitCode = {
  done: 0,
  internal: 1,
  badInput: 2,
  nothingToChange: 3,
  budgetExceeded: 4,
  invalidModelOutput: 5,
  apiError: 6,
  staleOrWriteFailed: 7,
  partial: 8,
  typeErrors: 9,
  cancelled: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(reason: ErrorReason): ExitCodeValue {
  switch (reason) {
    case 'bad-input':
    case 'no-project':
    case 'outside-workspace':
      return ExitCode.badInput;
    case 'budget-exceeded':
      return ExitCode.budgetExceeded;
    case 'invalid-model-output':
    case 'truncated':
      return ExitCode.invalidModelOutput;
    case 'auth':
    case 'rate-limited':
    case 'overloaded':
    case 'api-error':
    case 'timeout':
    case 'network':
    case 'malformed-response':
      return ExitCode.apiError;
    case 'stale-file':
    case 'write-failed':
      return ExitCode.staleOrWriteFailed;
    case 'cancelled':
      return ExitCode.cancelled;
    case 'internal':
      return ExitCode.internal;
  }
}

/** A finished run's exit code: 0 only for a run whose verdict is "done". */
export function exitCodeForVerdict(verdict: RunVerdict): ExitCodeValue {
  switch (verdict.kind) {
    case 'done':
      return ExitCode.done;
    case 'partial':
      return ExitCode.partial;
    case 'type-errors':
      return ExitCode.typeErrors;
    case 'refused':
      return ExitCode.badInput;
    case 'failed':
      return exitCodeFor(verdict.reason ?? 'invalid-model-output');
    case 'cancelled':
      return ExitCode.cancelled;
  }
}
