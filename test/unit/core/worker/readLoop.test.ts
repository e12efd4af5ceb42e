/**
 * The worker's read_lines loop through the real SDK against the mock: bounded (after MAX_READS reads the
 * answer tool is forced), every call reserved in the budget (a budget that covers the first call but not a
 * read stops cleanly), and cancellable while a read round is in flight.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MockAnthropic,
  toolCallsReply,
  toolUseReply,
  type MockRequest,
} from '../../../mock-anthropic/server';
import { executeRun, planRun, runRefactor } from '../../../../src/core/pipeline';
import { MAX_READS } from '../../../../src/core/worker/workerTurn';
import { isPlan, workerFile } from '../../../support/mockRequests';
import { mockDeps, waitFor } from '../../../support/mockRun';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const B = Array.from({ length: 12 }, (_, i) => `export const b${i + 1} = alpha + ${i + 1};`).join('\n');
const FILES = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
  'src/a.ts': 'export const alpha = 1;\n',
  'src/b.ts': `import { alpha } from './a';\n${B}\n`,
};
const PLAN = {
  summary: 'Comment the uses of alpha.',
  subtasks: [{ file: 'src/b.ts', handler: 'llm', instructions: 'Comment b5.', priority: 5 }],
};
const INSTRUCTION = 'document every use of `alpha`';
const EDIT = {
  file: 'src/b.ts',
  edits: [{ search: 'export const b5 = alpha + 5;', replace: '// five\nexport const b5 = alpha + 5;' }],
};

const isB = (r: MockRequest): boolean => r.toolName === 'submit_edits' && workerFile(r) === 'src/b.ts';
const read = (start: number, end: number) => toolUseReply({ start, end }, { name: 'read_lines' });

test(`a worker that keeps reading gets ${MAX_READS} reads, then must answer: the last call forces submit_edits`, async () => {
  mock.on(isPlan, toolUseReply(PLAN));
  // Two reads in one reply, then one at a time; the reply that would exceed the allowance gets an error result.
  mock.on(
    isB,
    toolCallsReply([
      { name: 'read_lines', input: { start: 1, end: 2 } },
      { name: 'read_lines', input: { start: 6, end: 6 } },
    ]),
    { times: 1 },
  );
  mock.on(isB, read(3, 3), { times: 1 });
  mock.on(
    isB,
    toolCallsReply([
      { name: 'read_lines', input: { start: 4, end: 4 } },
      { name: 'read_lines', input: { start: 5, end: 5 } },
    ]),
    { times: 1 },
  );
  mock.on(isB, toolUseReply(EDIT));
  const result = await runRefactor(await mockDeps(mock, FILES), { instruction: INSTRUCTION });

  const workers = mock.requests.filter(isB);
  assert.equal(workers.length, 4);
  assert.deepEqual(
    workers.map((r) => r.body.tool_choice),
    [{ type: 'any' }, { type: 'any' }, { type: 'any' }, { type: 'tool', name: 'submit_edits' }],
  );
  const last = workers[3]!;
  assert.deepEqual(
    last.toolResults.map((r) => [r.content, r.isError]),
    [
      ["1 | import { alpha } from './a';\n2 | export const b1 = alpha + 1;", false],
      ['6 | export const b5 = alpha + 5;', false],
      ['3 | export const b2 = alpha + 2;', false],
      ['4 | export const b3 = alpha + 3;', false],
      ['read limit reached (4 reads): call submit_edits now with what you have', true],
    ],
  );
  // Every result answers the call of the same id, in the turn after it.
  assert.deepEqual(
    last.toolResults.map((r) => r.toolUseId),
    last.toolUses.map((u) => u.id),
  );
  assert.deepEqual(
    result.outcomes.map((o) => [o.file, o.status, o.attempts]),
    [['src/b.ts', 'done', 4]],
  );
  assert.equal(
    result.changes[0]!.after,
    FILES['src/b.ts'].replace('export const b5', '// five\nexport const b5'),
  );
  assert.equal(result.usage.byRole.worker?.calls, 4, 'every read round is billed');
});

test('a budget that covers the first worker call but not the read round after it stops cleanly', async () => {
  mock.on(isPlan, toolUseReply(PLAN));
  // The read reply bills 20,000 input tokens ($0.02 on Haiku): what is left cannot cover the next call's worst case.
  mock.on(
    isB,
    toolUseReply(
      { start: 5, end: 6 },
      { name: 'read_lines', usage: { input_tokens: 20_000, output_tokens: 20 } },
    ),
  );
  mock.on(isB, toolUseReply(EDIT));
  const deps = await mockDeps(mock, FILES, {
    budgetUsd: 0.025,
    orchestratorMaxTokens: 256,
    workerMaxTokens: 1_000,
  });
  const result = await runRefactor(deps, { instruction: INSTRUCTION });

  assert.equal(mock.requests.length, 2, 'the plan and the first worker call; the read round was never sent');
  const [outcome] = result.outcomes;
  assert.equal(outcome?.status, 'skipped-budget');
  assert.equal(outcome?.errorReason, 'budget-exceeded');
  assert.equal(outcome?.attempts, 1);
  assert.match(
    outcome?.reason ?? '',
    /^budget exhausted: the next call \(src\/b\.ts\) could cost up to \$0\.\d{4} but only \$0\.00\d\d of \$0\.03 remains; raise the budget$/,
  );
  assert.deepEqual(result.changes, []);
  assert.equal(result.usage.calls, 2);
  assert.ok(result.usage.costUsd <= 0.025, `spent ${result.usage.costUsd}`);
});

test('cancelling while a read round is in flight stops the worker: cancelled, nothing more sent', async () => {
  mock.on(isPlan, toolUseReply(PLAN));
  mock.on(isB, read(5, 6), { times: 1 });
  mock.on(isB, { hang: true });
  const controller = new AbortController();
  const deps = await mockDeps(mock, FILES, { timeoutMs: 60_000 }, { signal: controller.signal });
  const planned = await planRun(deps, { instruction: INSTRUCTION });
  const executing = executeRun(deps, planned);
  await waitFor(() => mock.requests.filter(isB).length === 2 && mock.inFlight === 1, 5_000, 'the read round');
  assert.deepEqual(
    mock.requests.filter(isB)[1]!.toolResults.map((r) => r.content),
    ['5 | export const b4 = alpha + 4;\n6 | export const b5 = alpha + 5;'],
  );
  const abortedAt = Date.now();
  controller.abort();
  const result = await executing;
  assert.ok(Date.now() - abortedAt < 1_000, `${Date.now() - abortedAt} ms to stop`);
  assert.equal(result.cancelled, true);
  assert.deepEqual(result.changes, []);
  assert.deepEqual(
    result.outcomes.map((o) => [o.file, o.status, o.attempts]),
    [['src/b.ts', 'cancelled', 2]],
  );
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(mock.requests.length, 3, 'nothing sent after the abort');
  assert.equal(mock.inFlight, 0);
});
