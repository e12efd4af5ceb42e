/**
 * What each subtask of a plan is expected to cost, for balancing shards: the prompt tokens of its worker's
 * request (as the estimate builds it), and ~0 for a deterministic step, which calls no model.
 */
import { handlerFor } from '../handlers/registry';
import { estimateRequestTokens } from '../llm/budget';
import type { ModelRequest } from '../llm/modelClient';
import type { Plan } from '../plan/planSchema';

/**
 * Each subtask's weight in plan order. `requests`: the workers' requests as the estimate counted them, keyed by
 * the subtask's id, else its file. A model subtask without one (nothing was built for it) weighs 1.
 */
export function subtaskWeights(plan: Plan, requests: ReadonlyMap<string, ModelRequest>): number[] {
  return plan.subtasks.map((s) => {
    if (!handlerFor(s.handler).usesModel) return 0;
    const request = requests.get(s.id ?? s.file);
    return request === undefined ? 1 : Math.max(1, estimateRequestTokens(request));
  });
}
