/** The estimate stage: the workers' actual requests built and their prompt tokens counted by the provider. */
import type { ModelRequest } from '../llm/modelClient';
import type { Plan } from '../plan/planSchema';
import type { CostEstimate } from '../runTypes';
import { refuseOverContext } from '../run/providers';
import { withArrivalRequests } from '../run/arrivalRequests';
import { buildEstimate, chatModelsOf, countPromptTokens } from '../run/estimate';
import { followUpCallBound } from '../run/followUpBound';
import type { RunContext } from '../run/runContext';
import { buildWorkerRequests } from '../worker/workerRequests';
import type { WorkspaceFacts } from '../facts/types';

const COUNT_CONCURRENCY = 8;

export interface CountedEstimate {
  estimate: CostEstimate;
  requests: Map<string, ModelRequest>;
}

/** The estimate shown for review: prompt tokens of the workers' actual requests, counted by the provider. */
export async function countedEstimate(
  ctx: RunContext,
  instruction: string,
  plan: Plan,
  facts: WorkspaceFacts,
): Promise<CountedEstimate> {
  // A step on a path a move creates is counted on the moved text, as it will be sent.
  const built = buildWorkerRequests(ctx, instruction, plan, facts);
  const requests = await withArrivalRequests(ctx, plan, built, { instruction, facts });
  const keys = [...requests.keys()];
  const list = [...requests.values()];
  const counted = await countPromptTokens(ctx.client, list, {
    // Counting is free and generates nothing, so it need not wait on the workers' concurrency.
    concurrency: COUNT_CONCURRENCY,
    signal: ctx.signal,
  });
  refuseOverContext(list, counted, ctx.config.contextWindows);
  const cachesPrompts = ctx.client.cachesPrompts === true;
  const { maxWorkers, followUps } = ctx.config;
  const estimate = buildEstimate(
    ctx.ledger.totalUsd(),
    list,
    ctx.config,
    counted,
    cachesPrompts,
    plan.subtasks.map((subtask) => {
      const at = keys.indexOf(subtask.id ?? subtask.file);
      return { subtask, request: at < 0 ? undefined : at };
    }),
    ctx.ledger.prices,
    ctx.budget.spentTokens(),
  );
  const followUpCalls = followUpCallBound(ctx.workspace, plan, { maxWorkers, followUps });
  const chatModels = chatModelsOf(ctx.client, ctx.config.models, estimate.freeModels);
  return {
    estimate: { ...estimate, followUpCalls, ...(chatModels.length > 0 ? { chatModels } : {}) },
    requests,
  };
}
