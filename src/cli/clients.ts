/**
 * The CLI's model clients: one per provider the run uses, routed by role. Keys and endpoints come from the
 * user's environment and flags only, never from the repository.
 */
import { providerFor, type ProviderId, type RunConfig } from '../core/config';
import { OrchestraError } from '../core/errors';
import { createAnthropicClient, type LogFn } from '../core/llm/anthropicClient';
import type { ModelClient } from '../core/llm/modelClient';
import { createOpenAIClient, DEFAULT_OPENAI_BASE_URL } from '../core/llm/openaiClient';
import { routeByRole } from '../core/llm/roleClients';
import type { CliArgs } from './args';
import { cliModelClient } from './cliModelClient';
import type { CliIo } from './io';

function clientOf(provider: ProviderId, args: CliArgs, io: CliIo, log: LogFn): ModelClient {
  const { timeoutMs, maxRetries } = args.config;
  if (provider === 'anthropic') {
    const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
    if (!apiKey)
      throw new OrchestraError('auth', 'No API key: set ANTHROPIC_API_KEY to your Anthropic API key.');
    return createAnthropicClient({
      apiKey,
      baseURL: io.env.ANTHROPIC_BASE_URL || undefined,
      timeoutMs,
      maxRetries,
      log,
    });
  }
  if (provider === 'openai-compatible') {
    const baseURL = args.openai.baseUrl || io.env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL;
    if (!/^https?:\/\//i.test(baseURL)) {
      throw new OrchestraError(
        'bad-input',
        `The openai-compatible base URL must be http(s), got "${baseURL}".`,
      );
    }
    const apiVersion = args.openai.apiVersion || io.env.OPENAI_API_VERSION?.trim() || undefined;
    const client = createOpenAIClient({
      apiKey: io.env.OPENAI_API_KEY?.trim() || undefined,
      baseURL,
      apiVersion,
      timeoutMs,
      maxRetries,
      log,
    });
    if (!client.local && !io.env.OPENAI_API_KEY?.trim()) {
      throw new OrchestraError(
        'auth',
        `No API key: set OPENAI_API_KEY for ${baseURL} (a local server — localhost or a private address — needs none).`,
      );
    }
    return client;
  }
  if (provider === 'bedrock' || provider === 'vertex') return cliModelClient(provider, args, io);
  throw new OrchestraError(
    'bad-input',
    `The ${provider} provider is only available inside VS Code; the CLI runs anthropic, openai-compatible, bedrock or vertex.`,
  );
}

/** The run's client: the orchestrator's and the workers' (one client when both use the same provider). */
export function runClient(config: RunConfig, args: CliArgs, io: CliIo): ModelClient {
  const log: LogFn = (level, message) => io.stderr(`[${level}] ${message}\n`);
  const made = new Map<ProviderId, ModelClient>();
  const get = (provider: ProviderId): ModelClient => {
    const existing = made.get(provider);
    if (existing) return existing;
    const client = clientOf(provider, args, io, log);
    made.set(provider, client);
    return client;
  };
  return routeByRole({
    orchestrator: get(providerFor(config, 'orchestrator')),
    worker: get(providerFor(config, 'worker')),
  });
}
