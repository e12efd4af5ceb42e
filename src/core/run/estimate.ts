/**
 * Pre-run cost estimate: counted prompt tokens × price plus an output allowance per worker.
 * The shared worker prefix is priced as one cache write and then cache reads, as the API bills it,
 * but only when it is long enough to be cached at all.
 */
import type { RunConfig } from '../config';
import { estimateRequestTokens, estimateTokens } from '../llm/budget';
import pLimit from 'p-limit';
import { messageText, toolsOf, type ModelClient, type ModelRequest } from '../llm/modelClient';
import { costOf, minCacheableTokens, priceOf, type Prices } from '../llm/pricing';
import type { CostEstimate } from '../runTypes';

/** Expected output: edits are usually a fraction of the file they touch. */
export function outputAllowance(request: ModelRequest): number {
  const fileTokens = estimateTokens(request.messages.map(messageText).join('\n'));
  return Math.min(request.maxTokens, Math.ceil(fileTokens * 0.5) + 200);
}

/**
 * Prompt tokens per request, counted by the provider when it can (free, no generation), otherwise estimated.
 * Counting runs with bounded concurrency so a large plan does not burst the API.
 */
export async function countPromptTokens(
  client: ModelClient,
  requests: ModelRequest[],
  options: { concurrency: number; signal?: AbortSignal },
): Promise<number[]> {
  const count = client.countTokens?.bind(client);
  if (!count) return requests.map(estimateRequestTokens);
  const limit = pLimit(Math.max(1, options.concurrency));
  return Promise.all(requests.map((r) => limit(() => count(r, { signal: options.signal }))));
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
): { usd: number; inputTokens: number } {
  let usd = 0;
  let inputTokens = 0;
  requests.forEach((request, index) => {
    const total = counted?.[index] ?? estimateRequestTokens(request);
    const cacheable = cachesPrompts ? Math.min(cacheableTokens(request), total) : 0;
    inputTokens += total;
    usd += costOf(
      request.model,
      {
        inputTokens: total - cacheable,
        outputTokens: outputAllowance(request),
        cacheCreationInputTokens: index === 0 ? cacheable : 0,
        cacheReadInputTokens: index === 0 ? 0 : cacheable,
      },
      prices,
    );
  });
  return { usd, inputTokens };
}

export function buildEstimate(
  planUsd: number,
  workerRequests: ModelRequest[],
  config: RunConfig,
  counted?: number[],
  cachesPrompts = true,
  prices?: Prices,
): CostEstimate {
  const workers = estimateWorkers(workerRequests, counted, cachesPrompts, prices);
  const totalUsd = planUsd + workers.usd;
  const { orchestrator, worker } = config.models;
  // A model priced $0 because a local server runs it: the budget cannot bound its calls, say so.
  const freeModels = [...new Set([orchestrator, worker])].filter((m) => priceOf(m, prices).local === true);
  return {
    totalUsd,
    planUsd,
    workersUsd: workers.usd,
    workerInputTokens: workers.inputTokens,
    budgetUsd: config.budgetUsd,
    fitsBudget: totalUsd <= config.budgetUsd,
    ...(freeModels.length > 0 ? { freeModels } : {}),
  };
}
