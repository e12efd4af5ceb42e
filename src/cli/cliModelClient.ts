/** The CLI's model client: the Anthropic API, Amazon Bedrock or Google Vertex, configured from flags and env. */
import { OrchestraError } from '../core/errors';
import { createAnthropicClient } from '../core/llm/anthropicClient';
import type { ModelClient } from '../core/llm/modelClient';
import type { AnthropicPlatform } from '../core/llm/platformSdk';
import type { CliArgs } from './args';
import type { CliIo } from './io';

const env = (io: CliIo, name: string): string | undefined => io.env[name]?.trim() || undefined;

/** Flags win over the environment; credentials are left to each platform's standard chain. */
function platformFor(provider: string, args: CliArgs, io: CliIo): AnthropicPlatform {
  const { bedrock, vertex } = args.config;
  if (provider === 'bedrock') {
    return {
      kind: 'bedrock',
      region: bedrock.region ?? env(io, 'AWS_REGION'),
      // The chain reads these too; passing them keeps the CLI's environment the one source.
      accessKeyId: env(io, 'AWS_ACCESS_KEY_ID'),
      secretAccessKey: env(io, 'AWS_SECRET_ACCESS_KEY'),
      sessionToken: env(io, 'AWS_SESSION_TOKEN'),
      baseURL: env(io, 'ANTHROPIC_BEDROCK_BASE_URL'),
    };
  }
  if (provider === 'vertex') {
    return {
      kind: 'vertex',
      projectId: vertex.projectId ?? env(io, 'ANTHROPIC_VERTEX_PROJECT_ID'),
      region: vertex.region ?? env(io, 'CLOUD_ML_REGION'),
      baseURL: env(io, 'ANTHROPIC_VERTEX_BASE_URL'),
    };
  }
  if (provider === 'vscode-lm') {
    throw new OrchestraError(
      'bad-input',
      'The vscode-lm provider exists only inside VS Code: use --provider anthropic, bedrock or vertex.',
    );
  }
  const apiKey = env(io, 'ANTHROPIC_API_KEY');
  if (!apiKey)
    throw new OrchestraError('auth', 'No API key: set ANTHROPIC_API_KEY to your Anthropic API key.');
  return { kind: 'anthropic', apiKey, baseURL: env(io, 'ANTHROPIC_BASE_URL') };
}

/** A client for Anthropic's models on the Anthropic API, Amazon Bedrock or Google Vertex. */
export function cliModelClient(provider: string, args: CliArgs, io: CliIo): ModelClient {
  const platform = platformFor(provider, args, io);
  if (platform.kind === 'vertex' && !platform.region) {
    throw new OrchestraError(
      'bad-input',
      'No Vertex region: pass --vertex-region (or set CLOUD_ML_REGION), e.g. us-east5 or global.',
    );
  }
  return createAnthropicClient({
    apiKey: undefined,
    platform,
    timeoutMs: args.config.timeoutMs,
    maxRetries: args.config.maxRetries,
    log: (level, message) => io.stderr(`[${level}] ${message}\n`),
  });
}
