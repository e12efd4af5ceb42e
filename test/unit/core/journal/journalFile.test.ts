import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  continuedJournal,
  latestUnfinished,
  markJournalFinished,
  newJournal,
  clearJournals,
  readJournalFile,
} from '../../../../src/core/journal/journalFile';
import { planHash, type JournalEntry, type JournalHeader } from '../../../../src/core/journal/journalFormat';
import { defaultConfig } from '../../../../src/core/config';
import type { Plan } from '../../../../src/core/plan/planSchema';
import { tempDir } from '../../../support/tempTree';

const PLAN: Plan = {
  summary: 'Mark a.',
  subtasks: [{ file: 'src/a.ts', handler: 'llm', instructions: 'Mark it.', priority: 5 }],
};

function header(plan: Plan, runId: string): JournalHeader {
  return {
    kind: 'orchestra-run-journal',
    version: 1,
    runId,
    root: '/srv/app',
    startedAt: '2026-01-01T00:00:00.000Z',
    instruction: 'mark `a`',
    plan,
    planHash: planHash(plan),
    config: defaultConfig(),
    spent: [],
  };
}

function entry(id: string, file: string): JournalEntry {
  return {
    record: {
      version: 1,
      id,
      file,
      handler: 'llm',
      base: { [file]: 'a'.repeat(64) },
      proposals: [{ file, after: '// marked\n' }],
      outcome: { status: 'done', attempts: 1, costUsd: 0.001 },
      usage: { inputTokens: 100, outputTokens: 50, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    },
    calls: [
      {
        role: 'worker',
        model: 'claude-haiku-4-5',
        label: file,
        usage: { inputTokens: 100, outputTokens: 50, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      },
    ],
  };
}

function started(dir: string, runId: string, at: number): string {
  const { file, sink } = newJournal(dir, runId, new Date(at), (plan) => header(plan, runId));
  sink.begin?.(PLAN);
  sink.append(entry('s1', 'src/a.ts'));
  return file;
}

test('a journal reads back as written: header, entries by id, not finished until marked', () => {
  const dir = tempDir();
  const file = started(dir, 'run-1', 1000);
  const read = readJournalFile(file);
  assert.ok(read.ok);
  assert.equal(read.value.header.runId, 'run-1');
  assert.deepEqual(read.value.header.plan, PLAN);
  assert.deepEqual([...read.value.entries.values()], [entry('s1', 'src/a.ts')]);
  assert.equal(read.value.finished, false);
  assert.equal(read.value.torn, false);
  markJournalFinished(file);
  const again = readJournalFile(file);
  assert.ok(again.ok && again.value.finished);
});

test('a torn last line (a kill while writing it) is ignored, and cut off before the resumed run appends', () => {
  const dir = tempDir();
  const file = started(dir, 'run-1', 1000);
  const whole = readFileSync(file, 'utf8');
  appendFileSync(file, '{"kind":"subtask","record":{"version":1,"id":"s2","fi');
  const read = readJournalFile(file);
  assert.ok(read.ok, read.ok ? '' : read.error);
  assert.equal(read.value.torn, true);
  assert.deepEqual([...read.value.entries.keys()], ['s1']);
  const sink = continuedJournal(file);
  assert.equal(readFileSync(file, 'utf8'), whole);
  sink.append(entry('s2', 'src/b.ts'));
  const resumed = readJournalFile(file);
  assert.ok(resumed.ok, resumed.ok ? '' : resumed.error);
  assert.deepEqual([...resumed.value.entries.keys()], ['s1', 's2']);
  assert.equal(resumed.value.torn, false);
});

test('a damaged line before the last makes the journal unusable, naming the file and the line', () => {
  const dir = tempDir();
  const file = started(dir, 'run-1', 1000);
  const [first, second] = readFileSync(file, 'utf8').split('\n');
  writeFileSync(file, `${first}\nnot json\n${second}\n`);
  const read = readJournalFile(file);
  assert.equal(read.ok, false);
  assert.equal(
    read.ok ? '' : read.error,
    `The run journal ${file} cannot be used: line 2: not JSON. Delete it.`,
  );
});

test('a header whose plan does not match its hash is refused', () => {
  const dir = tempDir();
  const file = join(dir, 'x.jsonl');
  writeFileSync(file, JSON.stringify({ ...header(PLAN, 'r'), planHash: 'b'.repeat(64) }) + '\n');
  const read = readJournalFile(file);
  assert.equal(
    read.ok ? '' : read.error,
    `The run journal ${file} cannot be used: its plan does not match the plan's hash. Delete it.`,
  );
});

test('the newest unfinished journal of a workspace is the one to resume; a new run clears them', () => {
  const dir = tempDir();
  const older = started(dir, 'run-old', 1000);
  const newer = started(dir, 'run-new', 2000);
  const latest = started(dir, 'run-done', 3000);
  markJournalFinished(latest);
  const found = latestUnfinished(dir);
  assert.ok(found.ok);
  assert.equal(found.value?.file, newer);
  assert.equal(found.value?.journal.header.runId, 'run-new');
  markJournalFinished(newer);
  markJournalFinished(older);
  assert.deepEqual(latestUnfinished(dir), { ok: true, value: undefined });
  assert.deepEqual(latestUnfinished(join(dir, 'missing')), { ok: true, value: undefined });
  clearJournals(dir);
  assert.deepEqual([older, newer, latest].map(existsSync), [false, false, false]);
});

test('an entry for a journal removed meanwhile (a newer run cleared it) is refused, not a headless file', () => {
  const dir = tempDir();
  const { file, sink } = newJournal(dir, 'run-1', new Date(1000), (plan) => header(plan, 'run-1'));
  sink.begin?.(PLAN);
  clearJournals(dir);
  assert.throws(() => sink.append(entry('s1', 'src/a.ts')), /ENOENT/);
  assert.equal(existsSync(file), false);
});
