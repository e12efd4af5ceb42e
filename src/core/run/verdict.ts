/**
 * The run's verdict, in one place for every adapter: "done" only when every subtask did what the plan said,
 * no planned step was dropped or rejected, no new type error came out, no reference to a renamed name is left and no out-of-scope hunk was kept.
 * The CLI maps the kind to an exit code; the extension shows the message.
 */
import type { ErrorReason } from '../errors';
import { originNote } from '../report';
import type { RefactorResult, RunVerdict, SubtaskOutcome } from '../runTypes';

type Rejected = NonNullable<RefactorResult['rejected']>;

export type VerdictInput = Pick<
  RefactorResult,
  'changes' | 'outcomes' | 'diagnostics' | 'obligations' | 'outOfScope' | 'cancelled' | 'usage'
> &
  Partial<Pick<RefactorResult, 'droppedFiles' | 'rejected'>>;

const FAILED: ReadonlySet<SubtaskOutcome['status']> = new Set([
  'failed',
  'skipped-budget',
  'dropped-cap',
  'cancelled',
  'conflict',
  'skipped-dependency',
]);

export function judgeRun(r: VerdictInput): RunVerdict {
  const cost = `$${r.usage.costUsd.toFixed(4)}`;
  if (r.cancelled)
    return { kind: 'cancelled', message: `Cancelled: nothing to apply, ${cost}`, problems: [] };
  const problems = problemsOf(r);
  const files = `${r.changes.length} file(s) changed, ${cost}`;
  const refused = r.outcomes.some(isRefused);
  const allFailed =
    r.changes.length === 0 && r.outcomes.length > 0 && r.outcomes.every((o) => FAILED.has(o.status));
  let kind: RunVerdict['kind'] = problems.length > 0 ? 'partial' : 'done';
  let reason: ErrorReason | undefined;
  if (r.diagnostics.introduced.length > 0) kind = 'type-errors';
  else if (refused) {
    kind = 'refused';
    reason = 'bad-input';
  } else if (allFailed) {
    kind = 'failed';
    reason = sharedReason(r.outcomes);
  }
  const message = kind === 'done' ? `Done: ${files}` : `Not done: ${problems.join('; ')}. ${files}`;
  return { kind, ...(reason ? { reason } : {}), message, problems };
}

function problemsOf(r: VerdictInput): string[] {
  const problems: string[] = [];
  const errors = r.diagnostics.introduced.length;
  if (errors > 0) problems.push(`${errors} new type error${errors === 1 ? '' : 's'}`);
  const changed = new Set(r.changes.map((c) => c.file));
  for (const o of r.outcomes) {
    if (o.status === 'done') continue;
    // A worker that found nothing to do in a file another subtask changed (the rename did it) kept its promise.
    if (o.status === 'unchanged' && changed.has(o.file)) continue;
    const why = o.reason ?? o.notes ?? (o.status === 'unchanged' ? 'no reason given' : undefined);
    const status = isRefused(o) ? `${o.handler} refused` : o.status;
    problems.push(`${o.file} ${status}${originNote(o)}${why ? `: ${why}` : ''}`);
  }
  // Files the plan named but the maxWorkers cap left out were never worked on: the change is not complete.
  const capped = r.droppedFiles ?? [];
  if (capped.length > 0) {
    const shown =
      capped.slice(0, 3).join(', ') + (capped.length > 3 ? `, … (${capped.length - 3} more)` : '');
    problems.push(
      `${capped.length} planned file${capped.length === 1 ? '' : 's'} dropped by the maxWorkers cap (${shown})`,
    );
  }
  // A step the plan check rejected (after the one re-ask) never ran: the rest of the plan is not the whole change.
  for (const step of r.rejected ?? []) problems.push(`plan step ${step.file} rejected: ${step.reason}`);
  const left = r.obligations.filter((o) => o.kind === 'old-name');
  if (left.length > 0) {
    const first = left[0]!;
    problems.push(
      `${left.length} reference${left.length === 1 ? '' : 's'} to a renamed name left (first at ${first.file}:${first.line ?? '?'})`,
    );
  }
  const kept = r.outOfScope.filter((h) => !h.dropped).length;
  if (kept > 0) problems.push(`${kept} out-of-scope hunk${kept === 1 ? '' : 's'} kept`);
  return problems;
}

/**
 * A deterministic step refused (a rename whose new name is taken, an unknown symbol): the request, not the
 * model, is at fault. Handlers mark it with `errorReason: 'bad-input'`.
 */
function isRefused(o: SubtaskOutcome): boolean {
  return o.status === 'failed' && o.errorReason === 'bad-input';
}

/** When every subtask failed: the budget, one API error shared by all (overloaded, auth…), else invalid output. */
function sharedReason(outcomes: SubtaskOutcome[]): ErrorReason {
  if (outcomes.some((o) => o.status === 'skipped-budget')) return 'budget-exceeded';
  const reasons = new Set(outcomes.map((o) => o.errorReason));
  const [only] = reasons;
  return reasons.size === 1 && only !== undefined ? only : 'invalid-model-output';
}

/** The rejections at planning, then those of the edited plan's re-check, each (file and reason) once. */
export function rejectedSteps(...lists: ReadonlyArray<Rejected>): Rejected {
  const seen = new Set<string>();
  return lists.flat().filter((r) => {
    const key = `${r.file}\n${r.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
