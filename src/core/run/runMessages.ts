/** What a run says when it stops early or overspends: messages a user can act on. */
import { OrchestraError } from '../errors';
import type { UsageLedger } from '../llm/ledger';
import { formatUsage } from '../report';
import type { PlannedRun } from '../runTypes';
import type { Workspace } from '../workspace/workspace';

/**
 * Every subtask of the plan was rejected: the instruction pointed outside the workspace (bad input), or
 * the orchestrator named only files that cannot be changed (an invalid plan). Either way nothing runs.
 */
export function allRejected(
  ws: Workspace,
  instruction: string,
  rejected: PlannedRun['rejected'],
): OrchestraError {
  const outside = instruction
    .split(/[\s`'"()]+/)
    .filter((token) => /[\\/]/.test(token) && ws.resolveInside(token) === undefined);
  if (outside.length > 0) {
    return new OrchestraError(
      'outside-workspace',
      `The instruction names files outside the workspace (${outside.join(', ')}); Orchestra only changes ` +
        `files under ${ws.root}. Nothing was run.`,
    );
  }
  const list = rejected.map((r) => `${r.file}: ${r.reason}`).join('; ');
  return new OrchestraError(
    'invalid-model-output',
    `The orchestrator's plan named no file that can be changed; every subtask was rejected (${list}). ` +
      'Nothing was run; name the files or symbols to change in the instruction and run it again.',
  );
}

/** A run that stops while planning has still spent money on billed plan attempts: say how much. */
export function withSpend(error: OrchestraError, ledger: UsageLedger): OrchestraError {
  const summary = ledger.summary();
  if (summary.calls === 0) return error;
  return new OrchestraError(
    error.reason,
    `${error.message} Spent so far: ${formatUsage(summary)}.`,
    error.details,
  );
}

export function costAlert(actual: number, estimate: number, factor: number): string | undefined {
  if (estimate <= 0 || actual <= estimate * factor) return undefined;
  return `This run cost $${actual.toFixed(4)}, ${(actual / estimate).toFixed(1)}× the estimate of $${estimate.toFixed(4)} (alert above ${factor}×).`;
}
