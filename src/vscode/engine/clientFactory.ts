/**
 * Model clients from their specs (protocol.ts): the hosted providers are plain HTTP and run wherever this
 * is called (the engine worker); `vscode-lm` is built by the caller (`lm`), as a proxy in the worker.
 */
import { createAnthropicClient } from '../../core/llm/anthropicClient';
import type { ModelClient } from '../../core/llm/modelClient';
import { createOpenAIClient } from '../../core/llm/openaiClient';
import { routeByRole } from '../../core/llm/roleClients';
import type { ClientSpec, ClientsSpec, LogLevel } from './protocol';

export interface ClientFactoryDeps {
  log: (level: LogLevel, message: string) => void;
  /** The `vscode-lm` client where this runs (the host's own, or the worker's proxy). */
  lm: () => ModelClient;
}

export function clientFromSpec(spec: ClientSpec, deps: ClientFactoryDeps): ModelClient {
  const { log } = deps;
  switch (spec.provider) {
    case 'vscode-lm':
      return deps.lm();
    case 'platform':
      return createAnthropicClient({ apiKey: undefined, platform: spec.platform, ...retries(spec), log });
    case 'openai-compatible':
      return createOpenAIClient({
        apiKey: spec.apiKey,
        baseURL: spec.baseURL,
        apiVersion: spec.apiVersion,
        ...retries(spec),
        log,
      });
    case 'anthropic':
      return createAnthropicClient({ apiKey: spec.apiKey, baseURL: spec.baseURL, ...retries(spec), log });
  }
}

/** One client per provider the roles use, routed by role. */
export function clientsFromSpec(spec: ClientsSpec, deps: ClientFactoryDeps): ModelClient {
  const orchestrator = clientFromSpec(spec.orchestrator, deps);
  if (!spec.worker) return orchestrator;
  return routeByRole({ orchestrator, worker: clientFromSpec(spec.worker, deps) });
}

function retries(spec: { timeoutMs: number; maxRetries: number }): { timeoutMs: number; maxRetries: number } {
  return { timeoutMs: spec.timeoutMs, maxRetries: spec.maxRetries };
}
