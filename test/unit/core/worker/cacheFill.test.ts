import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideFill, FILL_MARGIN, usageExcerpts } from '../../../../src/core/worker/cacheFill';
import { buildWorkerRequests } from '../../../../src/core/worker/workerRequests';
import { cacheableTokens, cachedPrefixTokens, estimateWorkers } from '../../../../src/core/run/estimate';
import { worthWarming } from '../../../../src/core/run/runSubtasks';
import { defaultConfig, RunConfigSchema } from '../../../../src/core/config';
import { gatherFacts } from '../../../../src/core/facts/facts';
import type { Plan } from '../../../../src/core/plan/planSchema';
import type { Candidate } from '../../../../src/core/facts/types';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import type { ModelClient } from '../../../../src/core/llm/modelClient';
import { makeWorkspace } from '../../../support/workspace';

test('filling to the cache minimum pays for many workers sharing a prefix just under it', () => {
  // Haiku 4.5: minimum 4096, so the fill target is 4096 × 1.2.
  const twenty = decideFill('claude-haiku-4-5', 3740, 20, 1);
  assert.deepEqual(twenty, { target: Math.ceil(4096 * FILL_MARGIN), pays: true });
  // 20 × 3740 at $1/MTok = $0.0748 uncached; 4916 × $1.25 + 19 × 4916 × $0.10 ≈ $0.0155 filled.
  assert.equal(decideFill('claude-haiku-4-5', 3740, 3, 1).pays, true);
});

test('no fill when the prefix is already cacheable, too small to be worth it, or written by every worker', () => {
  assert.equal(decideFill('claude-haiku-4-5', 4096, 20, 1).pays, false);
  assert.equal(decideFill('claude-haiku-4-5', 500, 3, 1).pays, false); // 1500 uncached vs ≈ 7100 filled
  assert.equal(decideFill('claude-haiku-4-5', 3740, 2, 2).pays, false); // both write: 2.5 × 4916 > 2 × 3740
  assert.equal(decideFill('claude-haiku-4-5', 3740, 1, 1).pays, false);
  // Sonnet caches from 1024 tokens: a 3740-token prefix needs nothing.
  assert.equal(decideFill('claude-sonnet-4-6', 3740, 20, 1).pays, false);
});

const lines = (n: number, use: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => use(i + 1)).join('\n') + '\n';

test('usage excerpts use the tightest context that reaches the needed size, in plan order', () => {
  const texts: Record<string, string> = {
    'a.ts': lines(40, (i) => (i === 20 ? 'const a: Account = load();' : `// a filler ${i}`)),
    'b.ts': lines(40, (i) => (i === 10 ? 'function b(x: Account) {}' : `// b filler ${i}`)),
  };
  const workspace = { readText: (file: string): string | undefined => texts[file] };
  const candidates: Candidate[] = [
    { file: 'a.ts', reasons: ['reference'], references: 1, lines: [20] },
    { file: 'b.ts', reasons: ['reference'], references: 1, lines: [10] },
  ];
  const small = usageExcerpts(workspace, ['a.ts', 'b.ts'], candidates, 10);
  assert.ok(small !== undefined);
  // 10 tokens are reached by a.ts alone with one line of context either side.
  assert.match(
    small,
    /<uses path="a\.ts"[^>]*>\n…\n19 \| \/\/ a filler 19\n20 \| const a: Account = load\(\);\n21 \| \/\/ a filler 21\n…\n<\/uses>/,
  );
  assert.doesNotMatch(small, /b\.ts/);
  const wide = usageExcerpts(workspace, ['a.ts', 'b.ts'], candidates, 120);
  assert.ok(wide !== undefined);
  assert.match(wide, /<uses path="a\.ts"/);
  assert.match(wide, /<uses path="b\.ts"/);
  assert.match(wide, /\n 7 \| \/\/ b filler 7\n/); // 3 lines around line 10: the second context step
  assert.doesNotMatch(wide, /\n 6 \| \/\/ b filler 6\n/);
  assert.equal(usageExcerpts(workspace, ['a.ts', 'b.ts'], candidates, 100_000), undefined);
});

function planFor(files: string[]): Plan {
  return {
    summary: 'Rename Account to Customer',
    subtasks: files.map((file) => ({ file, handler: 'llm', instructions: 'Use Customer.', priority: 5 })),
  };
}

/** The clients are never called here: only whether the provider caches prompts matters. */
const anthropic = createAnthropicClient({
  apiKey: 'sk-ant-unused',
  baseURL: 'http://127.0.0.1:9',
  timeoutMs: 1_000,
  maxRetries: 0,
});
const noCache: ModelClient = {
  provider: 'vscode-lm',
  call: () => Promise.reject(new Error('not called')),
};

async function workersOn(count: number, config = defaultConfig(), client: ModelClient = anthropic) {
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
    // ≈ 2,000 tokens of declaration: the shared prefix lands between Sonnet's and Haiku's cache minimum.
    'src/model.ts': `export interface Account {\n  id: string;\n${lines(110, (n) => `  field${n}: string; // what field ${n} holds, in words`)}}\n`,
  };
  const users = Array.from({ length: count }, (_, i) => `src/use${i}.ts`);
  users.forEach((file, i) => {
    files[file] = `import type { Account } from './model';\n${lines(60, (n) =>
      n % 15 === 0
        ? `export const v${i}_${n}: Account = { id: '${n}' };`
        : `// filler ${i}.${n} ${'x'.repeat(40)}`,
    )}`;
  });
  const workspace = await makeWorkspace(files);
  const facts = await gatherFacts(workspace, {
    instruction: 'Rename `Account` to `Customer`',
    importDepth: 1,
  });
  const requests = [
    ...buildWorkerRequests({ workspace, config, client }, 'Rename `Account`', planFor(users), facts).values(),
  ];
  return { requests, users };
}

test('a Haiku run whose shared prefix falls short is filled with the uses so the cache applies', async () => {
  const { requests, users } = await workersOn(12);
  const systems = new Set(requests.map((r) => r.system.map((s) => s.text).join('')));
  assert.equal(systems.size, 1, 'every worker shares the same prefix');
  const shared = [...systems][0]!;
  for (const file of users.slice(0, 3)) assert.match(shared, new RegExp(`<uses path="${file}"`));
  assert.match(shared, /export const v0_15: Account = \{ id: '15' \};/);
  const prefix = cachedPrefixTokens(requests[0]!);
  assert.ok(prefix >= 4096, `prefix ${prefix} reaches Haiku's minimum`);
  assert.equal(cacheableTokens(requests[0]!), prefix);
  assert.equal(worthWarming(requests, defaultConfig().maxConcurrency), true);
  // And the estimate is cheaper than the same run without the fill.
  const bare = requests.map((r) => ({ ...r, system: [{ text: 'rules', cache: true }] }));
  const filledUsd = estimateWorkers(requests).usd;
  const unfilled =
    estimateWorkers(bare).usd + (requests.length * (prefix - cachedPrefixTokens(bare[0]!))) / 1e6;
  assert.ok(filledUsd < unfilled, `${filledUsd} < ${unfilled}`);
});

test('no fill for two concurrent workers, nor for a worker model that caches the prefix as it is', async () => {
  const two = await workersOn(2);
  assert.doesNotMatch(two.requests[0]!.system[0]!.text, /<uses path=/);
  const sonnet = RunConfigSchema.parse({ models: { worker: 'claude-sonnet-4-6' } });
  const many = await workersOn(12, sonnet);
  assert.doesNotMatch(many.requests[0]!.system[0]!.text, /<uses path=/);
  assert.ok(cacheableTokens(many.requests[0]!) > 0, 'Sonnet caches the unfilled prefix');
});

test('no fill for a provider without prompt caching (VS Code LM): it would only add tokens', async () => {
  const lm = await workersOn(12, defaultConfig(), noCache);
  assert.doesNotMatch(lm.requests[0]!.system[0]!.text, /<uses path=/);
  const filled = await workersOn(12);
  assert.match(filled.requests[0]!.system[0]!.text, /<uses path=/);
});
