/**
 * Pre-run cost estimate: counted prompt tokens × price plus an output allowance per worker.
 * The shared worker prefix is priced as one cache write and then cache reads, as the API bills it,
 * but only when it is long enough to be cached at all.
 */
import type { RunConfig } from '../config';
import { estimateRequestTokens, estimateTokens } from '../llm/budget';
import { clientForRole, messageText, toolsOf, type ModelClient, type ModelRequest } from '../llm/modelClient';
import { costOf, minCacheableTokens, priceOf, type Prices } from '../llm/pricing';
import type { Subtask } from '../plan/planSchema';
import type { CostEstimate, SubtaskEstimate, WorkerEstimateParts } from '../runTypes';

// Counting lives beside the estimate: one count per prompt shape, not per request (promptCounts.ts).
export { countPromptTokens } from './promptCounts';

/** Expected output: edits are usually a fraction of the file they touch. */
export function outputAllowance(request: ModelRequest): number {
  const fileTokens = estimateTokens(request.messages.map(messageText).join('\n'));
  return Math.min(request.maxTokens, Math.ceil(fileTokens * 0.5) + 200);
}

/** Tokens of the prefix the API caches: the tool definitions, then the system blocks up to the last mark. */
export function cachedPrefixTokens(request: ModelRequest): number {
  const lastMark = request.system.map((s) => s.cache === true).lastIndexOf(true);
  if (lastMark < 0) return 0;
  const system = request.system
    .slice(0, lastMark + 1)
    .map((s) => s.text)
    .join('\n');
  const tools = toolsOf(request)
    .map((t) => JSON.stringify(t))
    .join('');
  return estimateTokens(tools) + estimateTokens(system);
}

/** The cached prefix, or 0 when it is shorter than the model's minimum (the API then caches nothing). */
export function cacheableTokens(request: ModelRequest): number {
  const prefix = cachedPrefixTokens(request);
  return prefix >= minCacheableTokens(request.model) ? prefix : 0;
}

/** `cachesPrompts`: whether the provider caches the shared prefix at all (VS Code LM does not). */
export function estimateWorkers(
  requests: ModelRequest[],
  counted?: number[],
  cachesPrompts = true,
  prices?: Prices,
): {
  usd: number;
  inputTokens: number;
  each: number[];
  parts: Omit<WorkerEstimateParts, 'file'>;
  perRequest: WorkerEstimateParts[];
  /** Tokens (prompt + output allowance) of the requests to models priced $0, which the token budget bounds. */
  freeTokens: number;
} {
  let usd = 0;
  let inputTokens = 0;
  let freeTokens = 0;
  const each: number[] = [];
  const perRequest: WorkerEstimateParts[] = [];
  // Each model has its own cache: the first request to a model writes the prefix, the later ones read it.
  const written = new Set<string>();
  requests.forEach((request, index) => {
    const total = counted?.[index] ?? estimateRequestTokens(request);
    const cacheable = cachesPrompts ? Math.min(cacheableTokens(request), total) : 0;
    const writes = !written.has(request.model);
    written.add(request.model);
    inputTokens += total;
    const usage = {
      inputTokens: total - cacheable,
      outputTokens: outputAllowance(request),
      cacheCreationInputTokens: writes ? cacheable : 0,
      cacheReadInputTokens: writes ? 0 : cacheable,
    };
    const cost = costOf(request.model, usage, prices);
    if (priceOf(request.model, prices).local === true) freeTokens += total + usage.outputTokens;
    const only = (part: Partial<typeof usage>): number =>
      costOf(
        request.model,
        {
          inputTokens: 0,
          outputTokens: 0,
          cacheCreationInputTokens: 0,
          cacheReadInputTokens: 0,
          ...part,
        },
        prices,
      );
    perRequest.push({
      file: request.label ?? '',
      inputUsd: only({ inputTokens: usage.inputTokens }),
      outputUsd: only({ outputTokens: usage.outputTokens }),
      cacheWriteUsd: only({ cacheCreationInputTokens: usage.cacheCreationInputTokens }),
      cacheReadUsd: only({ cacheReadInputTokens: usage.cacheReadInputTokens }),
    });
    each.push(cost);
    usd += cost;
  });
  const sum = (key: Exclude<keyof WorkerEstimateParts, 'file'>): number =>
    perRequest.reduce((n, p) => n + p[key], 0);
  const parts = {
    inputUsd: sum('inputUsd'),
    outputUsd: sum('outputUsd'),
    cacheWriteUsd: sum('cacheWriteUsd'),
    cacheReadUsd: sum('cacheReadUsd'),
  };
  return { usd, inputTokens, each, parts, perRequest, freeTokens };
}

/**
 * `subtasks`: the plan's subtasks with the key of each one's request (model subtasks) or undefined (the
 * deterministic steps, $0); given, the estimate lists each subtask's share with its tier and model.
 * `planFreeTokens`: the tokens the planning calls to $0 models used, counted against the token budget.
 */
export function buildEstimate(
  planUsd: number,
  workerRequests: ModelRequest[],
  config: RunConfig,
  counted?: number[],
  cachesPrompts = true,
  subtasks?: ReadonlyArray<{ subtask: Subtask; request: number | undefined }>,
  prices?: Prices,
  planFreeTokens = 0,
): CostEstimate {
  const workers = estimateWorkers(workerRequests, counted, cachesPrompts, prices);
  const totalUsd = planUsd + workers.usd;
  const each = subtasks?.map(({ subtask, request }): SubtaskEstimate => {
    const model = request === undefined ? undefined : workerRequests[request]?.model;
    return {
      id: subtask.id ?? subtask.file,
      file: subtask.file,
      handler: subtask.handler,
      ...(subtask.tier ? { tier: subtask.tier } : {}),
      ...(model ? { model } : {}),
      usd: request === undefined ? 0 : (workers.each[request] ?? 0),
    };
  });
  const { orchestrator, worker } = config.models;
  // A model priced $0 because a local server runs it: the dollars cannot bound its calls, the token budget does.
  const freeModels = [...new Set([orchestrator, worker])].filter((m) => priceOf(m, prices).local === true);
  const freeTokens = { plan: planFreeTokens, workers: workers.freeTokens };
  const fitsTokens = planFreeTokens + workers.freeTokens <= config.budgetTokens;
  return {
    ...(each ? { subtasks: each } : {}),
    totalUsd,
    planUsd,
    workersUsd: workers.usd,
    workerInputTokens: workers.inputTokens,
    budgetUsd: config.budgetUsd,
    fitsBudget: totalUsd <= config.budgetUsd && fitsTokens,
    breakdown: { ...workers.parts, perFile: workers.perRequest },
    ...(freeModels.length > 0
      ? { freeModels, budgetTokens: config.budgetTokens, freeTokens, fitsTokens }
      : {}),
  };
}

/** The models of `free` (priced $0) that VS Code's chat API serves: the report says so instead of "local endpoint". */
export function chatModelsOf(
  client: ModelClient,
  models: RunConfig['models'],
  free: readonly string[] = [],
): string[] {
  const chat = (['orchestrator', 'worker'] as const)
    .filter((role) => clientForRole(client, role).provider === 'vscode-lm')
    .map((role) => models[role]);
  return free.filter((m) => chat.includes(m));
}
