/** Builds each LLM subtask's request once, for the estimate and for dispatch alike. */
import type { ModelRequest } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import { editTool } from '../work/runWorker';
import { buildWorkerRequest, sharedWorkerSystem } from '../work/workerPrompt';
import type { WorkspaceFacts } from '../workspace/types';
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
  const shared = sharedWorkerSystem({ instruction, plan, symbols: facts.symbols });
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
