/**
 * A journaled fix answered particular errors on a particular text: a resume reuses it only when the type-check
 * asks it the same again. Here the fix's own file hashes the same on resume but a file it does not name (the
 * interface its object literal is checked against) changed, so the error it is asked about differs: it is asked
 * again. The engine in-process, the real SDK over HTTP against the loopback mock.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { STRICT_TSCONFIG } from '../../../support/fetchProject';
import { journaledRun, resumeRun, type JournalScenario } from '../../../support/journaledRun';
import { isEditCall, isPlan, isRepair, isWorker } from '../../../support/mockRequests';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const INSTRUCTION = 'retry the requests three times';

const PROJECT: Record<string, string> = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/types.ts': `export interface Opts {
  method: string;
}
`,
  'src/a.ts': `import type { Opts } from './types';

export const opts: Opts = { method: 'GET' };
`,
};

/** The same interface with `retries` as text: the worker's `retries: 3` now gets TS2322, not TS2353. */
const TYPES_WITH_RETRIES = `export interface Opts {
  method: string;
  retries?: string;
}
`;

const REPAIRED = `import type { Opts } from './types';

export const opts: Opts = { method: 'GET' };
export const retries = 3;
`;

/** One worker adds a property `Opts` does not have (a new type error in its own file): a repair of a.ts. */
function script(): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Retry three times.',
      subtasks: [{ file: 'src/a.ts', handler: 'llm', instructions: 'Add retries: 3.', priority: 5 }],
    }),
  );
  mock.on(
    isWorker('src/a.ts'),
    toolUseReply({
      file: 'src/a.ts',
      edits: [{ search: "{ method: 'GET' }", replace: "{ method: 'GET', retries: 3 }" }],
    }),
  );
  mock.on(
    isRepair('src/a.ts'),
    toolUseReply({
      file: 'src/a.ts',
      edits: [
        {
          search: "export const opts: Opts = { method: 'GET', retries: 3 };",
          replace: "export const opts: Opts = { method: 'GET' };\nexport const retries = 3;",
        },
      ],
    }),
  );
}

/** Read back through the journal's own lines, as `orchestra resume` reads them from disk. */
const SCENARIO: JournalScenario = {
  files: PROJECT,
  instruction: INSTRUCTION,
  script: () => script(),
  throughJournalText: true,
};

const texts = (changes: ReadonlyArray<{ file: string; after: string }>): Record<string, string> =>
  Object.fromEntries(changes.map((c) => [c.file, c.after]));

test('the first run journals its repair with the hash of what it was asked', async () => {
  const run = await journaledRun(mock, SCENARIO);
  assert.deepEqual(texts(run.result.changes), { 'src/a.ts': REPAIRED });
  const repairs = mock.requests.filter(isRepair('src/a.ts'));
  assert.equal(repairs.length, 1);
  assert.match(repairs[0]!.userText, /TS2353 Object literal may only specify known properties/);
  const repair = run.entries.find((e) => e.record.origin === 'repair')?.record;
  assert.equal(repair?.id, 'repair:1:src/a.ts');
  assert.match(repair?.request ?? '', /^[0-9a-f]{64}$/);
});

test('a resume asked the same errors on the same text reuses the journaled repair: no call at all', async () => {
  const run = await journaledRun(mock, SCENARIO);
  const { result, journal, appended } = await resumeRun(mock, SCENARIO, run, () => true);
  assert.equal(mock.requests.filter(isPlan).length, 0);
  assert.equal(mock.requests.filter(isEditCall).length, 0, 'no worker and no repair asked again');
  assert.deepEqual(texts(result.changes), { 'src/a.ts': REPAIRED });
  assert.equal(result.usage.costUsd, run.result.usage.costUsd);
  assert.deepEqual(journal.summary(), { reused: ['s1'], rerun: [], stale: [] });
  assert.deepEqual(journal.fixes(), { reused: ['repair:1:src/a.ts'], rerun: [], stale: [] });
  assert.deepEqual(appended, []);
});

test('a resume whose type-check asks other errors of a file that hashes the same asks the repair again', async () => {
  const run = await journaledRun(mock, SCENARIO);
  const before = run.entries.find((e) => e.record.origin === 'repair')!.record;
  // Not in the repair's base (no error is in it, the run did not change it): only the error it is asked changes.
  writeFileSync(join(run.dir, 'src/types.ts'), TYPES_WITH_RETRIES);
  const { result, journal, appended } = await resumeRun(mock, SCENARIO, run, () => true);
  assert.equal(mock.requests.filter(isWorker()).length, 0, "the worker's file did not change: reused");
  const repairs = mock.requests.filter(isRepair('src/a.ts'));
  assert.equal(repairs.length, 1, 'the repair is asked again');
  assert.equal(mock.requests.filter(isEditCall).length, 1);
  assert.match(repairs[0]!.userText, /TS2322 Type 'number' is not assignable to type 'string'/);
  assert.deepEqual(texts(result.changes), { 'src/a.ts': REPAIRED });
  assert.deepEqual(journal.summary(), { reused: ['s1'], rerun: [], stale: [] });
  assert.deepEqual(journal.fixes(), {
    reused: [],
    rerun: ['repair:1:src/a.ts'],
    stale: [{ id: 'repair:1:src/a.ts', file: 'src/a.ts', changed: [], errorsChanged: true }],
  });
  assert.equal(appended.length, 1);
  const again = appended[0]!.record;
  assert.equal(again.id, 'repair:1:src/a.ts');
  assert.deepEqual(again.base, before.base, 'the same files at the same texts');
  assert.notEqual(again.request, before.request, 'another request');
});

test('a repair journaled without the hash of its request (an older journal) is asked again', async () => {
  const run = await journaledRun(mock, SCENARIO);
  const older = {
    ...run,
    entries: run.entries.map((e) => {
      const { request: _request, ...record } = e.record;
      return { ...e, record };
    }),
  };
  const { journal } = await resumeRun(mock, SCENARIO, older, () => true);
  assert.equal(mock.requests.filter(isWorker()).length, 0);
  assert.equal(mock.requests.filter(isRepair('src/a.ts')).length, 1);
  assert.deepEqual(journal.fixes().stale, [
    { id: 'repair:1:src/a.ts', file: 'src/a.ts', changed: [], errorsChanged: true },
  ]);
});
