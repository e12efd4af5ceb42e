/**
 * Which SDK constructor speaks for the Anthropic client: the Anthropic API itself, Amazon Bedrock or Google
 * Vertex. All three share the Messages wire format, so request building, response reading and retries stay in
 * anthropicClient.ts; only the constructor, the credentials, a capability and the error dialect differ.
 */
import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { OrchestraError } from '../errors';
import { classifyError, failureToError, type Failure, type FailureContext } from './anthropicErrors';
import { bedrockFailureToError, classifyBedrockError } from './bedrockErrors';

export type AnthropicPlatform =
  | { kind: 'anthropic'; apiKey: string | undefined; baseURL?: string }
  | {
      kind: 'bedrock';
      /** Default: AWS_REGION (the SDK), else us-east-1. */
      region?: string;
      /** Both or neither; neither = the standard AWS credential chain (env, profile, SSO, IMDS…). */
      accessKeyId?: string;
      secretAccessKey?: string;
      sessionToken?: string;
      baseURL?: string;
    }
  | {
      kind: 'vertex';
      projectId?: string;
      region?: string;
      /** Credentials come from Google's Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud). */
      baseURL?: string;
    };

export type PlatformKind = AnthropicPlatform['kind'];

/** What the client uses of an SDK instance; Bedrock's has no `countTokens`. */
export interface MessagesSdk {
  messages: Pick<Anthropic['messages'], 'create' | 'stream'> & {
    countTokens?: Anthropic['messages']['countTokens'];
  };
}

/** How a platform's failures read: what the SDK threw → a failure → the error the user sees. */
export interface PlatformErrors {
  classify(error: unknown, ctx: FailureContext): Failure;
  toError(
    f: Failure,
    retries: number,
    timeoutMs: number,
    call: { model: string; credentials: string },
  ): OrchestraError;
  /**
   * A stream that ends before its `message_stop` is a cut response (Bedrock: whole frames, then the end), told
   * apart by the client; elsewhere the SDK's own error for it stands.
   */
  incompleteIsCut: boolean;
}

export interface PlatformSdk {
  sdk: MessagesSdk;
  /**
   * Every platform streams (Bedrock as AWS event-stream frames, which its SDK turns into the Messages API's
   * events), so long generations never hit idle-connection limits and a cancel stops them mid-answer.
   */
  streams: boolean;
  /** The platform's token counting endpoint, if the SDK reaches one (Bedrock: no; the estimate falls back). */
  countsTokens: boolean;
  errors: PlatformErrors;
}

/** The Anthropic API's errors, by HTTP status and the body's error type (Vertex answers the same way). */
const ANTHROPIC_DIALECT: PlatformErrors = {
  classify: classifyError,
  toError: (f, retries, timeoutMs, call) => failureToError(f, retries, timeoutMs, call.credentials),
  incompleteIsCut: false,
};

/** Bedrock's, by AWS error type (bedrockErrors.ts). */
const BEDROCK_DIALECT: PlatformErrors = {
  classify: classifyBedrockError,
  toError: bedrockFailureToError,
  incompleteIsCut: true,
};

export const NO_API_KEY_MESSAGE = 'no API key: set ANTHROPIC_API_KEY or run Orchestra: Set API Key.';
export const NO_VERTEX_REGION_MESSAGE =
  'no Vertex region: set orchestra.vertex.region (CLI --vertex-region, or CLOUD_ML_REGION), e.g. us-east5 or global.';

type CommonOptions = Pick<ClientOptions, 'timeout' | 'logger' | 'logLevel'>;

/** Builds the SDK for a platform. Our retries are the only ones (maxRetries: 0). */
export function createPlatformSdk(platform: AnthropicPlatform, common: CommonOptions): PlatformSdk {
  const shared = { ...common, maxRetries: 0 };
  switch (platform.kind) {
    case 'anthropic': {
      const apiKey = platform.apiKey?.trim();
      if (!apiKey) throw new OrchestraError('auth', NO_API_KEY_MESSAGE);
      return {
        sdk: new Anthropic({ ...shared, apiKey, baseURL: platform.baseURL }),
        streams: true,
        countsTokens: true,
        errors: ANTHROPIC_DIALECT,
      };
    }
    case 'bedrock': {
      const { accessKeyId, secretAccessKey, sessionToken } = platform;
      const where = {
        ...shared,
        ...(platform.region ? { awsRegion: platform.region } : {}),
        ...(platform.baseURL ? { baseURL: platform.baseURL } : {}),
      };
      const sdk =
        accessKeyId && secretAccessKey
          ? new AnthropicBedrock({
              ...where,
              awsAccessKey: accessKeyId,
              awsSecretKey: secretAccessKey,
              awsSessionToken: sessionToken ?? null,
            })
          : new AnthropicBedrock(where);
      return { sdk, streams: true, countsTokens: false, errors: BEDROCK_DIALECT };
    }
    case 'vertex': {
      const region = platform.region?.trim() || process.env.CLOUD_ML_REGION?.trim();
      if (!region) throw new OrchestraError('bad-input', NO_VERTEX_REGION_MESSAGE);
      const sdk = new AnthropicVertex({
        ...shared,
        region,
        ...(platform.projectId ? { projectId: platform.projectId } : {}),
        ...(platform.baseURL ? { baseURL: platform.baseURL } : {}),
      });
      return { sdk, streams: true, countsTokens: true, errors: ANTHROPIC_DIALECT };
    }
  }
}

/** Secrets a platform holds that must never reach a log or an error text. */
export function platformSecrets(platform: AnthropicPlatform): string[] {
  if (platform.kind === 'anthropic') return [platform.apiKey?.trim() ?? '', platform.apiKey ?? ''];
  if (platform.kind === 'bedrock') return [platform.secretAccessKey ?? '', platform.sessionToken ?? ''];
  return [];
}
