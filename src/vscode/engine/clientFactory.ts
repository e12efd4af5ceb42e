/**
 * Model clients from their specs (protocol.ts): the hosted providers are plain HTTP and run wherever this
 * is called (the engine worker); `vscode-lm` is built by the caller (`lm`), as a proxy in the worker.
 * `ClientCache` keeps them across requests, so a plan and its execute share one client per role.
 */
import { createHash } from 'node:crypto';
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

function retries(spec: { timeoutMs: number; maxRetries: number }): { timeoutMs: number; maxRetries: number } {
  return { timeoutMs: spec.timeoutMs, maxRetries: spec.maxRetries };
}

/**
 * The hosted clients of the latest requests, by their spec: the same spec gets the same client, so its
 * connections and its credentials (Vertex's Google token, exchanged once) carry from plan to execute. A spec
 * that changed (a setting, the key, the provider) builds a new client, and the clients no role of the
 * request uses are dropped. `vscode-lm` is not kept: it is the caller's (the worker's proxy is per request).
 */
export class ClientCache {
  private clients = new Map<string, ModelClient>();

  get(spec: ClientsSpec, deps: ClientFactoryDeps): ModelClient {
    const kept = new Map<string, ModelClient>();
    const clientFor = (role: ClientSpec): ModelClient => {
      if (role.provider === 'vscode-lm') return clientFromSpec(role, deps);
      const key = specKey(role);
      const client = kept.get(key) ?? this.clients.get(key) ?? clientFromSpec(role, deps);
      kept.set(key, client);
      return client;
    };
    const orchestrator = clientFor(spec.orchestrator);
    const worker = spec.worker ? clientFor(spec.worker) : orchestrator;
    this.clients = kept;
    return routeByRole({ orchestrator, worker });
  }

  /** Drops every client: the next request builds new ones (after a failure that may have left one unusable). */
  clear(): void {
    this.clients.clear();
  }

  /** How many hosted clients are kept (for tests). */
  get size(): number {
    return this.clients.size;
  }
}

/** A digest of the whole spec, keys included, so no key is kept as a map key or could reach a log. */
function specKey(spec: ClientSpec): string {
  return createHash('sha256').update(canonical(spec)).digest('hex');
}

/** JSON with sorted keys and no undefined fields: equal specs give equal text whatever built them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
