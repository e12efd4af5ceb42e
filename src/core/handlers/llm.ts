/** The 'llm' handler: a worker model edits one existing file following the orchestrator's instructions. */
import { OrchestraError } from '../errors';
import type { RunContext } from '../run/runContext';
import { runWorker } from '../worker/runWorker';
import type { Handler, HandlerInput, HandlerRun } from './handler';

export const llmHandler: Handler<'llm', undefined> = {
  name: 'llm',
  summary: 'a worker edits it',
  description: 'a worker edits the file following your instructions.',
  args: undefined,
  usesModel: true,
  takesGroup: true,
  validate: (subtask, host) =>
    host.exists(subtask.file)
      ? undefined
      : 'no such file in the workspace (use handler "create" for new files)',
  run: runModelSubtask,
};

/**
 * One worker call (with its bounded retry) on the file's text as the steps before it left it, mapped to an outcome.
 * Shared by the handlers that use a model ('llm', 'create'); capped dispatch decides whether it starts.
 */
export async function runModelSubtask({ ctx, subtask, current, request }: HandlerInput): Promise<HandlerRun> {
  if (request === undefined) {
    throw new OrchestraError('internal', `no worker request was built for ${subtask.file}`);
  }
  // A step after others on this file starts from their text (its request was built on it).
  const before = current.get(subtask.file) ?? ctx.workspace.readText(subtask.file) ?? '';
  const result = await runWorker(ctx, subtask, before, request);
  const costUsd = costOfLabel(ctx, request.label ?? subtask.file);
  if (result.ok) {
    const answer = result.value;
    const changed = answer.after !== before;
    return {
      proposals: changed ? [{ file: subtask.file, after: answer.after }] : [],
      outcome: {
        costUsd,
        status: changed ? 'done' : 'unchanged',
        attempts: answer.attempts,
        notes: answer.notes,
        // A worker that changed nothing after being asked twice says why (its notes, or that it returned no edits).
        ...(answer.status === 'unchanged' ? { reason: answer.message } : {}),
      },
    };
  }
  const failure = result.error;
  const reason = failure.cause?.reason;
  const status =
    reason === 'cancelled' ? 'cancelled' : reason === 'budget-exceeded' ? 'skipped-budget' : 'failed';
  return {
    proposals: [],
    outcome: {
      costUsd,
      status,
      attempts: failure.attempts,
      reason: failure.message,
      ...(reason ? { errorReason: reason } : {}),
    },
  };
}

/** Spend of every call made for one subtask (its retries included). */
export function costOfLabel(ctx: Pick<RunContext, 'ledger'>, label: string): number {
  return ctx.ledger
    .entries()
    .filter((e) => e.label === label)
    .reduce((sum, e) => sum + e.costUsd, 0);
}
