/** Builds each LLM subtask's request once, for the estimate and for dispatch alike. */
import type { ModelRequest } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import { editTool } from '../work/runWorker';
import { buildWorkerRequest, sharedWorkerSystem } from '../work/workerPrompt';
import type { ContextSlice, WorkspaceFacts } from '../workspace/types';
import { buildSlice } from '../workspace/slices';
import type { RunContext } from './runContext';

export function isModelSubtask(subtask: Subtask): boolean {
  return subtask.handler === 'llm' || subtask.handler === 'create';
}

export function buildWorkerRequests(
  ctx: Pick<RunContext, 'workspace' | 'config'>,
  instruction: string,
  plan: Plan,
  facts: WorkspaceFacts,
): Map<string, ModelRequest> {
  const definitions = definitionSlices(ctx, facts);
  const shared = sharedWorkerSystem({ instruction, plan, symbols: facts.symbols, definitions });
  const requests = new Map<string, ModelRequest>();
  for (const subtask of plan.subtasks.filter(isModelSubtask)) {
    const lines = facts.candidates.find((c) => c.file === subtask.file)?.lines ?? [];
    const exists = ctx.workspace.readText(subtask.file) !== undefined;
    requests.set(
      subtask.file,
      buildWorkerRequest({
        shared,
        subtask,
        slice: exists ? buildSlice(ctx.workspace, subtask.file, lines) : undefined,
        model: ctx.config.models.worker,
        maxTokens: ctx.config.workerMaxTokens,
        tool: editTool,
      }),
    );
  }
  return requests;
}

/** Excerpts of the files that declare the seed symbols; part of the prefix every worker shares (and caches). */
function definitionSlices(ctx: Pick<RunContext, 'workspace'>, facts: WorkspaceFacts): ContextSlice[] {
  const lines = new Map<string, number[]>();
  for (const s of facts.symbols) lines.set(s.file, [...(lines.get(s.file) ?? []), s.line]);
  return [...lines].map(([file, at]) =>
    buildSlice(ctx.workspace, file, at, { maxWholeLines: 300, context: 12 }),
  );
}
