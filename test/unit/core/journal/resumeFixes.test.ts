/**
 * The type-check's repairs and follow-ups are journaled like the plan's subtasks, one record per fix round,
 * and a resume reuses each one whose files (its own, those its errors are in and point into) still hash the
 * same: no model call is made twice. The engine in-process, the real SDK over HTTP against the loopback mock.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import {
  FETCH_AFTER,
  FETCH_EDITS,
  FETCH_PROJECT,
  FETCH_RENAME,
  FETCH_RENAMED,
  FETCH_SIGNATURE,
} from '../../../support/fetchProject';
import { scriptRenameRepair, scriptSignatureOnly } from '../../../support/fetchScripts';
import { changedTexts, journaledRun, resumeRun, type JournalScenario } from '../../../support/journaledRun';
import { isEditCall, isFollowUp, isPlan, workerFile } from '../../../support/mockRequests';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

/** Only http.ts is planned: its new signature breaks both callers, which get follow-ups. */
const FOLLOW_UPS: JournalScenario = {
  files: FETCH_PROJECT,
  instruction: FETCH_SIGNATURE,
  script: (m) => {
    scriptSignatureOnly(m);
    m.on(isFollowUp(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
  },
  // Through the journal's own lines, as a resume reads them from disk.
  throughJournalText: true,
};

/** The importers are renamed, the declaration is not (its worker changes nothing): a repair of http.ts. */
const REPAIR: JournalScenario = {
  files: FETCH_PROJECT,
  instruction: FETCH_RENAME,
  script: scriptRenameRepair,
  throughJournalText: true,
};

const hash = (text: string): string => sha256Hex(text);

/** As `--json` prints it: a field left undefined in memory (absent once journaled) is the same outcome. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('follow-ups are journaled with their round and the hashes of the texts they started from', async () => {
  const run = await journaledRun(mock, FOLLOW_UPS);
  assert.deepEqual(changedTexts(run.result), FETCH_AFTER);
  assert.deepEqual(
    run.entries.map((e) => [
      e.record.id,
      e.record.origin,
      e.record.round,
      e.record.outcome.status,
      e.calls.length,
    ]),
    [
      ['s1', undefined, undefined, 'done', 1],
      ['follow-up:1:src/orders.ts', 'follow-up', 1, 'done', 1],
      ['follow-up:1:src/users.ts', 'follow-up', 1, 'done', 1],
    ],
  );
  const users = run.entries.find((e) => e.record.id === 'follow-up:1:src/users.ts')!.record;
  // Its own file as it was, and the declaration its error points into as the plan's worker left it.
  assert.deepEqual(users.base, {
    'src/users.ts': hash(FETCH_PROJECT['src/users.ts']!),
    'src/http.ts': hash(FETCH_AFTER['src/http.ts']!),
  });
  assert.deepEqual(users.proposals, [{ file: 'src/users.ts', after: FETCH_AFTER['src/users.ts'] }]);
  assert.equal(users.handler, 'llm');
});

test('a resume after the follow-ups reuses every journaled one: no call at all, the texts and cost of one run', async () => {
  const run = await journaledRun(mock, FOLLOW_UPS);
  const { result, journal, appended } = await resumeRun(mock, FOLLOW_UPS, run, () => true);
  assert.equal(mock.requests.filter(isPlan).length, 0);
  assert.equal(mock.requests.filter(isEditCall).length, 0, 'no worker and no follow-up asked again');
  assert.deepEqual(changedTexts(result), FETCH_AFTER);
  assert.deepEqual(asJson(result.outcomes), asJson(run.result.outcomes));
  assert.equal(result.verdict.kind, 'done');
  assert.equal(result.usage.costUsd, run.result.usage.costUsd);
  assert.deepEqual(result.usage.byRole, run.result.usage.byRole);
  assert.deepEqual(journal.summary(), { reused: ['s1'], rerun: [], stale: [] });
  assert.deepEqual(journal.fixes(), {
    reused: ['follow-up:1:src/orders.ts', 'follow-up:1:src/users.ts'],
    rerun: [],
    stale: [],
  });
  assert.deepEqual(appended, []);
});

test('a resume killed during the follow-ups asks only the follow-up that was not journaled', async () => {
  const run = await journaledRun(mock, FOLLOW_UPS);
  const { result, journal, appended } = await resumeRun(
    mock,
    FOLLOW_UPS,
    run,
    (e) => e.record.id !== 'follow-up:1:src/users.ts',
  );
  assert.deepEqual(mock.requests.filter(isEditCall).map(workerFile), ['src/users.ts']);
  assert.equal(mock.requests.filter(isFollowUp('src/users.ts')).length, 1);
  assert.deepEqual(changedTexts(result), FETCH_AFTER);
  assert.deepEqual(asJson(result.outcomes), asJson(run.result.outcomes));
  assert.equal(result.usage.costUsd, run.result.usage.costUsd);
  assert.deepEqual(journal.fixes(), {
    reused: ['follow-up:1:src/orders.ts'],
    rerun: ['follow-up:1:src/users.ts'],
    stale: [],
  });
  assert.deepEqual(
    appended.map((e) => [e.record.id, e.record.origin, e.record.round]),
    [['follow-up:1:src/users.ts', 'follow-up', 1]],
  );
});

test("a follow-up whose file changed since is run again on the file's new text, and named", async () => {
  const run = await journaledRun(mock, FOLLOW_UPS);
  const edited = `// users\n${FETCH_PROJECT['src/users.ts']}`;
  writeFileSync(join(run.dir, 'src/users.ts'), edited);
  const { result, journal } = await resumeRun(mock, FOLLOW_UPS, run, () => true);
  assert.deepEqual(mock.requests.filter(isEditCall).map(workerFile), ['src/users.ts']);
  assert.equal(mock.requests.filter(isFollowUp('src/users.ts')).length, 1);
  assert.deepEqual(changedTexts(result), {
    ...FETCH_AFTER,
    'src/users.ts': `// users\n${FETCH_AFTER['src/users.ts']}`,
  });
  assert.deepEqual(journal.fixes(), {
    reused: ['follow-up:1:src/orders.ts'],
    rerun: ['follow-up:1:src/users.ts'],
    stale: [{ id: 'follow-up:1:src/users.ts', file: 'src/users.ts', changed: ['src/users.ts'] }],
  });
});

test('a repair is journaled with the files its errors are in, and reused on resume while they hash the same', async () => {
  const run = await journaledRun(mock, REPAIR);
  assert.deepEqual(changedTexts(run.result), FETCH_RENAMED);
  const repair = run.entries.find((e) => e.record.origin === 'repair')?.record;
  assert.ok(repair, 'a journaled repair');
  assert.equal(repair.id, 'repair:1:src/http.ts');
  assert.equal(repair.round, 1);
  assert.deepEqual(repair.base, {
    'src/http.ts': hash(FETCH_PROJECT['src/http.ts']!),
    'src/orders.ts': hash(FETCH_RENAMED['src/orders.ts']!),
    'src/users.ts': hash(FETCH_RENAMED['src/users.ts']!),
  });

  const { result, journal } = await resumeRun(mock, REPAIR, run, () => true);
  assert.equal(mock.requests.filter(isEditCall).length, 0, 'no worker and no repair asked again');
  assert.deepEqual(changedTexts(result), FETCH_RENAMED);
  assert.equal(result.usage.costUsd, run.result.usage.costUsd);
  assert.deepEqual(journal.fixes(), { reused: ['repair:1:src/http.ts'], rerun: [], stale: [] });
});

test("a repair stays reusable when an importer's worker runs again and leaves the same text", async () => {
  const run = await journaledRun(mock, REPAIR);
  const { result, journal } = await resumeRun(
    mock,
    REPAIR,
    run,
    (e) => e.record.file !== 'src/users.ts' || e.record.origin !== undefined,
  );
  // The importer's worker runs again and leaves the same text, so the repair's files still hash the same.
  assert.deepEqual(mock.requests.filter(isEditCall).map(workerFile), ['src/users.ts']);
  assert.deepEqual(changedTexts(result), FETCH_RENAMED);
  assert.deepEqual(journal.fixes().reused, ['repair:1:src/http.ts']);
});
