/**
 * How many tokens (prompt + output) a model accepts. The user's `contextWindows` (by id or prefix) come first,
 * then defaults for known hosted models; a model neither names (a local one) is not checked — its server's
 * own limit applies (set it: Ollama's default is a few thousand tokens).
 */
import { estimateRequestTokens } from './budget';
import type { ModelRequest } from './modelClient';

const DEFAULT_WINDOWS: ReadonlyArray<[prefix: string, tokens: number]> = [
  ['claude-', 200_000],
  ['gpt-4o', 128_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-5', 400_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
];

function bare(model: string): string {
  const id = model.toLowerCase();
  return id.slice(id.lastIndexOf('/') + 1);
}

export function contextWindowOf(
  model: string,
  overrides: Readonly<Record<string, number>> = {},
): number | undefined {
  const id = bare(model);
  const longest = (keys: string[]): string | undefined =>
    keys.filter((k) => id.startsWith(bare(k))).sort((a, b) => bare(b).length - bare(a).length)[0];
  const own = longest(Object.keys(overrides));
  if (own !== undefined) return overrides[own];
  const known = longest(DEFAULT_WINDOWS.map(([p]) => p));
  return DEFAULT_WINDOWS.find(([p]) => p === known)?.[1];
}

/**
 * Tokens left in the request's model's window after its prompt (estimated, or `promptTokens` as counted)
 * and its output allowance; negative when it does not fit; undefined for a model with no known window.
 */
export function contextRoom(
  request: ModelRequest,
  windows: Readonly<Record<string, number>>,
  promptTokens: number = estimateRequestTokens(request),
): number | undefined {
  const window = contextWindowOf(request.model, windows);
  return window === undefined ? undefined : window - promptTokens - request.maxTokens;
}

/** Why the request cannot be sent to its model (over its context window), naming its file; else undefined. */
export function overContextWindow(
  request: ModelRequest,
  windows: Readonly<Record<string, number>>,
  promptTokens: number = estimateRequestTokens(request),
): string | undefined {
  const window = contextWindowOf(request.model, windows);
  const needs = promptTokens + request.maxTokens;
  if (window === undefined || needs <= window) return undefined;
  const who = request.role === 'worker' ? "the worker's" : `the ${request.role}'s`;
  return (
    `${request.label ?? `a ${request.role}`}: ${who} request needs about ${needs} tokens (prompt + ${request.maxTokens} ` +
    `output) but ${request.model}'s context window is ${window}: lower orchestra.workerFileTokens ` +
    '(--worker-file-tokens), set a larger window in orchestra.contextWindows, or use a model with a larger one.'
  );
}
