/**
 * One fix after the type-check — a repair of a file the run owns, or a follow-up of a file outside the plan:
 * a worker call (with its bounded retry, reserved in the budget like every call) on the file's current text,
 * with the errors it answers and what changed in the files they point into. What still fails is reported.
 */
import type { WorkspaceFacts } from '../facts/types';
import type { ModelRequest } from '../llm/modelClient';
import { changeContext } from '../merge/changeContext';
import type { Plan } from '../plan/planSchema';
import type { FileChange } from '../runTypes';
import { buildFixRequest, type PointedFile } from '../worker/fixPrompt';
import { runWorker, type WorkerResult } from '../worker/runWorker';
import { buildWorkerRequests } from '../worker/workerRequests';
import type { FixTarget } from './causes';
import type { RunContext } from './runContext';

/** The ledger label of a fix's calls (its cost is summed by it). */
export function fixLabel(target: Pick<FixTarget, 'file' | 'kind'>): string {
  return `${target.kind === 'repair' ? 'repair' : 'follow-up'}:${target.file}`;
}

export async function runFix(
  ctx: RunContext,
  target: FixTarget,
  text: string,
  changes: readonly FileChange[],
  template: ModelRequest,
): Promise<WorkerResult> {
  const byFile = new Map(changes.map((c) => [c.file, c]));
  const pointsInto: PointedFile[] = target.pointsInto.flatMap((f) => {
    const change = byFile.get(f);
    return change === undefined ? [] : [changeContext(change)];
  });
  const request = buildFixRequest({
    kind: target.kind,
    file: target.file,
    text,
    diagnostics: target.diagnostics,
    cause: target.cause,
    pointsInto,
    template,
    fileTokens: ctx.config.workerFileTokens,
    label: fixLabel(target),
  });
  const instructions = target.kind === 'repair' ? 'repair' : 'follow-up: fix the new type errors';
  return runWorker(ctx, { file: target.file, handler: 'llm', instructions, priority: 5 }, text, request);
}

/**
 * The fixes' request when the plan has no worker whose request they could reuse (a rename-only plan): a
 * worker request for the first file with new errors, built the way the workers' are.
 */
export function repairTemplate(
  ctx: RunContext,
  run: {
    instruction: string;
    plan: Plan;
    facts: WorkspaceFacts;
    file: string;
  },
): ModelRequest | undefined {
  const subtask = {
    file: run.file,
    handler: 'llm' as const,
    instructions: 'Fix the new type errors.',
    priority: 5,
  };
  const plan = { summary: run.plan.summary, subtasks: [subtask] };
  return buildWorkerRequests(ctx, run.instruction, plan, run.facts).get(run.file);
}
