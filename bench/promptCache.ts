/**
 * Bench-side model of Anthropic prompt caching, used by the mock's reply functions (the mock itself
 * reports whatever usage it is given). Rules modelled after the API docs:
 * - the cached prefix is tools + system blocks up to the last block carrying cache_control;
 * - prefixes shorter than the model's minimum (4,096 tokens for Haiku 4.5 / Opus 4.5+, 1,024 for
 *   Sonnet 4.5) are never cached;
 * - a prefix written by one request is readable only once that response has started, so requests sent
 *   at the same moment all pay the cache write.
 */
import { createHash } from 'node:crypto';
import type { MockRequestBody } from '../test/mock-anthropic/server';
import { estimateTokens } from '../src/core/llm/budget';

export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function minimumCacheableTokens(model: string): number {
  if (/haiku-4|opus-4-[5-9]/.test(model)) return 4096;
  if (/haiku-3/.test(model)) return 2048;
  return 1024;
}

export class PromptCacheModel {
  private readonly readableAt = new Map<string, number>();

  /**
   * @param firstByteMs when a response starts after its request arrives (the mock's latency).
   * @param minimumTokens overrides the model's minimum cacheable prefix (what-if analysis).
   */
  constructor(
    private readonly firstByteMs: number,
    private readonly minimumTokens?: number,
  ) {}

  /** Tokens of the cacheable prefix (0 when no block is marked), without touching the cache. */
  prefixTokens(body: MockRequestBody): number {
    const { prefix, marked } = split(body);
    return marked ? estimateTokens(prefix) : 0;
  }

  usage(body: MockRequestBody, now = Date.now()): CacheUsage {
    const { prefix, rest, marked } = split(body);
    const prefixTokens = estimateTokens(prefix);
    const restTokens = estimateTokens(rest);
    if (!marked || prefixTokens < (this.minimumTokens ?? minimumCacheableTokens(body.model))) {
      return {
        input_tokens: prefixTokens + restTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      };
    }
    const key = createHash('sha256').update(`${body.model}\n${prefix}`).digest('hex');
    const readable = this.readableAt.get(key);
    if (readable !== undefined && readable <= now) {
      return {
        input_tokens: restTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: prefixTokens,
      };
    }
    if (readable === undefined || now + this.firstByteMs < readable)
      this.readableAt.set(key, now + this.firstByteMs);
    return {
      input_tokens: restTokens,
      cache_creation_input_tokens: prefixTokens,
      cache_read_input_tokens: 0,
    };
  }
}

/** Tools + system blocks up to the last cache_control mark, and everything after it. */
function split(body: MockRequestBody): { prefix: string; rest: string; marked: boolean } {
  const system =
    typeof body.system === 'string' ? [{ type: 'text' as const, text: body.system }] : (body.system ?? []);
  const last = system.map((b) => 'cache_control' in b && b.cache_control !== undefined).lastIndexOf(true);
  const text = (blocks: typeof system): string => blocks.map((b) => b.text).join('\n');
  const messages = body.messages.map((m) =>
    typeof m.content === 'string' ? m.content : m.content.map((c) => c.text ?? '').join(''),
  );
  return {
    prefix: JSON.stringify(body.tools ?? []) + text(system.slice(0, last + 1)),
    rest: [text(system.slice(last + 1)), ...messages].join('\n'),
    marked: last >= 0,
  };
}
