/**
 * What the VS Code resume says it took from the journal — in its outcome, the log, the notification and Show Last
 * Run's report — built from a real `RunJournal`'s summary (the one the engine worker hands back), fixes included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixJournalId, RunJournal } from '../../../../src/core/journal/journal';
import type { JournalEntry } from '../../../../src/core/journal/journalFormat';
import { SUBTASK_RECORD_VERSION, type SubtaskRecord } from '../../../../src/core/journal/subtaskRecord';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import {
  resumedRunOf,
  resumeHeadline,
  resumeLogLines,
  resumeNotice,
  resumeReportSection,
} from '../../../../src/vscode/refactor/resumeSummary';

const A = sha256Hex('a');
const B = sha256Hex('b');
const C = sha256Hex('c');

function record(id: string, file: string, extra: Partial<SubtaskRecord> = {}): SubtaskRecord {
  return {
    version: SUBTASK_RECORD_VERSION,
    id,
    file,
    handler: 'llm',
    base: { [file]: A },
    proposals: [{ file, after: 'x' }],
    outcome: { status: 'done', attempts: 1, costUsd: 0.001 },
    usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    ...extra,
  };
}

const entry = (r: SubtaskRecord): [string, JournalEntry] => [r.id, { record: r, calls: [] }];
const fix = (origin: 'repair' | 'follow-up', file: string, request: string): SubtaskRecord =>
  record(fixJournalId(origin, 1, file), file, { origin, round: 1, request });

/**
 * s1 reused, s2 stale (its file changed), s3 never journaled; the repair of a.ts reused, the follow-up of b.ts
 * asked other errors (errorsChanged), the follow-up of c.ts stale because c.ts changed, one more run now.
 */
function journal(): RunJournal {
  const prior = new Map([
    entry(record('s1', 'src/a.ts')),
    entry(record('s2', 'src/b.ts')),
    entry(fix('repair', 'src/a.ts', B)),
    entry(fix('follow-up', 'src/b.ts', B)),
    entry(fix('follow-up', 'src/c.ts', B)),
  ]);
  const j = new RunJournal(prior, { append: () => undefined });
  const same = (): string => A;
  const step = (id: string, file: string) => ({ id, file, handler: 'llm' });
  const fixStep = (origin: 'repair' | 'follow-up', file: string, request: string) => ({
    ...step(fixJournalId(origin, 1, file), file),
    origin,
    request,
  });
  assert.ok(j.reuse(step('s1', 'src/a.ts'), same));
  assert.equal(
    j.reuse(step('s2', 'src/b.ts'), () => C),
    undefined,
  );
  j.finished(record('s2', 'src/b.ts'), []);
  j.finished(record('s3', 'src/d.ts'), []);
  assert.ok(j.reuse(fixStep('repair', 'src/a.ts', B), same));
  assert.equal(j.reuse(fixStep('follow-up', 'src/b.ts', C), same), undefined);
  j.finished(fix('follow-up', 'src/b.ts', C), []);
  assert.equal(
    j.reuse(fixStep('follow-up', 'src/c.ts', B), () => C),
    undefined,
  );
  j.finished(fix('follow-up', 'src/c.ts', B), []);
  j.finished(fix('follow-up', 'src/e.ts', B), []);
  return j;
}

test("the resume's outcome lists the subtasks and the type-check's fixes it reused and ran", () => {
  const j = journal();
  const resumed = resumedRunOf({ ...j.summary(), fixes: j.fixes() });
  assert.deepEqual(resumed, {
    reused: ['s1'],
    rerun: ['s2', 's3'],
    stale: ['src/b.ts'],
    fixes: {
      reused: [{ origin: 'repair', file: 'src/a.ts', round: 1 }],
      rerun: [
        { origin: 'follow-up', file: 'src/b.ts', round: 1 },
        { origin: 'follow-up', file: 'src/c.ts', round: 1 },
        { origin: 'follow-up', file: 'src/e.ts', round: 1 },
      ],
      stale: [
        { origin: 'follow-up', file: 'src/b.ts', round: 1, changed: [], errorsChanged: true },
        { origin: 'follow-up', file: 'src/c.ts', round: 1, changed: ['src/c.ts'] },
      ],
    },
  });
});

test('the log says how many repairs and follow-ups came from the journal, and why each stale one ran again', () => {
  const j = journal();
  const resumed = resumedRunOf({ ...j.summary(), fixes: j.fixes() });
  assert.deepEqual(resumeLogLines(resumed), [
    "Resumed: 1 subtask(s) from the journal, 2 run now; the type-check's repairs and follow-ups: 1 from the journal, 3 run now.",
    'Re-run: src/b.ts changed since its result was journaled.',
    'Re-run: the follow-up of src/b.ts (round 1): the type errors it answered are not the ones it has now.',
    'Re-run: the follow-up of src/c.ts (round 1): src/c.ts changed.',
  ]);
  assert.equal(
    resumeNotice(resumed),
    'Orchestra: re-run because they changed since the interruption: src/b.ts. Asked again: the follow-up of ' +
      'src/b.ts (round 1) (the type errors it answered are not the ones it has now); the follow-up of src/c.ts ' +
      "(round 1) (src/c.ts changed). Resumed: 1 subtask(s) from the journal, 2 run now; the type-check's " +
      'repairs and follow-ups: 1 from the journal, 3 run now.',
  );
});

test("Show Last Run's report has a Resumed section naming every reused and re-run fix", () => {
  const j = journal();
  const resumed = resumedRunOf({ ...j.summary(), fixes: j.fixes() });
  assert.equal(
    resumeReportSection(resumed),
    [
      '## Resumed',
      '',
      "Resumed: 1 subtask(s) from the journal, 2 run now; the type-check's repairs and follow-ups: 1 from the journal, 3 run now.",
      '',
      '- **Subtasks from the journal:** s1',
      '- **Subtasks run now:** s2, s3',
      '- **Re-run because their files changed:** src/b.ts',
      '- **Repairs and follow-ups from the journal:** the repair of src/a.ts (round 1)',
      '- **Repairs and follow-ups run now:** the follow-up of src/b.ts (round 1), the follow-up of src/c.ts (round 1), the follow-up of src/e.ts (round 1)',
      '  - re-run: the follow-up of src/b.ts (round 1): the type errors it answered are not the ones it has now',
      '  - re-run: the follow-up of src/c.ts (round 1): src/c.ts changed',
    ].join('\n'),
  );
});

test('a resume that reused everything and had no fixes says so, with no notification', () => {
  const resumed = resumedRunOf({ reused: ['s1', 's2'], rerun: [], stale: [] });
  assert.deepEqual(resumed.fixes, { reused: [], rerun: [], stale: [] });
  assert.equal(resumeHeadline(resumed), 'Resumed: 2 subtask(s) from the journal, 0 run now.');
  assert.equal(resumeNotice(resumed), undefined);
  assert.equal(
    resumeReportSection(resumed),
    [
      '## Resumed',
      '',
      'Resumed: 2 subtask(s) from the journal, 0 run now.',
      '',
      '- **Subtasks from the journal:** s1, s2',
      '- **Subtasks run now:** none',
      '- **Repairs and follow-ups from the journal:** none',
      '- **Repairs and follow-ups run now:** none',
    ].join('\n'),
  );
});

test('a resume whose repairs all came from the journal: the notification stays silent, the log counts them', () => {
  const resumed = resumedRunOf({
    reused: ['s1'],
    rerun: [],
    stale: [],
    fixes: { reused: ['repair:1:src/a.ts', 'follow-up:2:src/b.ts'], rerun: [], stale: [] },
  });
  assert.deepEqual(resumed.fixes.reused, [
    { origin: 'repair', file: 'src/a.ts', round: 1 },
    { origin: 'follow-up', file: 'src/b.ts', round: 2 },
  ]);
  assert.equal(resumeNotice(resumed), undefined);
  assert.deepEqual(resumeLogLines(resumed), [
    "Resumed: 1 subtask(s) from the journal, 0 run now; the type-check's repairs and follow-ups: 2 from the journal, 0 run now.",
  ]);
});
