/**
 * Workers on REAL large files (@tanstack/query-core, fetched like the benchmarks do), through the real SDK
 * against the loopback mock. Each change sits on a line that is NOT a confirmed reference — the declaration
 * itself, a text-only mention, a file the plan added — and is completed once with the whole file in the
 * prompt and once from an excerpt plus a `read_lines` call whose result the edit is copied from.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MockAnthropic, toolUseReply, type MockRequest } from '../../../mock-anthropic/server';
import { RunConfigSchema, type RunConfigInput } from '../../../../src/core/config';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import { executeRun, planRun, type PlannedRun } from '../../../../src/core/pipeline';
import type { RefactorResult } from '../../../../src/core/runTypes';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { corpus, type Corpus } from '../../../support/corpus';
import { API_KEY } from '../../../support/cli';
import { isPlan, workerFile } from '../../../support/mockRequests';

let mock: MockAnthropic;
let queryCore: Corpus;
before(async () => {
  queryCore = corpus('query-core');
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

interface Case {
  file: string;
  totalLines: number;
  instructions: string;
  /** The changed line and why it is not a confirmed reference. */
  line: number;
  read: { start: number; end: number };
  /** Exactly what read_lines must answer for `read`. */
  readResult: string;
  before: string;
  after: string;
  /** The changed line as the excerpt numbers it. */
  excerptLine: string;
}

const CASES: Case[] = [
  {
    // The declaration: the file's confirmed references start at line 122.
    file: 'src/queryClient.ts',
    totalLines: 1179,
    instructions: 'Tag the class `QueryClient` with `@public` at the end of its doc comment.',
    line: 78,
    read: { start: 76, end: 78 },
    readResult: `76 |  * \`\`\`
77 |  */
78 | export class QueryClient {`,
    before: ` * \`\`\`
 */
export class QueryClient {`,
    after: ` * \`\`\`
 *
 * @public
 */
export class QueryClient {`,
    excerptLine: '  78 | export class QueryClient {',
  },
  {
    // A text-only mention: a doc comment, not a reference the checker confirms.
    file: 'src/types.ts',
    totalLines: 2440,
    instructions: 'In the doc comment that mentions `new QueryClient()`, write `new QueryClient(config)`.',
    line: 2359,
    read: { start: 2358, end: 2361 },
    readResult: `2358 | /**
2359 |  * The options of \`new QueryClient()\`: the \`queryCache\` and \`mutationCache\` to use, and the
2360 |  * \`defaultOptions\` for its queries and mutations.
2361 |  */`,
    before: `/**
 * The options of \`new QueryClient()\`: the \`queryCache\` and \`mutationCache\` to use, and the
 * \`defaultOptions\` for its queries and mutations.
 */`,
    after: `/**
 * The options of \`new QueryClient(config)\`: the \`queryCache\` and \`mutationCache\` to use, and the
 * \`defaultOptions\` for its queries and mutations.
 */`,
    excerptLine:
      '2359 |  * The options of `new QueryClient()`: the `queryCache` and `mutationCache` to use, and the',
  },
  {
    // A file the plan added: not a candidate at all.
    file: 'src/utils.ts',
    totalLines: 755,
    instructions: 'Add `@see Updater` to the doc comment of `functionalUpdate`.',
    line: 132,
    read: { start: 130, end: 132 },
    readResult: `130 |  * @returns The new value.
131 |  */
132 | export function functionalUpdate<TInput, TOutput>(`,
    before: ` * @returns The new value.
 */
export function functionalUpdate<TInput, TOutput>(`,
    after: ` * @returns The new value.
 * @see Updater
 */
export function functionalUpdate<TInput, TOutput>(`,
    excerptLine: '132 | export function functionalUpdate<TInput, TOutput>(',
  },
];

const PLAN = {
  summary: 'Document QueryClient and what it uses.',
  subtasks: CASES.map((c) => ({ file: c.file, handler: 'llm', instructions: c.instructions, priority: 5 })),
};

const isWorkerFor = (file: string) => (req: MockRequest) =>
  req.toolName === 'submit_edits' && workerFile(req) === file;

function original(file: string): string {
  return readFileSync(path.join(queryCore.root, file), 'utf8');
}

/** The whole file with the case's change: the fragment occurs exactly once in the real file. */
function expectedAfter(c: Case): string {
  const text = original(c.file);
  assert.equal(text.split(c.before).length, 2, `${c.file} holds the fragment exactly once`);
  return text.replace(c.before, c.after);
}

async function run(config: RunConfigInput): Promise<{ planned: PlannedRun; result: RefactorResult }> {
  mock.on(isPlan, toolUseReply(PLAN));
  const parsed = RunConfigSchema.parse({ models: { worker: 'claude-haiku-4-5' }, ...config });
  const deps = {
    workspace: await openWorkspace(queryCore.root),
    client: createAnthropicClient({ apiKey: API_KEY, baseURL: mock.url, timeoutMs: 20_000, maxRetries: 0 }),
    config: parsed,
  };
  const planned = await planRun(deps, { instruction: 'Document `QueryClient` better' });
  const result = await executeRun(deps, planned);
  return { planned, result };
}

function assertNotConfirmed(planned: PlannedRun): void {
  const candidate = (file: string) => planned.facts.candidates.find((c) => c.file === file);
  const [declaration, textOnly, added] = CASES as [Case, Case, Case];
  assert.deepEqual(
    planned.facts.symbols.map((s) => [s.name, s.file, s.line]),
    [['QueryClient', declaration.file, declaration.line]],
  );
  assert.equal(candidate(declaration.file)?.lines.includes(declaration.line), false);
  assert.equal(candidate(textOnly.file)?.lines.includes(textOnly.line), false);
  assert.equal(candidate(added.file), undefined);
}

function assertChanges(result: RefactorResult): void {
  assert.deepEqual(
    result.outcomes.map((o) => [o.file, o.status]),
    CASES.map((c) => [c.file, 'done']),
  );
  assert.deepEqual(result.diagnostics.introduced, []);
  assert.deepEqual(
    result.changes.map((ch) => ch.file),
    CASES.map((c) => c.file),
  );
  for (const c of CASES) {
    const change = result.changes.find((ch) => ch.file === c.file)!;
    assert.equal(change.after, expectedAfter(c), c.file);
  }
}

test('whole-file route: files of 755–2,440 lines fit workerFileTokens and are sent whole', async () => {
  for (const c of CASES) {
    mock.on(
      isWorkerFor(c.file),
      toolUseReply({ file: c.file, edits: [{ search: c.before, replace: c.after }] }),
    );
  }
  const { planned, result } = await run({});
  assertNotConfirmed(planned);
  assertChanges(result);
  const workers = mock.requests.filter((r) => r.toolName === 'submit_edits');
  assert.equal(mock.requests.length, 1 + CASES.length, 'the plan and one call per worker, no reads');
  for (const c of CASES) {
    const [req, ...more] = workers.filter(isWorkerFor(c.file));
    assert.equal(more.length, 0);
    const text = original(c.file);
    assert.equal(text.split('\n').length - 1, c.totalLines);
    assert.ok(
      req!.userText.includes(`<file path="${c.file}" (whole file)>\n${text}\n</file>`),
      `${c.file} is in the prompt whole`,
    );
    assert.deepEqual(req!.toolNames, ['submit_edits', 'read_lines']);
    assert.deepEqual(req!.body.tool_choice, { type: 'any' });
  }
  // The estimate prices what is sent: the three whole files are in its worker input.
  const fileTokens = CASES.reduce((sum, c) => sum + Math.ceil(original(c.file).length / 3.5), 0);
  assert.ok(planned.estimate.workerInputTokens > fileTokens, `${planned.estimate.workerInputTokens} tokens`);
});

test('read_lines route: over workerFileTokens the excerpt holds the line, the worker reads around it and edits from what it read', async () => {
  for (const c of CASES) {
    mock.on(isWorkerFor(c.file), (req) => {
      if (req.toolResults.length === 0) return toolUseReply(c.read, { name: 'read_lines' })(req);
      // The search text is the read lines without their "N | " gutter.
      const read = req.toolResults[0]!.content.split('\n').map((l) => l.replace(/^\d+ \| /, ''));
      return toolUseReply({ file: c.file, edits: [{ search: read.join('\n'), replace: c.after }] })(req);
    });
  }
  const { planned, result } = await run({ workerFileTokens: 2_000 });
  assertNotConfirmed(planned);
  assertChanges(result);
  assert.equal(mock.requests.length, 1 + 2 * CASES.length, 'the plan, then a read and an edit per worker');
  for (const c of CASES) {
    const [first, second, ...more] = mock.requests.filter(isWorkerFor(c.file));
    assert.equal(more.length, 0);
    assert.match(first!.userText, new RegExp(`\\(excerpt of a ${c.totalLines}-line file: `));
    assert.ok(
      first!.userText.includes(`\n${c.excerptLine}\n`),
      `the excerpt of ${c.file} shows line ${c.line}`,
    );
    assert.ok(!first!.userText.includes(original(c.file)), 'not the whole file');
    assert.deepEqual(first!.toolResults, []);
    // The second call carries the read call back and exactly the lines asked for.
    assert.deepEqual(
      second!.toolUses.map((u) => [u.name, u.input]),
      [['read_lines', c.read]],
    );
    assert.deepEqual(second!.toolResults, [
      { toolUseId: second!.toolUses[0]!.id, content: c.readResult, isError: false },
    ]);
  }
});
