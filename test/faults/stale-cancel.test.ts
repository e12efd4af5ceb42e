/**
 * Stale files and all-or-nothing apply through the CLI; cancellation at each stage
 * (planning, mid-dispatch, repair) through planRun/executeRun and through the CLI's io.signal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/exitCodes';
import { OrchestraError } from '../../src/core/errors';
import { executeRun, planRun } from '../../src/core/pipeline';
import type { PipelineEvent } from '../../src/core/runTypes';
import { type MockAnthropic, toolUseReply, type MockReplyFn } from '../mock-anthropic/server';
import { cli } from '../support/cli';
import { isPlan, isRepair, isWorker, workerFile } from '../support/mockRequests';
import { writeTree } from '../support/tempTree';
import {
  envFor,
  lockFolder,
  mockPerFile,
  pipelineDeps,
  planOf,
  sleep,
  snapshot,
  TRIO,
  TRIO_EDITS,
  TRIO_FILES,
  TRIO_INSTRUCTION,
  waitFor,
  PINNED,
} from './helpers';

let mock: MockAnthropic;
mockPerFile((m) => (mock = m), { settle: true });

const good: MockReplyFn = (req) => toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!)(req);
const b64 = (text: string): string => Buffer.from(text).toString('base64');

// ---------------------------------------------------------------- stale files, all-or-nothing apply

test('files edited and deleted between plan and apply are refused and listed; nothing is written (exit 7)', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
  mock.on(isWorker(), (req) => {
    if (workerFile(req) === 'src/c.ts') {
      // The user keeps working while the last worker runs.
      writeFileSync(join(dir, 'src/b.ts'), '// edited by the user\n');
      rmSync(join(dir, 'src/a.ts'));
    }
    return good(req);
  });
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--max-concurrency', '1'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
  assert.match(
    run.stderr,
    /error: src\/a\.ts was deleted since planning; src\/b\.ts changed since planning; re-run the refactoring \(nothing was written\)\./,
  );
  const expected = snapshot(writeTree(TRIO));
  delete expected['src/a.ts'];
  expected['src/b.ts'] = b64('// edited by the user\n');
  assert.deepEqual(snapshot(dir), expected, 'the user’s edits stand, c.ts is not written either');
});

test('a new file created by the user since planning is not overwritten (exit 7)', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, toolUseReply(planOf(['src/a.ts', { file: 'src/d.ts', handler: 'create' }])));
  mock.on(isWorker('src/d.ts'), (req) => {
    writeFileSync(join(dir, 'src/d.ts'), 'export const mine = 1;\n');
    return toolUseReply({ file: 'src/d.ts', content: 'export const delta = 4;\n' })(req);
  });
  mock.on(isWorker(), good);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--max-concurrency', '1'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
  assert.match(
    run.stderr,
    /error: src\/d\.ts already exists \(created since planning\); re-run the refactoring/,
  );
  assert.deepEqual(snapshot(dir), {
    ...snapshot(writeTree(TRIO)),
    'src/d.ts': b64('export const mine = 1;\n'),
  });
});

test('apply is all-or-nothing: a write failing after two succeeded restores them (exit 7, tree unchanged)', async (t) => {
  const dir = writeTree({ ...TRIO, 'zz/z.ts': 'export const z = 26;\n' });
  // Writes go in path order: src/a.ts, src/b.ts, then zz/z.ts, whose folder refuses the temp file.
  const unlock = lockFolder(join(dir, 'zz'));
  if (!unlock) return t.skip('cannot make a folder unwritable here');
  t.after(unlock);
  const before = snapshot(dir);
  mock.on(isPlan, toolUseReply(planOf(['src/a.ts', 'src/b.ts', 'zz/z.ts'])));
  mock.on(isWorker('zz/z.ts'), toolUseReply({ file: 'zz/z.ts', edits: [{ search: '26', replace: '27' }] }));
  mock.on(isWorker(), good);
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), PINNED);
  assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
  assert.match(
    run.stderr,
    /error: Could not write zz\/z\.ts \((EACCES|EPERM)[^)]*\); the 2 file\(s\) already written were restored\. Check permissions and re-run\./,
  );
  assert.deepEqual(snapshot(dir), before, 'a.ts and b.ts restored, no temp file left');
});

test('a plan creating a file under a path that is a file (src/c.ts/extra.ts) is refused, not a crash', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, toolUseReply(planOf(['src/a.ts', { file: 'src/c.ts/extra.ts', handler: 'create' }])));
  mock.on(isWorker(), good);
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), PINNED);
  // The rejected step never ran: the rest of the plan is not the whole change.
  assert.equal(run.code, ExitCode.partial, run.stderr);
  assert.match(
    run.stderr,
    /rejected: src\/c\.ts\/extra\.ts: src\/c\.ts is a file, so it cannot hold a new file/,
  );
  assert.match(
    run.stderr,
    /^Not done: plan step src\/c\.ts\/extra\.ts rejected: src\/c\.ts is a file, so it cannot hold a new file\. 1 file\(s\) changed/m,
  );
  assert.match(mock.requests.filter(isPlan)[1]!.userText, /src\/c\.ts\/extra\.ts: src\/c\.ts is a file/);
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile), ['src/a.ts']);
});

// ---------------------------------------------------------------- cancellation

const SIX = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [`src/s${i}.ts`, `export const s${i} = ${i};\n`]),
);
const SIX_FILES = Object.keys(SIX);
const sixEdit: MockReplyFn = (req) => {
  const file = workerFile(req) ?? '';
  const i = SIX_FILES.indexOf(file);
  return toolUseReply(
    {
      file,
      edits: [{ search: `export const s${i} = ${i};`, replace: `// six\nexport const s${i} = ${i};` }],
    },
    { usage: { input_tokens: 500, output_tokens: 50 } },
  )(req);
};

/** Asserts no request reaches the mock after the abort, and every in-flight one was closed. */
async function assertQuietAfterAbort(requestsAtAbort: number): Promise<void> {
  await waitFor(() => mock.inFlight === 0, 1_000, 'in-flight requests to be aborted');
  await sleep(150);
  assert.equal(mock.requests.length, requestsAtAbort, 'no call after the abort');
}

test('cancel during planning: the plan request is aborted, planRun rejects at once, nothing further is sent', async () => {
  const dir = writeTree(TRIO);
  const controller = new AbortController();
  const events: PipelineEvent[] = [];
  const deps = await pipelineDeps(mock, dir, { timeoutMs: 60_000 }, { signal: controller.signal, events });
  mock.on(isPlan, { hang: true });
  const planning = planRun(deps, { instruction: TRIO_INSTRUCTION });
  await waitFor(() => mock.inFlight === 1, 5_000, 'the plan request');
  const abortedAt = Date.now();
  controller.abort();
  await assert.rejects(planning, (e: unknown) => e instanceof OrchestraError && e.reason === 'cancelled');
  assert.ok(Date.now() - abortedAt < 500, `${Date.now() - abortedAt} ms to stop`);
  await assertQuietAfterAbort(1);
  assert.equal(events.filter((e) => e.type === 'usage').length, 0, 'an aborted call is not billed');
});

test('cancel after a billed plan attempt: the spend so far is reported through usage events', async () => {
  const dir = writeTree(TRIO);
  const controller = new AbortController();
  const events: PipelineEvent[] = [];
  const deps = await pipelineDeps(mock, dir, { timeoutMs: 60_000 }, { signal: controller.signal, events });
  mock.on(isPlan, toolUseReply('not json', { usage: { input_tokens: 1_000, output_tokens: 100 } }), {
    times: 1,
  });
  mock.on(isPlan, { hang: true });
  const planning = planRun(deps, { instruction: TRIO_INSTRUCTION });
  await waitFor(() => mock.requests.length === 2 && mock.inFlight === 1, 5_000, 'the plan retry');
  controller.abort();
  await assert.rejects(planning, (e: unknown) => e instanceof OrchestraError && e.reason === 'cancelled');
  await assertQuietAfterAbort(2);
  const usage = events.filter((e) => e.type === 'usage');
  assert.deepEqual(
    usage.map((e) => [e.calls, e.costUsd]),
    [[1, 0.0045]],
  );
});

test('cancel mid-dispatch: no new worker starts, in-flight workers are aborted, spend so far is reported, nothing changes', async () => {
  const dir = writeTree(SIX);
  const controller = new AbortController();
  const deps = await pipelineDeps(
    mock,
    dir,
    { timeoutMs: 60_000, maxConcurrency: 2 },
    { signal: controller.signal },
  );
  mock.on(isPlan, toolUseReply(planOf(SIX_FILES), { usage: { input_tokens: 1_000, output_tokens: 100 } }));
  mock.on(isWorker('src/s0.ts'), sixEdit);
  mock.on(isWorker(), { hang: true });
  const planned = await planRun(deps, { instruction: 'comment every `s0`' });
  const executing = executeRun(deps, planned);
  // s0 answers at once; s1 and s2 then hang in flight.
  await waitFor(
    () => mock.requests.filter(isWorker()).length === 3 && mock.inFlight === 2,
    5_000,
    'two hanging workers',
  );
  const abortedAt = Date.now();
  controller.abort();
  const result = await executing;
  assert.ok(Date.now() - abortedAt < 500, `${Date.now() - abortedAt} ms to stop`);
  await assertQuietAfterAbort(4);
  assert.equal(result.cancelled, true);
  assert.deepEqual(result.changes, []);
  assert.deepEqual(
    result.outcomes.map((o) => [o.file, o.status, o.attempts]),
    [
      ['src/s0.ts', 'done', 1],
      ['src/s1.ts', 'cancelled', 1],
      ['src/s2.ts', 'cancelled', 1],
      ['src/s3.ts', 'cancelled', 0],
      ['src/s4.ts', 'cancelled', 0],
      ['src/s5.ts', 'cancelled', 0],
    ],
  );
  // Plan (Sonnet 1000 in + 100 out) + s0 (Haiku 500 in + 50 out); the aborted calls are not billed.
  assert.equal(result.usage.calls, 2);
  assert.equal(result.usage.costUsd, 0.00525);
  assert.deepEqual(snapshot(dir), snapshot(writeTree(SIX)));
});

test('cancel during repair: the repair call is aborted, no further call, no change returned', async () => {
  const dir = writeTree(TRIO);
  const controller = new AbortController();
  const deps = await pipelineDeps(mock, dir, { timeoutMs: 60_000 }, { signal: controller.signal });
  mock.on(isPlan, toolUseReply(planOf(['src/a.ts'])));
  // The worker's edit introduces a type error in its own file, so a repair call follows.
  mock.on(
    isWorker('src/a.ts'),
    toolUseReply({
      file: 'src/a.ts',
      edits: [{ search: 'export const alpha = 1;', replace: "export const alpha: number = 'one';" }],
    }),
  );
  mock.on(isRepair(), { hang: true });
  const planned = await planRun(deps, { instruction: TRIO_INSTRUCTION });
  const executing = executeRun(deps, planned);
  await waitFor(() => mock.requests.some(isRepair()) && mock.inFlight === 1, 10_000, 'the repair request');
  controller.abort();
  const result = await executing;
  await assertQuietAfterAbort(3);
  assert.equal(result.cancelled, true);
  assert.deepEqual(result.changes, []);
  assert.equal(result.usage.calls, 2, 'plan + worker billed; the aborted repair is not');
  assert.deepEqual(snapshot(dir), snapshot(writeTree(TRIO)));
});

test('CLI: cancel mid-dispatch with --apply → exit 130, spend so far printed, nothing written', async () => {
  const dir = writeTree(SIX);
  const before = snapshot(dir);
  const controller = new AbortController();
  mock.on(isPlan, toolUseReply(planOf(SIX_FILES), { usage: { input_tokens: 1_000, output_tokens: 100 } }));
  mock.on(isWorker('src/s0.ts'), sixEdit);
  mock.on(isWorker(), { hang: true });
  const running = cli(
    ['refactor', 'comment every `s0`', '--cwd', dir, '--apply', '--max-concurrency', '2', '--timeout', '60'],
    envFor(mock),
    { ...PINNED, signal: controller.signal },
  );
  await waitFor(
    () => mock.requests.filter(isWorker()).length === 3 && mock.inFlight === 2,
    5_000,
    'two hanging workers',
  );
  controller.abort();
  const run = await running;
  assert.equal(run.code, ExitCode.cancelled, run.stderr);
  assert.match(
    run.stderr,
    /error: The run was cancelled; nothing was written\. Spent so far: 2 calls, .*\$0\.0053/,
  );
  await assertQuietAfterAbort(4);
  assert.deepEqual(snapshot(dir), before);
});
