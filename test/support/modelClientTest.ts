/**
 * What the model clients' tests share (the Anthropic API and Bedrock through the real SDKs): a client with fast
 * retries whose log lines are kept, the worker request they send, and the failure a call must end in.
 */
import assert from 'node:assert/strict';
import { createAnthropicClient, type AnthropicClientOptions } from '../../src/core/llm/anthropicClient';
import type { ModelClient, ModelRequest } from '../../src/core/llm/modelClient';
import { OrchestraError } from '../../src/core/errors';

/** The client's options, `maxRetries` optional (default 2). */
export type TestClientOptions = Omit<AnthropicClientOptions, 'maxRetries'> & { maxRetries?: number };

/** An Anthropic client (any platform) with two retries 10–40 ms apart, unless `options` say otherwise. */
export function loggedAnthropicClient(options: TestClientOptions): {
  client: ModelClient;
  logs: string[];
} {
  const logs: string[] = [];
  const client = createAnthropicClient({
    maxRetries: 2,
    retryTiming: { baseDelayMs: 10, maxDelayMs: 40 },
    log: (level, message) => logs.push(`${level} ${message}`),
    ...options,
  });
  return { client, logs };
}

/** A worker's request with a forced `submit_edits` tool taking `{ n: number }`. */
export function workerRequest(over: Partial<ModelRequest> = {}): ModelRequest {
  return {
    role: 'worker',
    model: 'claude-haiku-4-5',
    system: [{ text: 'shared workspace context', cache: true }, { text: 'edit only your file' }],
    messages: [{ role: 'user', content: 'rename foo in a.ts' }],
    tool: {
      name: 'submit_edits',
      description: 'Submit the edits.',
      inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
    },
    maxTokens: 1000,
    label: 'a.ts',
    ...over,
  };
}

/** The `OrchestraError` `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<OrchestraError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OrchestraError, `expected OrchestraError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
