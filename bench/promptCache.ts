/**
 * Bench-side model of Anthropic prompt caching, used by the mock's reply functions (the mock itself
 * reports whatever usage it is given). Rules modelled after the API docs:
 * - the cached prefix is tools + system blocks up to the last block carrying cache_control (the API
 *   orders a prompt tools → system → messages, so a mark on a system block covers the tools too);
 * - a prefix shorter than the model's minimum (the engine's own `minCacheableTokens`: 4,096 tokens for
 *   Haiku 4.5, 1,024 for Sonnet) is never cached: all of it is billed as plain input;
 * - the first request sending a prefix writes it; it is readable only by requests arriving after that
 *   response was sent, so requests sent together all pay the write.
 * Tokens are counted with the engine's estimate (chars / 3.5), the same one its cost estimate uses.
 */
import { createHash } from 'node:crypto';
import type { MockRequestBody } from '../test/mock-anthropic/server';
import { estimateTokens } from '../src/core/llm/budget';
import { minCacheableTokens } from '../src/core/llm/pricing';

export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export class PromptCacheModel {
  /** Prefix hash → epoch ms at which the response that wrote it was sent. */
  private readonly readableAt = new Map<string, number>();

  /** @param minimumTokens overrides the model's minimum cacheable prefix (what-if analysis). */
  constructor(private readonly minimumTokens?: number) {}

  /** Tokens of the cacheable prefix (0 when no block is marked), without touching the cache. */
  prefixTokens(body: MockRequestBody): number {
    const { prefix, marked } = split(body);
    return marked ? estimateTokens(prefix) : 0;
  }

  /**
   * Usage of one request arriving at `arrivedAt` whose response is sent at `sentAt` (epoch ms).
   * A write by this request becomes readable at `sentAt`.
   */
  usage(body: MockRequestBody, arrivedAt: number, sentAt: number): CacheUsage {
    const { prefix, rest, marked } = split(body);
    const prefixTokens = estimateTokens(prefix);
    const restTokens = estimateTokens(rest);
    if (!marked || prefixTokens < (this.minimumTokens ?? minCacheableTokens(body.model))) {
      return {
        input_tokens: prefixTokens + restTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      };
    }
    const key = createHash('sha256').update(`${body.model}\n${prefix}`).digest('hex');
    const readable = this.readableAt.get(key);
    if (readable !== undefined && readable <= arrivedAt) {
      return {
        input_tokens: restTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: prefixTokens,
      };
    }
    // Concurrent writers: the prefix becomes readable when the earliest of their responses is sent.
    if (readable === undefined || sentAt < readable) this.readableAt.set(key, sentAt);
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
