/**
 * The real pipeline (planRun → executeRun) against the loopback mock, driven by the real Anthropic
 * client over HTTP. The orchestrator's plan and the workers' edits are scripted here; usage reported
 * by the mock comes from the bench-side prompt-cache model and token estimates.
 */
import { RunConfigSchema, type RunConfigInput } from '../src/core/config';
import { createAnthropicClient } from '../src/core/llm/anthropicClient';
import { estimateTokens } from '../src/core/llm/budget';
import type { ModelClient } from '../src/core/llm/modelClient';
import { executeRun, planRun } from '../src/core/pipeline';
import type { Plan } from '../src/core/plan/planSchema';
import type { PipelineEvent, RefactorResult, Stage } from '../src/core/runTypes';
import type { WorkerOutput } from '../src/core/worker/editSchema';
import type { Workspace } from '../src/core/workspace/workspace';
import {
  MockAnthropic,
  toolUseReply,
  type MockReplyFn,
  type MockRequest,
} from '../test/mock-anthropic/server';
import { isEditCall, isPlan, workerFile } from '../test/support/mockRequests';
import { type PromptCacheModel } from './promptCache';

export interface MockPipeline {
  mock: MockAnthropic;
  client: ModelClient;
  latencyMs: number;
  jitterMs: number;
  /**
   * The scripted replies pick their own latency (the mock adds none), so the cache model knows exactly
   * when each response is sent. Otherwise the mock adds latency to every call, count_tokens included.
   */
  delaysInReplies: boolean;
}

export async function startMockPipeline(
  latencyMs: number,
  jitterMs: number,
  opts: { delaysInReplies?: boolean } = {},
): Promise<MockPipeline> {
  const delaysInReplies = opts.delaysInReplies === true;
  const mock = await MockAnthropic.start(delaysInReplies ? {} : { latencyMs, jitterMs });
  const client = createAnthropicClient({
    apiKey: 'bench-key',
    baseURL: mock.url,
    timeoutMs: 60_000,
    maxRetries: 0,
  });
  return { mock, client, latencyMs, jitterMs, delaysInReplies };
}

export interface RunScript {
  workspace: Workspace;
  /** Files the scripted plan assigns to LLM workers, in order. */
  files: string[];
  instruction: string;
  /** The scripted worker's answer for one file. */
  edit: (file: string, before: string) => WorkerOutput;
  /** Indexes (into `files`) each subtask depends on; given, the subtasks get ids `m<index>`. */
  dependsOn?: (index: number) => number[];
}

/** Replaces the mock's rules with a plan for `files` and a worker reply per file. */
export function scriptRun(p: MockPipeline, s: RunScript, cache: PromptCacheModel): void {
  p.mock.reset();
  const plan: Plan = {
    summary: s.instruction,
    subtasks: s.files.map((file, i) => ({
      file,
      handler: 'llm',
      instructions: `${s.instruction} in this file.`,
      priority: 5,
      ...(s.dependsOn ? { id: `m${i}`, dependsOn: s.dependsOn(i).map((d) => `m${d}`) } : {}),
    })),
  };
  const withUsage =
    (input: (req: MockRequest) => unknown): MockReplyFn =>
    async (req) => {
      const value = input(req);
      const now = Date.now();
      const delayMs = p.delaysInReplies ? p.latencyMs + Math.random() * p.jitterMs : 0;
      // With the mock's own latency the send time is only known to within the jitter: assume the latest.
      const sentAt = now + (p.delaysInReplies ? delayMs : p.latencyMs + p.jitterMs);
      const usage = cache.usage(req.body, now, sentAt);
      const reply = await toolUseReply(value, {
        usage: { ...usage, output_tokens: estimateTokens(JSON.stringify(value)) },
      })(req);
      return delayMs > 0 ? { ...reply, delayMs } : reply;
    };
  p.mock.on(
    isPlan,
    withUsage(() => plan),
  );
  p.mock.on(
    isEditCall,
    withUsage((req) => {
      const file = workerFile(req) ?? '';
      return s.edit(file, s.workspace.readText(file) ?? '');
    }),
  );
}

export interface TimedRun {
  result: RefactorResult;
  planSeconds: number;
  executeSeconds: number;
  /** Seconds from the start of executeRun to each stage event. */
  stageAt: Partial<Record<Stage, number>>;
}

export async function timedRun(p: MockPipeline, s: RunScript, config: RunConfigInput): Promise<TimedRun> {
  const stageAt: Partial<Record<Stage, number>> = {};
  let executeStart = 0;
  const deps = {
    workspace: s.workspace,
    client: p.client,
    config: RunConfigSchema.parse(config),
    onEvent: (e: PipelineEvent) => {
      if (e.type === 'stage' && executeStart > 0) {
        stageAt[e.stage] = (performance.now() - executeStart) / 1000;
      }
    },
  };
  const start = performance.now();
  const planned = await planRun(deps, { instruction: s.instruction });
  const planSeconds = (performance.now() - start) / 1000;
  executeStart = performance.now();
  const result = await executeRun(deps, planned);
  return { result, planSeconds, executeSeconds: (performance.now() - executeStart) / 1000, stageAt };
}
