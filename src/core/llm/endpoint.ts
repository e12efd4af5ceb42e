/**
 * What a base URL says about the endpoint behind it. A server on this machine or a private network
 * (Ollama, LM Studio, vLLM on a LAN box) needs no key and bills nothing through Orchestra; anything else is
 * a hosted API that needs one.
 */
/** Where the openai-compatible provider goes when no base URL is configured. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

const PRIVATE_V4 = [
  /^127\./,
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^169\.254\./,
  /^0\.0\.0\.0$/,
];

export function isLocalEndpoint(baseURL: string): boolean {
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  if (host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe80:/.test(host)) return true;
  return PRIVATE_V4.some((re) => re.test(host));
}

/** Hosted OpenAI and Azure OpenAI want `max_completion_tokens` (newer models refuse `max_tokens`). */
export function isHostedOpenAI(baseURL: string): boolean {
  try {
    const host = new URL(baseURL).hostname.toLowerCase();
    return host === 'api.openai.com' || host.endsWith('.openai.azure.com');
  } catch {
    return false;
  }
}
