/**
 * Follow-ups go through the scope check like the plan's workers: a follow-up that fixes its caller and also
 * adds something unrelated has that hunk reported — kept (exit 8) or dropped with --strict-scope (exit 0).
 * In-process CLI, real SDK, loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { OutOfScopeHunk, SubtaskOutcome } from '../../../src/core/runTypes';
import { cli, cliMock } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT } from '../../support/fetchProject';
import { isFollowUp, isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const api = cliMock();

interface Report {
  outOfScope: OutOfScopeHunk[];
  outcomes: SubtaskOutcome[];
}

const SIGNATURE = 'make `fetchJson` take an options object';
const EXTRA = 'export const cacheSize = 64;';

/** Only http.ts is planned; users.ts's follow-up fixes its call and appends an unrelated constant. */
function script(): void {
  api.mock.on(
    isPlan,
    toolUseReply({
      summary: 'fetchJson takes options.',
      subtasks: [
        { file: 'src/http.ts', handler: 'llm', instructions: 'Take { method } options.', priority: 10 },
      ],
    }),
  );
  api.mock.on(isWorker('src/http.ts'), toolUseReply(FETCH_EDITS['src/http.ts']));
  api.mock.on(
    isFollowUp('src/users.ts'),
    toolUseReply({ file: 'src/users.ts', edits: [], content: `${FETCH_AFTER['src/users.ts']}\n${EXTRA}\n` }),
  );
  api.mock.on(isFollowUp(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
}

const HUNK: OutOfScopeHunk = {
  subtask: 'src/users.ts',
  file: 'src/users.ts',
  line: 6,
  removed: [],
  added: ['', EXTRA],
  dropped: false,
};

test("a follow-up's unrelated hunk is reported and kept: not done (exit 8)", async () => {
  const dir = writeTree(FETCH_PROJECT);
  script();
  const run = await cli(['refactor', SIGNATURE, '--cwd', dir, '--apply', '--json'], api.env);
  assert.equal(run.code, ExitCode.partial, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.outOfScope, [HUNK]);
  assert.match(run.stderr, /^ {2}warn: src\/users\.ts:6: out-of-scope hunk kept \(follow-up\)$/m);
  assert.deepEqual(readTree(dir, ['src/users.ts', 'src/orders.ts']), {
    'src/users.ts': `${FETCH_AFTER['src/users.ts']}\n${EXTRA}\n`,
    'src/orders.ts': FETCH_AFTER['src/orders.ts'],
  });
  assert.equal(api.mock.requests.filter(isFollowUp()).length, 2);
});

test('with --strict-scope the follow-up keeps only its fix: done (exit 0), the hunk listed as dropped', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script();
  const run = await cli(
    ['refactor', SIGNATURE, '--cwd', dir, '--apply', '--json', '--strict-scope'],
    api.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.outOfScope, [{ ...HUNK, dropped: true }]);
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), FETCH_AFTER);
  assert.deepEqual(
    report.outcomes.map((o) => `${o.file} ${o.status} ${o.origin ?? 'plan'}`),
    ['src/http.ts done plan', 'src/orders.ts done follow-up', 'src/users.ts done follow-up'],
  );
});
