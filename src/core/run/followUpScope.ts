/**
 * A follow-up's answer through the scope check the plan's workers go through (merge/scope.ts): its hunks that
 * touch nothing its errors or the plan are about are reported, and dropped with `strictScope`.
 */
import type { WorkspaceFacts } from '../facts/types';
import { checkFixScope } from '../merge/scope';
import type { Plan } from '../plan/planSchema';
import type { OutOfScopeHunk } from '../runTypes';
import type { WorkerResult } from '../worker/runWorker';
import type { FixTarget } from './causes';
import type { RunContext } from './runContext';

export interface FollowUpScope {
  facts: Pick<WorkspaceFacts, 'seeds' | 'symbols'>;
  instruction: string;
  strict: boolean;
}

/** The follow-up's result with its out-of-scope hunks dropped when strict; those hunks go to `found`. */
export function scopedFollowUp(
  ctx: Pick<RunContext, 'emit'>,
  scope: FollowUpScope,
  plan: Plan,
  target: FixTarget,
  before: string,
  result: WorkerResult,
  found: OutOfScopeHunk[],
): WorkerResult {
  if (!result.ok || result.value.after === before) return result;
  const checked = checkFixScope({
    ...scope,
    plan,
    file: target.file,
    before,
    after: result.value.after,
    diagnostics: target.diagnostics.filter((d) => d.file === target.file),
  });
  for (const h of checked.outOfScope) {
    const what = h.dropped ? 'dropped (strictScope)' : 'kept';
    ctx.emit({
      type: 'log',
      level: 'warn',
      message: `${h.file}:${h.line}: out-of-scope hunk ${what} (follow-up)`,
    });
  }
  found.push(...checked.outOfScope);
  if (checked.after === result.value.after) return result;
  if (checked.after !== before) return { ok: true, value: { ...result.value, after: checked.after } };
  const message = 'every hunk of its answer was out of scope and dropped (strictScope)';
  return {
    ok: true,
    value: { status: 'unchanged', after: before, message, attempts: result.value.attempts },
  };
}
