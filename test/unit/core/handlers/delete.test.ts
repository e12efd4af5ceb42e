/**
 * The 'delete' handler: refused at planning while a file no step rewrites imports it, refused after the merge
 * when a worker kept the import, done when the plan removes every import of it. Real SDK, loopback mock.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { runRefactor } from '../../../../src/core/pipeline';
import { OrchestraError } from '../../../../src/core/errors';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { isEditCall, isPlan, isWorker } from '../../../support/mockRequests';
import { mockDeps } from '../../../support/mockRun';
import { TSCONFIG } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const FILES = {
  'tsconfig.json': TSCONFIG,
  'src/legacy.ts': `export function oldFormat(n: number): string {
  return n.toFixed(2);
}
`,
  'src/format.ts': `export function format(n: number): string {
  return n.toFixed(2);
}
`,
  'src/report.ts': `import { oldFormat } from './legacy';
import { format } from './format';

export const line = oldFormat(1) + format(2);
`,
};

const DELETE: Subtask = {
  file: 'src/legacy.ts',
  handler: 'delete',
  instructions: 'remove the legacy formatter',
  priority: 10,
};
const IMPORTER: Subtask = {
  file: 'src/report.ts',
  handler: 'llm',
  instructions: 'use format instead of oldFormat and drop the legacy import',
  priority: 9,
};

test('refused at planning while imported: the message names the importer, nothing runs', async () => {
  mock.on(isPlan, toolUseReply({ summary: 'Drop the legacy formatter.', subtasks: [DELETE] }));
  const deps = await mockDeps(mock, FILES);
  await assert.rejects(runRefactor(deps, { instruction: 'delete src/legacy.ts' }), (e: unknown) => {
    assert.ok(e instanceof OrchestraError);
    assert.match(
      e.message,
      /src\/legacy\.ts: cannot delete src\/legacy\.ts: it is still imported by src\/report\.ts; add an llm subtask removing that import from each \(or delete those files too\), or leave the file/,
    );
    return true;
  });
  // The plan was re-asked once with the problem, then refused; no worker ran.
  assert.equal(mock.requests.filter(isPlan).length, 2);
  assert.match(
    mock.requests[1]!.userText,
    /cannot delete src\/legacy\.ts: it is still imported by src\/report\.ts/,
  );
  assert.equal(mock.requests.filter(isEditCall).length, 0);
});

test('refused after the merge when the importer still imports it: named, the file kept', async () => {
  mock.on(isPlan, toolUseReply({ summary: 'Drop the legacy formatter.', subtasks: [DELETE, IMPORTER] }));
  // The worker changes the call but keeps the import.
  mock.on(
    isWorker('src/report.ts'),
    toolUseReply({
      file: 'src/report.ts',
      edits: [{ search: 'oldFormat(1) + format(2)', replace: 'oldFormat(1) + format(3)' }],
    }),
  );
  const deps = await mockDeps(mock, FILES);
  const result = await runRefactor(deps, { instruction: 'delete src/legacy.ts' });
  assert.deepEqual(
    result.changes.map((c) => [c.file, c.deleted ?? false]),
    [['src/report.ts', false]],
  );
  const outcome = result.outcomes.find((o) => o.handler === 'delete');
  assert.deepEqual(outcome, {
    file: 'src/legacy.ts',
    handler: 'delete',
    costUsd: 0,
    attempts: 0,
    status: 'failed',
    errorReason: 'bad-input',
    reason:
      'not deleted: src/legacy.ts would still be imported by src/report.ts after the run; remove those imports ' +
      '(or delete those files too) and run again',
  });
  assert.equal(result.verdict.kind, 'refused');
});

test('done when the plan also removes its import: the importer rewritten, the file deleted, type-check clean', async () => {
  mock.on(isPlan, toolUseReply({ summary: 'Drop the legacy formatter.', subtasks: [DELETE, IMPORTER] }));
  mock.on(
    isWorker('src/report.ts'),
    toolUseReply({
      file: 'src/report.ts',
      edits: [
        { search: "import { oldFormat } from './legacy';\n", replace: '' },
        { search: 'oldFormat(1) + format(2)', replace: 'format(1) + format(2)' },
      ],
    }),
  );
  const deps = await mockDeps(mock, FILES);
  const result = await runRefactor(deps, { instruction: 'delete src/legacy.ts' });
  assert.deepEqual(
    result.changes.map(({ file, before, after, isNew, deleted }) => ({
      file,
      before,
      after,
      isNew,
      deleted,
    })),
    [
      { file: 'src/legacy.ts', before: FILES['src/legacy.ts'], after: '', isNew: false, deleted: true },
      {
        file: 'src/report.ts',
        before: FILES['src/report.ts'],
        after: `import { format } from './format';

export const line = format(1) + format(2);
`,
        isNew: false,
        deleted: undefined,
      },
    ],
  );
  assert.deepEqual(result.diagnostics.introduced, []);
  assert.equal(result.verdict.kind, 'done', result.verdict.message);
  assert.deepEqual(result.outcomes.find((o) => o.handler === 'delete')?.status, 'done');
  assert.equal(
    mock.requests.filter(isEditCall).length,
    1,
    'one worker, for the importer; none for the delete',
  );
});
