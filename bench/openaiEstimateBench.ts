/**
 * Benchmark: the openai-compatible provider's prompt-token estimate (no counting endpoint, so
 * `estimateChatRequestTokens`) against what the endpoint reports, per worker request of the recorded shop
 * refactoring, run through the pipeline and the real `openai` SDK to mock-openai.
 *
 * The mock's `prompt_tokens` is a reference count, not a real tokenizer (none is a dependency): GPT-4o's
 * pre-tokenizer split (words with their leading space, digit runs of up to three, punctuation runs,
 * newlines) over every message, tool call and function definition, plus 3 tokens of framing per message —
 * each piece is at least one BPE token, so it is close to, and if anything below, the real count.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RunConfigSchema } from '../src/core/config';
import { createOpenAIClient } from '../src/core/llm/openaiClient';
import { estimateChatRequestTokens } from '../src/core/llm/openaiTokens';
import { executeRun, planRun } from '../src/core/pipeline';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { MockOpenAI, toolUseReply, type MockChatBody } from '../test/mock-openai/server';
import { isPlan, isWorker, workerFile } from '../test/support/mockRequests';
import { REPO_ROOT } from './paths';
import type { BenchResult } from './results';
import { shopCopy } from './tokensBench';

const PIECES = / ?[\p{L}\p{M}_]+| ?\p{N}{1,3}| ?[^\s\p{L}\p{M}\p{N}_]+[\r\n]*|\s*[\r\n]+|\s+/gu;

function pieces(text: string): number {
  return text.match(PIECES)?.length ?? 0;
}

/** The reference prompt-token count of a chat-completions body as the server receives it. */
export function referencePromptTokens(body: MockChatBody): number {
  let total = 3;
  for (const m of body.messages) {
    const content = typeof m.content === 'string' ? m.content : '';
    const calls = (m.tool_calls ?? []).map((c) => `${c.function.name} ${c.function.arguments}`).join('\n');
    total += 3 + pieces(content) + pieces(calls);
  }
  for (const t of body.tools ?? []) total += 8 + pieces(JSON.stringify(t.function));
  return total;
}

interface Recorded {
  usage: Record<string, number>;
  input: unknown;
}

export async function openaiEstimateBench(): Promise<BenchResult[]> {
  const replay = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'examples', 'replay', 'fetchJson-options.json'), 'utf8'),
  ) as { instruction: string; plan: Recorded; workers: Record<string, Recorded> };
  const mock = await MockOpenAI.start({ keyless: true });
  try {
    mock.on(isPlan, toolUseReply(replay.plan.input));
    mock.on(isWorker(), (req) =>
      toolUseReply(replay.workers[workerFile(req) ?? '']?.input, {
        usage: { prompt_tokens: referencePromptTokens(req.body), completion_tokens: 200 },
      })(req),
    );
    const config = RunConfigSchema.parse({
      maxRetries: 0,
      models: { orchestrator: 'gpt-4.1', worker: 'gpt-4.1-mini' },
    });
    const client = createOpenAIClient({
      apiKey: undefined,
      baseURL: mock.url,
      timeoutMs: 30_000,
      maxRetries: 0,
    });
    const deps = { workspace: await openWorkspace(shopCopy()), client, config };
    const planned = await planRun(deps, { instruction: replay.instruction });
    const estimates = new Map(
      [...planned.workerRequests].map(([file, r]) => [file, estimateChatRequestTokens(r)]),
    );
    await executeRun(deps, planned);
    const errors: number[] = [];
    for (const entry of planned.state.ledger.entries()) {
      const estimate = entry.label === undefined ? undefined : estimates.get(entry.label);
      if (entry.role !== 'worker' || estimate === undefined) continue;
      const actual = entry.usage.inputTokens + entry.usage.cacheReadInputTokens;
      errors.push((estimate - actual) / actual);
    }
    if (errors.length === 0) throw new Error('bench: no worker call was billed');
    const mean = errors.reduce((a, b) => a + Math.abs(b), 0) / errors.length;
    const worst = errors.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
    const note = `${errors.length} workers; signed errors ${errors.map((e) => `${(e * 100).toFixed(0)}%`).join(' ')}`;
    return [
      {
        name: 'tokens.openai_estimate_error_mean',
        value: mean,
        target: 0.3,
        better: 'lower',
        unit: '',
        note,
      },
      {
        name: 'tokens.openai_estimate_error_worst',
        value: Math.abs(worst),
        target: 0.3,
        better: 'lower',
        unit: '',
        note,
      },
    ];
  } finally {
    await mock.close();
  }
}
