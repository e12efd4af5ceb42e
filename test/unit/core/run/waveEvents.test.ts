/**
 * The events of a plan with waves: each model step's outcome is sent as it finishes (in the order steps
 * finish, wave by wave), and the stages after dispatch only once the last wave is done. Real SDK, loopback mock.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { runRefactor } from '../../../../src/core/pipeline';
import type { PipelineEvent } from '../../../../src/core/runTypes';
import { isPlan, isWorker, workerFile } from '../../../support/mockRequests';
import { mockDeps } from '../../../support/mockRun';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] });
const FILES = {
  'tsconfig.json': TSCONFIG,
  'src/slow.ts': 'export const slow = 1;\n',
  'src/fast.ts': 'export const fast = 2;\n',
  'src/next.ts': "import { fast } from './fast';\nexport const next = fast + 1;\n",
};

function comment(file: string, name: string, delayMs = 0): ReturnType<typeof toolUseReply> {
  return toolUseReply(
    { file, edits: [{ search: `export const ${name}`, replace: `// ${name}\nexport const ${name}` }] },
    { delayMs },
  );
}

test('outcome events come as steps finish, wave by wave, and the merge starts after the last wave', async () => {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Comment three constants.',
      subtasks: [
        { id: 'slow', file: 'src/slow.ts', handler: 'llm', instructions: 'Comment it.', priority: 9 },
        { id: 'fast', file: 'src/fast.ts', handler: 'llm', instructions: 'Comment it.', priority: 8 },
        {
          id: 'next',
          file: 'src/next.ts',
          handler: 'llm',
          instructions: 'Comment it.',
          priority: 7,
          dependsOn: ['fast'],
        },
      ],
    }),
  );
  // The first step of wave 0 answers last, so plan order and finish order differ.
  mock.on(isWorker('src/slow.ts'), comment('src/slow.ts', 'slow', 400));
  mock.on(isWorker('src/fast.ts'), comment('src/fast.ts', 'fast'));
  mock.on(isWorker('src/next.ts'), comment('src/next.ts', 'next'));
  const events: PipelineEvent[] = [];
  const deps = await mockDeps(mock, FILES, { maxConcurrency: 4 }, { events });
  const result = await runRefactor(deps, { instruction: 'comment the constants' });
  const from = events.findIndex((e) => e.type === 'stage' && e.stage === 'dispatch');
  const seen = events
    .slice(from)
    .flatMap((e) =>
      e.type === 'subtask'
        ? [`${e.id ?? e.file} ${e.status}`]
        : e.type === 'stage'
          ? [`stage ${e.stage}`]
          : [],
    );
  assert.deepEqual(seen.slice(0, 8), [
    'stage dispatch',
    'slow started',
    'fast started',
    'fast done',
    'slow done',
    'next started',
    'next done',
    'stage merge',
  ]);
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile), [
    'src/slow.ts',
    'src/fast.ts',
    'src/next.ts',
  ]);
  // The result lists the outcomes in plan order, whatever order they finished in.
  assert.deepEqual(
    result.outcomes.map((o) => [o.id, o.status]),
    [
      ['slow', 'done'],
      ['fast', 'done'],
      ['next', 'done'],
    ],
  );
});

test('a step skipped for its dependency is reported when its wave comes, once the wave before it finished', async () => {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Comment three constants.',
      subtasks: [
        { id: 'fast', file: 'src/fast.ts', handler: 'llm', instructions: 'Comment it.', priority: 8 },
        {
          id: 'next',
          file: 'src/next.ts',
          handler: 'llm',
          instructions: 'Comment it.',
          priority: 7,
          dependsOn: ['fast'],
        },
        { id: 'slow', file: 'src/slow.ts', handler: 'llm', instructions: 'Comment it.', priority: 9 },
      ],
    }),
  );
  // fast's edit never applies (twice): it fails, and next is skipped.
  mock.on(
    isWorker('src/fast.ts'),
    toolUseReply({ file: 'src/fast.ts', edits: [{ search: 'nowhere', replace: 'x' }] }),
  );
  mock.on(isWorker('src/slow.ts'), comment('src/slow.ts', 'slow', 300));
  const events: PipelineEvent[] = [];
  const deps = await mockDeps(mock, FILES, { maxConcurrency: 4 }, { events });
  await runRefactor(deps, { instruction: 'comment the constants' });
  const seen = events.flatMap((e) =>
    e.type === 'subtask' && e.status !== 'retry' ? [`${e.id ?? e.file} ${e.status}`] : [],
  );
  assert.deepEqual(seen, [
    'fast started',
    'slow started',
    'fast failed',
    'slow done',
    'next skipped-dependency',
  ]);
});
