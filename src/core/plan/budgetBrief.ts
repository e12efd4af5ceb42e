/**
 * What the orchestrator is told about money: the budget, the cap, and what one worker costs on files of
 * this workspace's sizes at each tier's model (from the price table), so it can plan within them.
 */
import { workerModelFor, type RunConfig } from '../config';
import { estimateTokens } from '../llm/budget';
import { costOf } from '../llm/pricing';
import type { Tier } from './planSchema';

/** The shared part of a worker's prompt (rules, instruction, plan, definitions), roughly. */
const WORKER_OVERHEAD_TOKENS = 2_500;

export interface FileSize {
  file: string;
  tokens: number;
}

export interface TierCost {
  tier: Tier;
  model: string;
  /** One worker's estimated cost on each of the sample files. */
  perFile: Array<FileSize & { usd: number }>;
}

export interface BudgetBrief {
  budgetUsd: number;
  maxWorkers: number;
  tiers: TierCost[];
}

/** The smallest, the median and the largest of the given files, by tokens (without repeats). */
export function sampleSizes(files: readonly FileSize[]): FileSize[] {
  const sorted = [...files].sort((a, b) => a.tokens - b.tokens || a.file.localeCompare(b.file));
  if (sorted.length === 0) return [];
  const picks = [sorted[0], sorted[Math.floor((sorted.length - 1) / 2)], sorted[sorted.length - 1]];
  return [...new Set(picks)].filter((f): f is FileSize => f !== undefined);
}

/** One worker's cost on a file of `tokens` tokens: its prompt in, about half the file out (as the estimate allows). */
export function workerCostUsd(model: string, tokens: number, maxTokens: number): number {
  return costOf(model, {
    inputTokens: WORKER_OVERHEAD_TOKENS + tokens,
    outputTokens: Math.min(maxTokens, Math.ceil(tokens * 0.5) + 200),
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  });
}

export function budgetBrief(
  config: RunConfig,
  texts: ReadonlyArray<{ file: string; text: string }>,
): BudgetBrief {
  const sizes = sampleSizes(texts.map((t) => ({ file: t.file, tokens: estimateTokens(t.text) })));
  const tiers = (['fast', 'strong'] as const).map((tier): TierCost => {
    const model = workerModelFor(config.models, tier);
    return {
      tier,
      model,
      perFile: sizes.map((s) => ({ ...s, usd: workerCostUsd(model, s.tokens, config.workerMaxTokens) })),
    };
  });
  return { budgetUsd: config.budgetUsd, maxWorkers: config.maxWorkers, tiers };
}

/** The brief as the orchestrator's rules state it. */
export function budgetSection(brief: BudgetBrief): string {
  const lines = [
    `- Budget: $${brief.budgetUsd.toFixed(2)} for the whole run, this plan included; at most ${brief.maxWorkers} subtasks.`,
    '  Plan within both: a plan estimated above the budget is refused. Steps that need no model cost $0.',
  ];
  for (const t of brief.tiers) {
    const costs = t.perFile.map((f) => `$${f.usd.toFixed(4)} for ${f.file} (~${f.tokens} tokens)`).join(', ');
    lines.push(`- tier "${t.tier}" (${t.model}): one worker costs about ${costs || 'n/a'}.`);
  }
  lines.push(
    '  Give a model subtask "tier": "strong" only where the change is hard (a declaration\'s new shape), "fast"',
    '  for mechanical edits (call sites); with no tier it runs on the default worker model.',
  );
  return lines.join('\n');
}
