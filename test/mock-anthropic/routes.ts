/**
 * The paths the mock answers: the Anthropic API's own, and the same Messages calls as Amazon Bedrock and
 * Google Vertex route them (the model in the path, not the body). Plus the STS token exchange a Google
 * external-account credential file makes, so the Vertex SDK's own credential chain runs offline.
 */
export type MockPlatform = 'anthropic' | 'bedrock' | 'vertex';

export interface MockRoute {
  platform: MockPlatform;
  kind: 'messages' | 'count' | 'google-token';
  /** The model id as the path names it (Bedrock and Vertex). */
  pathModel?: string;
  /** Bedrock's streaming route (`invoke-with-response-stream`), answered with AWS event-stream frames. */
  bedrockStream?: boolean;
}

export const MESSAGES_PATH = '/v1/messages';
export const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';
/** `token_url` for a test external-account credential file. */
export const GOOGLE_TOKEN_PATH = '/google/sts/token';
/** The access token the STS route hands out (Vertex requests carry it as a bearer token). */
export const GOOGLE_ACCESS_TOKEN = 'ya29.mock-vertex-access-token';

const BEDROCK = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;
const VERTEX =
  /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;

export function routeOf(path: string): MockRoute | undefined {
  if (path === MESSAGES_PATH) return { platform: 'anthropic', kind: 'messages' };
  if (path === COUNT_TOKENS_PATH) return { platform: 'anthropic', kind: 'count' };
  if (path === GOOGLE_TOKEN_PATH) return { platform: 'vertex', kind: 'google-token' };
  const bedrock = BEDROCK.exec(path);
  if (bedrock) {
    const pathModel = decodeURIComponent(bedrock[1] ?? '');
    return { platform: 'bedrock', kind: 'messages', pathModel, bedrockStream: bedrock[2] !== 'invoke' };
  }
  const vertex = VERTEX.exec(path);
  if (vertex) {
    const pathModel = decodeURIComponent(vertex[1] ?? '');
    if (pathModel === 'count-tokens') return { platform: 'vertex', kind: 'count' };
    return { platform: 'vertex', kind: 'messages', pathModel };
  }
  return undefined;
}

/** The AWS access key id of a SigV4 `authorization` header (`AWS4-HMAC-SHA256 Credential=AKID/…`). */
export function sigV4AccessKey(authorization: string | undefined): string | undefined {
  return /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}
