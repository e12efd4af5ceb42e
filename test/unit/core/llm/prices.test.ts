/** Built-in OpenAI prices, the user's overrides, $0 for local models, context windows, and stream assembly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOf, priceOf } from '../../../../src/core/llm/pricing';
import { contextWindowOf } from '../../../../src/core/llm/contextWindow';
import { isLocalEndpoint } from '../../../../src/core/llm/endpoint';
import { assembleStream, IncompleteStreamError } from '../../../../src/core/llm/openaiStream';
import { UsageLedger } from '../../../../src/core/llm/ledger';

const MTOK = 1_000_000;
const usage = (input: number, output: number, cacheRead = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: cacheRead,
});

test('OpenAI models resolve by prefix (dated ids, `4.1`, OpenRouter vendor prefixes); no cache-write surcharge', () => {
  const cases: Array<[string, string, number, number, number]> = [
    ['gpt-4o-2024-08-06', 'gpt-4o', 2.5, 10, 1.25],
    ['gpt-4o-mini', 'gpt-4o-mini', 0.15, 0.6, 0.075],
    ['gpt-4.1', 'gpt-4-1', 2, 8, 0.5],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4-1-mini', 0.4, 1.6, 0.1],
    ['openai/gpt-4.1-nano', 'gpt-4-1-nano', 0.1, 0.4, 0.025],
    ['gpt-5-mini', 'gpt-5-mini', 0.25, 2, 0.025],
    ['o4-mini', 'o4-mini', 1.1, 4.4, 0.275],
  ];
  for (const [model, matched, input, output, read] of cases) {
    assert.deepEqual(
      priceOf(model),
      {
        inputPerMTok: input,
        outputPerMTok: output,
        cacheWritePerMTok: input,
        cacheReadPerMTok: read,
        matched,
        known: true,
      },
      model,
    );
  }
  assert.equal(costOf('gpt-4.1-mini', usage(MTOK, MTOK, MTOK)), 2.1); // 0.4 + 1.6 + 0.1
});

test("the user's prices come first (longest prefix), then the table; a local model no price names costs $0", () => {
  const prices = {
    overrides: {
      'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 9, cacheWritePerMTok: 3, cacheReadPerMTok: 1 },
      'gpt-4.1-nano': {
        inputPerMTok: 0.2,
        outputPerMTok: 0.5,
        cacheWritePerMTok: 0.2,
        cacheReadPerMTok: 0.2,
      },
    },
    localModels: new Set(['llama3.1:8b', 'gpt-4o-mini']),
  };
  assert.equal(priceOf('gpt-4.1-mini', prices).inputPerMTok, 3);
  assert.equal(priceOf('gpt-4.1-mini', prices).override, true);
  assert.equal(priceOf('gpt-4.1-nano', prices).outputPerMTok, 0.5);
  // A local proxy serving a known hosted model (LiteLLM → OpenAI) still bills: the table price holds.
  assert.equal(priceOf('gpt-4o-mini', prices).inputPerMTok, 0.15);
  assert.deepEqual(priceOf('llama3.1:8b', prices), {
    inputPerMTok: 0,
    outputPerMTok: 0,
    cacheWritePerMTok: 0,
    cacheReadPerMTok: 0,
    matched: undefined,
    known: false,
    local: true,
  });
  // Not local: an unknown model is still priced as the most expensive.
  assert.equal(priceOf('llama3.1:70b', prices).outputPerMTok, 75);
  const ledger = new UsageLedger(prices);
  const entry = ledger.record({
    role: 'worker',
    provider: 'openai-compatible',
    model: 'llama3.1:8b',
    usage: usage(5000, 700),
  });
  assert.equal(entry.costUsd, 0);
  assert.equal(entry.free, true);
  assert.deepEqual(ledger.summary().byProvider, {
    'openai-compatible': { calls: 1, usage: usage(5000, 700), costUsd: 0 },
  });
});

test('local endpoints: loopback, private networks, .local; hosted ones are not', () => {
  for (const url of [
    'http://localhost:11434/v1',
    'http://127.0.0.1:1234/v1',
    'http://[::1]:8000/v1',
    'http://192.168.1.20:8000/v1',
    'http://10.0.0.5/v1',
    'http://172.20.0.2:8000/v1',
    'http://gpu-box.local:8000/v1',
  ])
    assert.equal(isLocalEndpoint(url), true, url);
  for (const url of [
    'https://api.openai.com/v1',
    'https://openrouter.ai/api/v1',
    'https://x.openai.azure.com',
    'http://172.32.0.1/v1',
    'nonsense',
  ])
    assert.equal(isLocalEndpoint(url), false, url);
});

test('context windows: the user setting by id or prefix first, defaults for known models, unknown unchecked', () => {
  assert.equal(contextWindowOf('gpt-4o-mini'), 128_000);
  assert.equal(contextWindowOf('claude-haiku-4-5'), 200_000);
  assert.equal(contextWindowOf('openai/gpt-4.1-mini'), 1_047_576);
  assert.equal(contextWindowOf('qwen2.5-coder:7b'), undefined);
  assert.equal(contextWindowOf('qwen2.5-coder:7b', { 'qwen2.5-coder': 32_768 }), 32_768);
  assert.equal(contextWindowOf('gpt-4o', { 'gpt-4o': 16_000 }), 16_000);
});

async function* chunks(list: unknown[]): AsyncGenerator<unknown> {
  for (const c of list) yield c;
}

test('stream assembly: pieces by index, whole calls without an index, usage last; no finish reason is incomplete', async () => {
  const delta = (d: unknown, finish: string | null = null) => ({
    id: 'c1',
    model: 'm',
    choices: [{ index: 0, delta: d, finish_reason: finish }],
  });
  const done = await assembleStream(
    chunks([
      delta({ role: 'assistant', content: 'Hi ' }),
      delta({ tool_calls: [{ index: 1, id: 'b', function: { name: 'read_lines', arguments: '{"fr' } }] }),
      delta({
        tool_calls: [{ index: 0, id: 'a', function: { name: 'submit_edits', arguments: '{"file":' } }],
      }),
      delta({ tool_calls: [{ index: 1, function: { arguments: 'om":3}' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"a.ts"}' } }], content: 'there' }),
      delta({}, 'tool_calls'),
      { id: 'c1', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4 } },
    ]),
  );
  assert.deepEqual(done.choices[0]?.message, {
    role: 'assistant',
    content: 'Hi there',
    refusal: null,
    tool_calls: [
      { id: 'a', type: 'function', function: { name: 'submit_edits', arguments: '{"file":"a.ts"}' } },
      { id: 'b', type: 'function', function: { name: 'read_lines', arguments: '{"from":3}' } },
    ],
  });
  assert.deepEqual(done.usage, { prompt_tokens: 9, completion_tokens: 4 });
  const whole = await assembleStream(
    chunks([
      delta(
        {
          tool_calls: [
            { id: 'x', function: { name: 'f', arguments: '{}' } },
            { id: 'y', function: { name: 'g', arguments: '[]' } },
          ],
        },
        'tool_calls',
      ),
    ]),
  );
  assert.deepEqual(
    whole.choices[0]?.message.tool_calls?.map((c) => c.id),
    ['x', 'y'],
  );
  await assert.rejects(assembleStream(chunks([delta({ content: 'cut' })])), IncompleteStreamError);
});
