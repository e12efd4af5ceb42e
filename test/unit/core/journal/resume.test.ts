import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { changedTexts, journaledRun, resumeRun, type JournalScenario } from '../../../support/journaledRun';
import { isPlan, isWorker, workerFile } from '../../../support/mockRequests';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
  'src/lib.ts': `export function greet(name: string): string {\n  return 'hi ' + name;\n}\n`,
  'src/use1.ts': `import { greet } from './lib';\nexport const a = greet('a');\n`,
  'src/use2.ts': `import { greet } from './lib';\nexport const b = greet('b');\n`,
  'src/use3.ts': `import { greet } from './lib';\nexport const c = greet('c');\n`,
};

// A declaration step and three callers that depend on it: the callers run in the second wave, on its text.
const PLAN = {
  summary: 'Mark greet and its callers.',
  subtasks: [
    { id: 'decl', file: 'src/lib.ts', handler: 'llm', instructions: 'Mark greet.', priority: 9 },
    ...[1, 2, 3].map((n) => ({
      id: `c${n}`,
      file: `src/use${n}.ts`,
      handler: 'llm',
      dependsOn: ['decl'],
      instructions: 'Mark the call.',
      priority: 5,
    })),
  ],
};

const EXPECTED: Record<string, string> = {
  'src/lib.ts': `// greet, marked\nexport function greet(name: string): string {\n  return 'hi ' + name;\n}\n`,
  'src/use1.ts': `import { greet } from './lib';\n// marked\nexport const a = greet('a');\n`,
  'src/use2.ts': `import { greet } from './lib';\n// marked\nexport const b = greet('b');\n`,
  'src/use3.ts': `import { greet } from './lib';\n// marked\nexport const c = greet('c');\n`,
};

function script(mock: MockAnthropic): void {
  mock.on(isPlan, toolUseReply(PLAN));
  mock.on(isWorker(), (r) => {
    const file = workerFile(r) ?? '';
    const edit =
      file === 'src/lib.ts'
        ? { search: 'export function greet', replace: '// greet, marked\nexport function greet' }
        : { search: 'export const', replace: '// marked\nexport const' };
    return toolUseReply({ file, edits: [edit] })(r);
  });
}

const MARK: JournalScenario = { files: FILES, instruction: 'mark `greet` and its callers', script };

test('a run journals every finished subtask with the hash of the text it started from', async () => {
  const run = await journaledRun(mock, MARK);
  assert.deepEqual(changedTexts(run.result), EXPECTED);
  assert.deepEqual(
    run.entries.map((e) => [
      e.record.id,
      e.record.outcome.status,
      Object.keys(e.record.base),
      e.calls.length,
    ]),
    [
      ['decl', 'done', ['src/lib.ts'], 1],
      // A caller started from its own file and saw the declaration as its dependency left it.
      ['c1', 'done', ['src/use1.ts', 'src/lib.ts'], 1],
      ['c2', 'done', ['src/use2.ts', 'src/lib.ts'], 1],
      ['c3', 'done', ['src/use3.ts', 'src/lib.ts'], 1],
    ],
  );
});

test('a journaled run whose second half is missing resumes with no model call for the finished half', async () => {
  const run = await journaledRun(mock, MARK);
  const { result, journal, appended } = await resumeRun(mock, MARK, run, (e) =>
    ['decl', 'c1'].includes(e.record.id),
  );
  assert.equal(mock.requests.filter(isPlan).length, 0, 'the orchestrator is not asked again');
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile).sort(), ['src/use2.ts', 'src/use3.ts']);
  assert.deepEqual(changedTexts(result), changedTexts(run.result));
  assert.deepEqual(changedTexts(result), EXPECTED);
  assert.deepEqual(result.outcomes, run.result.outcomes);
  assert.equal(result.verdict.kind, 'done');
  // The reused subtasks' calls count as spent once: the resumed run costs what the uninterrupted one did.
  assert.equal(result.usage.costUsd, run.result.usage.costUsd);
  assert.deepEqual(result.usage.usage, run.result.usage.usage);
  assert.deepEqual(journal.summary(), { reused: ['decl', 'c1'], rerun: ['c2', 'c3'], stale: [] });
  assert.deepEqual(
    appended.map((e) => e.record.id),
    ['c2', 'c3'],
  );
});

test("a record whose file changed since is run again on the file's new text, and named", async () => {
  const run = await journaledRun(mock, MARK);
  writeFileSync(
    join(run.dir, 'src/use2.ts'),
    `import { greet } from './lib';\nexport const b = greet('B');\n`,
  );
  const { result, journal } = await resumeRun(mock, MARK, run, () => true);
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile), ['src/use2.ts']);
  assert.deepEqual(changedTexts(result), {
    ...EXPECTED,
    'src/use2.ts': `import { greet } from './lib';\n// marked\nexport const b = greet('B');\n`,
  });
  assert.deepEqual(journal.summary(), {
    reused: ['decl', 'c1', 'c3'],
    rerun: ['c2'],
    stale: [{ id: 'c2', file: 'src/use2.ts', changed: ['src/use2.ts'] }],
  });
});

test('a changed dependency makes every step built on it stale', async () => {
  const run = await journaledRun(mock, MARK);
  writeFileSync(
    join(run.dir, 'src/lib.ts'),
    `export function greet(name: string): string {\n  return 'hello ' + name;\n}\n`,
  );
  const { result, journal } = await resumeRun(mock, MARK, run, () => true);
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile).sort(), [
    'src/lib.ts',
    'src/use1.ts',
    'src/use2.ts',
    'src/use3.ts',
  ]);
  assert.equal(
    changedTexts(result)['src/lib.ts'],
    `// greet, marked\nexport function greet(name: string): string {\n  return 'hello ' + name;\n}\n`,
  );
  assert.deepEqual(
    journal.summary().stale.map((s) => [s.id, s.changed]),
    [
      ['decl', ['src/lib.ts']],
      ['c1', ['src/lib.ts']],
      ['c2', ['src/lib.ts']],
      ['c3', ['src/lib.ts']],
    ],
  );
});
