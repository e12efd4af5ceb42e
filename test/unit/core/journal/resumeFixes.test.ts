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
import type { JournalEntry } from '../../../../src/core/journal/journalFormat';
import type { RefactorResult } from '../../../../src/core/runTypes';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT } from '../../../support/fetchProject';
import {
  journaledRun as journaledRunOn,
  resumeRun,
  type Journaled,
  type Resumed,
} from '../../../support/journaledRun';
import {
  isEditCall,
  isFollowUp,
  isPlan,
  isRepair,
  isWorker,
  workerFile,
} from '../../../support/mockRequests';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const SIGNATURE = 'make `fetchJson` take an options object';
const RENAME = 'rename `fetchJson` to `requestJson`';

/** Only http.ts is planned: its new signature breaks both callers, which get follow-ups. */
function scriptFollowUps(): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'fetchJson takes options.',
      subtasks: [
        { file: 'src/http.ts', handler: 'llm', instructions: 'Take { method } options.', priority: 10 },
      ],
    }),
  );
  mock.on(isWorker('src/http.ts'), toolUseReply(FETCH_EDITS['src/http.ts']));
  mock.on(isFollowUp(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
}

/** The importers are renamed, the declaration is not (its worker changes nothing): a repair of http.ts. */
function scriptRepair(): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Rename fetchJson to requestJson.',
      subtasks: ['src/http.ts', 'src/users.ts', 'src/orders.ts'].map((file) => ({
        file,
        handler: 'llm',
        instructions: 'Rename fetchJson to requestJson in this file.',
        priority: 5,
      })),
    }),
  );
  mock.on(isWorker('src/http.ts'), toolUseReply({ file: 'src/http.ts', edits: [], notes: 'nothing here' }));
  mock.on(isWorker(), (req) =>
    toolUseReply({
      file: workerFile(req),
      edits: [
        { search: 'import { fetchJson }', replace: 'import { requestJson }' },
        { search: 'return fetchJson(', replace: 'return requestJson(' },
      ],
    })(req),
  );
  mock.on(
    isRepair('src/http.ts'),
    toolUseReply({
      file: 'src/http.ts',
      edits: [{ search: 'function fetchJson(', replace: 'function requestJson(' }],
    }),
  );
}

const RENAMED: Record<string, string> = {
  'src/http.ts': `export async function requestJson(url: string, method: string): Promise<unknown> {
  return { url, method };
}
`,
  'src/users.ts': `import { requestJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return requestJson(\`/users/\${id}\`, 'GET');
}
`,
  'src/orders.ts': `import { requestJson } from './http';

export function createOrder(): Promise<unknown> {
  return requestJson('/orders', 'POST');
}
`,
};

const journaledRun = (instruction: string, script: () => void): Promise<Journaled> =>
  journaledRunOn(mock, FETCH_PROJECT, instruction, script);

const resume = (
  from: Journaled,
  instruction: string,
  script: () => void,
  keep: (e: JournalEntry) => boolean,
): Promise<Resumed> => resumeRun(mock, from, instruction, script, keep);

function texts(result: RefactorResult): Record<string, string> {
  return Object.fromEntries(result.changes.map((c) => [c.file, c.after]));
}

const hash = (text: string): string => sha256Hex(text);

/** As `--json` prints it: a field left undefined in memory (absent once journaled) is the same outcome. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

test('follow-ups are journaled with their round and the hashes of the texts they started from', async () => {
  const run = await journaledRun(SIGNATURE, scriptFollowUps);
  assert.deepEqual(texts(run.result), FETCH_AFTER);
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
  const run = await journaledRun(SIGNATURE, scriptFollowUps);
  const { result, journal, appended } = await resume(run, SIGNATURE, scriptFollowUps, () => true);
  assert.equal(mock.requests.filter(isPlan).length, 0);
  assert.equal(mock.requests.filter(isEditCall).length, 0, 'no worker and no follow-up asked again');
  assert.deepEqual(texts(result), FETCH_AFTER);
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
  const run = await journaledRun(SIGNATURE, scriptFollowUps);
  const { result, journal, appended } = await resume(
    run,
    SIGNATURE,
    scriptFollowUps,
    (e) => e.record.id !== 'follow-up:1:src/users.ts',
  );
  assert.deepEqual(mock.requests.filter(isEditCall).map(workerFile), ['src/users.ts']);
  assert.equal(mock.requests.filter(isFollowUp('src/users.ts')).length, 1);
  assert.deepEqual(texts(result), FETCH_AFTER);
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
  const run = await journaledRun(SIGNATURE, scriptFollowUps);
  const edited = `// users\n${FETCH_PROJECT['src/users.ts']}`;
  writeFileSync(join(run.dir, 'src/users.ts'), edited);
  const { result, journal } = await resume(run, SIGNATURE, scriptFollowUps, () => true);
  assert.deepEqual(mock.requests.filter(isEditCall).map(workerFile), ['src/users.ts']);
  assert.equal(mock.requests.filter(isFollowUp('src/users.ts')).length, 1);
  assert.deepEqual(texts(result), {
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
  const run = await journaledRun(RENAME, scriptRepair);
  assert.deepEqual(texts(run.result), RENAMED);
  const repair = run.entries.find((e) => e.record.origin === 'repair')?.record;
  assert.ok(repair, 'a journaled repair');
  assert.equal(repair.id, 'repair:1:src/http.ts');
  assert.equal(repair.round, 1);
  assert.deepEqual(repair.base, {
    'src/http.ts': hash(FETCH_PROJECT['src/http.ts']!),
    'src/orders.ts': hash(RENAMED['src/orders.ts']!),
    'src/users.ts': hash(RENAMED['src/users.ts']!),
  });

  const { result, journal } = await resume(run, RENAME, scriptRepair, () => true);
  assert.equal(mock.requests.filter(isEditCall).length, 0, 'no worker and no repair asked again');
  assert.deepEqual(texts(result), RENAMED);
  assert.equal(result.usage.costUsd, run.result.usage.costUsd);
  assert.deepEqual(journal.fixes(), { reused: ['repair:1:src/http.ts'], rerun: [], stale: [] });
});

test("a repair stays reusable when an importer's worker runs again and leaves the same text", async () => {
  const run = await journaledRun(RENAME, scriptRepair);
  const { result, journal } = await resume(
    run,
    RENAME,
    scriptRepair,
    (e) => e.record.file !== 'src/users.ts' || e.record.origin !== undefined,
  );
  // The importer's worker runs again and leaves the same text, so the repair's files still hash the same.
  assert.deepEqual(mock.requests.filter(isEditCall).map(workerFile), ['src/users.ts']);
  assert.deepEqual(texts(result), RENAMED);
  assert.deepEqual(journal.fixes().reused, ['repair:1:src/http.ts']);
});
