/**
 * Sizes the workers' shared prefix for the prompt cache. Below the worker model's minimum (4,096 tokens
 * for Haiku 4.5) the API caches nothing and every worker pays the whole prefix at the full input price;
 * above it the run pays one cache write and then reads at a tenth of the price. When a run's prefix falls
 * a little short, filling it with context every worker can use — how the plan's files use the symbols
 * today — makes the run cheaper and the workers better informed. The fill is added only when the
 * price arithmetic says so.
 */
import { estimateTokens } from '../llm/budget';
import { costOf, minCacheableTokens } from '../llm/pricing';
import type { Candidate } from '../facts/types';
import type { Workspace } from '../workspace/workspace';
import { renderHunks } from '../facts/slices';
import { dataBlock } from './dataBlock';

/**
 * The estimate counts chars / 3.5; a tokenizer may count fewer tokens for the same text, and a prefix
 * that lands just under the minimum would cache nothing, so aim this much above it.
 */
export const FILL_MARGIN = 1.2;

/** Lines of context around each use, tried from the tightest until the excerpts are long enough. */
const CONTEXT_STEPS = [1, 3, 6, 12] as const;

/** Whether dispatch sends one call first so the others read its cache (runSubtasks' warm-up rule). */
export function warmUpPossible(workers: number, concurrency: number): boolean {
  return workers >= 3 && concurrency >= 2;
}

export interface FillDecision {
  /** Tokens the prefix must reach to be cached (the model's minimum plus the margin). */
  target: number;
  /** Whether one write plus reads at that size costs less than every worker paying the prefix as it is. */
  pays: boolean;
}

/**
 * Whether a prefix of `prefixTokens` should be filled up to the cache minimum for `workers` calls.
 * `writers` of them pay the cache write (1 when a warm-up call goes first, else up to the concurrency).
 */
export function decideFill(
  model: string,
  prefixTokens: number,
  workers: number,
  writers: number,
): FillDecision {
  const minimum = minCacheableTokens(model);
  const target = Math.ceil(minimum * FILL_MARGIN);
  if (prefixTokens >= minimum || workers < 2) return { target, pays: false };
  const written = Math.min(Math.max(1, writers), workers);
  const zero = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
  const uncached = costOf(model, { ...zero, inputTokens: workers * prefixTokens });
  const filled = costOf(model, {
    ...zero,
    cacheCreationInputTokens: written * target,
    cacheReadInputTokens: (workers - written) * target,
  });
  return { target, pays: filled < uncached };
}

/**
 * Excerpts of `files` around their uses of the symbols (line-numbered, as before the change), with as
 * little context as reaches `neededTokens`; files are taken in order until it is reached. Undefined when
 * even the widest excerpts of every file fall short: then filling would not make the prefix cacheable.
 */
export function usageExcerpts(
  workspace: Pick<Workspace, 'readText'>,
  files: readonly string[],
  candidates: readonly Candidate[],
  neededTokens: number,
): string | undefined {
  const uses = files
    .map((file) => ({ file, lines: candidates.find((c) => c.file === file)?.lines ?? [] }))
    .filter((u) => u.lines.length > 0);
  const texts = new Map<string, string[]>();
  for (const { file } of uses) {
    const text = workspace.readText(file);
    if (text !== undefined) texts.set(file, text.split('\n'));
  }
  for (const context of CONTEXT_STEPS) {
    const blocks: string[] = [];
    let tokens = 0;
    for (const { file, lines } of uses) {
      const all = texts.get(file);
      if (all === undefined) continue;
      const ranges = lines.map((l): [number, number] => [
        Math.max(1, l - context),
        Math.min(all.length, l + context),
      ]);
      const label = 'before the change; another worker may be editing it';
      const block = dataBlock('uses', file, label, renderHunks(all, ranges));
      blocks.push(block);
      tokens += estimateTokens(block) + 1;
      if (tokens >= neededTokens) {
        return `How the plan's files use these symbols today (for consistency; edit only your own file):\n\n${blocks.join('\n\n')}`;
      }
    }
  }
  return undefined;
}
