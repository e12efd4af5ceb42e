import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abortableSleep,
  DEFAULT_TIMING,
  parseRetryAfterMs,
  retryDelayMs,
} from '../../../../src/core/llm/retry';
import { redactSecrets } from '../../../../src/core/llm/redact';
import { OrchestraError } from '../../../../src/core/errors';

const headers = (h: Record<string, string>) => new Headers(h);

test('retry-after: seconds, fractions, HTTP dates, retry-after-ms, garbage', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': '2' }), now), 2000);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': '0.2' }), now), 200);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now), 0);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now), 150);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'soon' }), now), undefined);
  assert.equal(parseRetryAfterMs(headers({}), now), undefined);
  assert.equal(parseRetryAfterMs(undefined, now), undefined);
});

test('delays: retry-after is capped; backoff doubles with equal jitter', () => {
  const timing = { ...DEFAULT_TIMING, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  assert.equal(retryDelayMs(120_000, 0, timing), 5000);
  assert.equal(retryDelayMs(300, 3, timing), 300);
  const at = (random: number, retry: number): number =>
    retryDelayMs(undefined, retry, { ...timing, random: () => random });
  assert.deepEqual([at(0, 0), at(0.999999, 0)].map(Math.round), [50, 100]);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((r) => at(0, r)),
    [50, 100, 200, 400, 500, 500],
  );
});

test('abortableSleep rejects with cancelled as soon as the signal fires', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(
    abortableSleep(10_000, controller.signal),
    (e: unknown) => e instanceof OrchestraError && e.reason === 'cancelled',
  );
  assert.ok(Date.now() - started < 500);
});

test('redactSecrets removes given secrets and anything shaped like an Anthropic key', () => {
  assert.equal(redactSecrets('key=abcd1234 and abcd1234', ['abcd1234']), 'key=[redacted] and [redacted]');
  assert.equal(redactSecrets('sent sk-ant-api03-Zz_9-xxxxxxxxxxxx!', []), 'sent [redacted]!');
  assert.equal(redactSecrets('short ab stays', ['ab', undefined, '']), 'short ab stays');
});
