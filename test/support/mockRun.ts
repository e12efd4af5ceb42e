/** Pipeline deps over the REAL Anthropic SDK against the loopback mock, for engine tests on inline workspaces. */
import { RunConfigSchema, type RunConfigInput } from '../../src/core/config';
import { createAnthropicClient } from '../../src/core/llm/anthropicClient';
import type { RunDeps } from '../../src/core/pipeline';
import type { PipelineEvent } from '../../src/core/runTypes';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import type { MockAnthropic } from '../mock-anthropic/server';
import { API_KEY } from './cli';
import { writeTree } from './tempTree';

/** Exact costs in assertions are priced for these models. */
export const TEST_MODELS = { orchestrator: 'claude-sonnet-4-6', worker: 'claude-haiku-4-5' };

export async function mockDeps(
  mock: MockAnthropic,
  files: Record<string, string>,
  config: RunConfigInput = {},
  opts: { signal?: AbortSignal; events?: PipelineEvent[] } = {},
): Promise<RunDeps> {
  const parsed = RunConfigSchema.parse({ timeoutMs: 5_000, maxRetries: 0, models: TEST_MODELS, ...config });
  return {
    workspace: await openWorkspace(writeTree(files)),
    client: createAnthropicClient({
      apiKey: API_KEY,
      baseURL: mock.url,
      timeoutMs: parsed.timeoutMs,
      maxRetries: parsed.maxRetries,
    }),
    config: parsed,
    signal: opts.signal,
    onEvent: (e) => opts.events?.push(e),
  };
}

export function waitFor(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}
