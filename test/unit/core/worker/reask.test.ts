/**
 * Completion is checked, not assumed: a worker that changes nothing in a file the plan says must change is
 * asked once more (its subtask and the lines that mention the plan's symbols), through the real SDK against
 * the mock; if it still changes nothing, the outcome is `unchanged` with the worker's reason.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply, type MockRequest } from '../../../mock-anthropic/server';
import { runRefactor } from '../../../../src/core/pipeline';
import type { PipelineEvent } from '../../../../src/core/runTypes';
import { isPlan, workerFile } from '../../../support/mockRequests';
import { mockDeps } from '../../../support/mockRun';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const FILES = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
  'src/a.ts': 'export const alpha = 1;\n',
  'src/b.ts': `import { alpha } from './a';

export const beta = alpha * 2;
export const gamma = 3;
`,
};

const INSTRUCTIONS = 'Add a comment above each use of alpha.';
const PLAN = {
  summary: 'Comment the uses of alpha.',
  subtasks: [{ file: 'src/b.ts', handler: 'llm', instructions: INSTRUCTIONS, priority: 5 }],
};

const isB = (r: MockRequest): boolean => r.toolName === 'submit_edits' && workerFile(r) === 'src/b.ts';

/** The follow-up the worker receives, exactly: its subtask and b.ts's lines that mention `alpha`. */
const REASK = `Your submit_edits call changed nothing in src/b.ts, but the plan says this file must change.

Your subtask: ${INSTRUCTIONS}

<file path="src/b.ts" (the lines of src/b.ts that mention alpha)>
1 | import { alpha } from './a';
…
3 | export const beta = alpha * 2;
…
</file>

Make the change now, with search text copied from your file (without the "N | " line numbers; read_lines shows any other line). If the file really needs no change, call submit_edits with no edits and say why in "notes".`;

async function run(events: PipelineEvent[] = []) {
  mock.on(isPlan, toolUseReply(PLAN));
  const deps = await mockDeps(mock, FILES, {}, { events });
  return runRefactor(deps, { instruction: 'document every use of `alpha`' });
}

function assertReasked(first: unknown): void {
  const workers = mock.requests.filter(isB);
  assert.equal(workers.length, 2, 'asked exactly once more');
  assert.equal(mock.requests.length, 3, 'the plan and two worker calls');
  const messages = workers[1]!.body.messages;
  assert.deepEqual(messages.slice(0, 1), workers[0]!.body.messages);
  assert.deepEqual(messages.slice(1), [
    { role: 'assistant', content: `Previous submit_edits input: ${JSON.stringify(first)}` },
    { role: 'user', content: REASK },
  ]);
}

test('no edits, twice, with notes: asked once more, then unchanged with the notes as the reason', async () => {
  const answer = { file: 'src/b.ts', edits: [], notes: 'b.ts already explains alpha.' };
  mock.on(isB, toolUseReply(answer));
  const events: PipelineEvent[] = [];
  const result = await run(events);
  assertReasked(answer);
  assert.deepEqual(result.outcomes, [
    {
      file: 'src/b.ts',
      handler: 'llm',
      costUsd: result.outcomes[0]!.costUsd,
      status: 'unchanged',
      attempts: 2,
      notes: 'b.ts already explains alpha.',
      reason: 'b.ts already explains alpha.',
    },
  ]);
  assert.deepEqual(result.changes, []);
  assert.ok(
    events.some(
      (e) =>
        e.type === 'subtask' &&
        e.status === 'retry' &&
        e.detail === 'no change (b.ts already explains alpha.); asked once more',
    ),
  );
});

test('no edits and no notes, twice: unchanged because "the worker returned no edits"', async () => {
  const answer = { file: 'src/b.ts', edits: [] };
  mock.on(isB, toolUseReply(answer));
  const result = await run();
  assertReasked(answer);
  assert.deepEqual(
    result.outcomes.map((o) => [o.status, o.reason, o.notes, o.attempts]),
    [['unchanged', 'the worker returned no edits', undefined, 2]],
  );
});

test('edits that change nothing count as no change; the re-asked worker that then edits is done', async () => {
  const noop = {
    file: 'src/b.ts',
    edits: [{ search: 'export const gamma = 3;', replace: 'export const gamma = 3;' }],
  };
  mock.on(isB, toolUseReply(noop), { times: 1 });
  mock.on(
    isB,
    toolUseReply({
      file: 'src/b.ts',
      edits: [
        {
          search: 'export const beta = alpha * 2;',
          replace: '// twice alpha\nexport const beta = alpha * 2;',
        },
      ],
    }),
  );
  const events: PipelineEvent[] = [];
  const result = await run(events);
  assertReasked(noop);
  assert.deepEqual(
    result.outcomes.map((o) => [o.status, o.reason, o.attempts]),
    [['done', undefined, 2]],
  );
  assert.deepEqual(
    events.flatMap((e) => (e.type === 'subtask' && e.status === 'retry' ? [e.detail] : [])),
    ["no change (the worker's edits changed nothing); asked once more"],
  );
  assert.deepEqual(
    result.changes.map((c) => [c.file, c.after]),
    [
      [
        'src/b.ts',
        `import { alpha } from './a';

// twice alpha
export const beta = alpha * 2;
export const gamma = 3;
`,
      ],
    ],
  );
});
