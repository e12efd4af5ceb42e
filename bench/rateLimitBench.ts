/**
 * Rate-limit-aware dispatch: a synthetic migration of N calls against the mock with a fixed latency and a
 * token-bucket request limit (429 + retry-after + anthropic-ratelimit-* headers), through capped dispatch,
 * the real Anthropic client over HTTP and one shared rate gate. Wall time against the limit's ideal: the
 * bucket's capacity at once, then one request per refill, plus one latency.
 */
import { createAnthropicClient } from '../src/core/llm/anthropicClient';
import type { ModelRequest } from '../src/core/llm/modelClient';
import { dispatchCapped } from '../src/core/run/dispatch';
import { RateGate } from '../src/core/run/rateGate';
import { MockAnthropic, toolUseReply } from '../test/mock-anthropic/server';
import type { BenchResult } from './results';

export interface RateLimitOptions {
  calls: number;
  concurrency: number;
  latencyMs: number;
  capacity: number;
  refillPerSecond: number;
}

const request = (i: number): ModelRequest => ({
  role: 'worker',
  model: 'claude-haiku-4-5',
  system: [{ text: 'Migrate the file.' }],
  messages: [{ role: 'user', content: `Your file: src/f${i}.ts` }],
  tool: { name: 'submit_edits', description: 'edits', inputSchema: { type: 'object' } },
  maxTokens: 256,
  label: `src/f${i}.ts`,
});

export async function rateLimitBench(
  o: RateLimitOptions,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const mock = await MockAnthropic.start({
    latencyMs: o.latencyMs,
    rateLimit: { capacity: o.capacity, refillPerSecond: o.refillPerSecond },
  });
  try {
    mock.on(() => true, toolUseReply({ file: 'x', edits: [] }));
    const client = createAnthropicClient({
      apiKey: 'bench-key',
      baseURL: mock.url,
      timeoutMs: 30_000,
      maxRetries: 10,
    });
    const gate = new RateGate({ maxConcurrency: o.concurrency });
    const started = performance.now();
    const outcomes = await dispatchCapped(
      Array.from({ length: o.calls }, (_, i) => ({
        key: String(i),
        run: () => client.call(request(i), { limiter: gate }),
      })),
      { cap: o.calls, concurrency: o.concurrency },
    );
    const wall = (performance.now() - started) / 1000;
    const ideal = (o.calls - o.capacity) / o.refillPerSecond + o.latencyMs / 1000;
    const answered = mock.requests.length - mock.rateLimited.length;
    const done = outcomes.filter((x) => x.started).length;
    log(
      `  rate limit: ${o.calls} calls, concurrency ${o.concurrency}, bucket ${o.capacity} + ${o.refillPerSecond}/s, ` +
        `latency ${o.latencyMs} ms: ${wall.toFixed(2)} s vs ideal ${ideal.toFixed(2)} s (×${(wall / ideal).toFixed(3)}); ` +
        `${mock.rateLimited.length} 429s, ${answered} answered, in flight ≤ ${mock.maxInFlight}; ` +
        `gate paced ${gate.stats().requestsPerSecond?.toFixed(1) ?? '?'}/s`,
    );
    return [
      {
        name: 'ratelimit.wall_vs_ideal',
        value: wall / ideal,
        target: 1.15,
        better: 'lower',
        unit: '×',
        note: `${o.calls} calls, bucket ${o.capacity} + ${o.refillPerSecond}/s, latency ${o.latencyMs} ms`,
      },
      {
        name: 'ratelimit.calls_lost_or_repeated',
        value: Math.abs(answered - o.calls) + (o.calls - done),
        target: 0,
        better: 'lower',
        unit: '',
        note: 'answered calls at the mock vs calls made',
      },
      { name: 'ratelimit.429s', value: mock.rateLimited.length, target: null, better: 'lower', unit: '' },
    ];
  } finally {
    await mock.close();
  }
}
