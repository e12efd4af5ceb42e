/**
 * Follow-ups respect the cap and the budget (a seeded property test over random plans, caps, concurrencies
 * and budgets), and the report and the preview mark them "added by the type-check". The engine through the
 * real SDK over HTTP against the loopback mock.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isOrchestraError } from '../../../../src/core/errors';
import { executeRun, planRun, runRefactor } from '../../../../src/core/pipeline';
import { formatRunReport } from '../../../../src/core/report';
import type { RefactorResult } from '../../../../src/core/runTypes';
import { previewProblems } from '../../../../src/vscode/preview/previewProblems';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { STRICT_TSCONFIG } from '../../../support/fetchProject';
import { isEditCall, isFollowUp, isPlan, isWorker, workerFile } from '../../../support/mockRequests';
import { mockDeps } from '../../../support/mockRun';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());

const API = 'src/api.ts';
const callerFile = (i: number): string => `src/c${i}.ts`;
const callerBefore = (i: number): string =>
  `import { area } from './api';\n\nexport const v${i} = area(${i});\n`;
const callerAfter = (i: number): string =>
  `import { area } from './api';\n\nexport const v${i} = area({ w: ${i} });\n`;
const API_BEFORE = 'export function area(w: number): number {\n  return w * w;\n}\n';
const API_AFTER = 'export function area(size: { w: number }): number {\n  return size.w * size.w;\n}\n';

function project(callers: number): Record<string, string> {
  const files: Record<string, string> = { 'tsconfig.json': STRICT_TSCONFIG, [API]: API_BEFORE };
  for (let i = 1; i <= callers; i++) files[callerFile(i)] = callerBefore(i);
  return files;
}

/** A worker's reply costs $0.0031 (600 input + 500 output tokens of claude-haiku-4-5), under its reservation. */
const WORKER_USAGE = { usage: { input_tokens: 600, output_tokens: 500 } };

function editsFor(file: string | undefined): unknown {
  if (file === API) {
    return {
      file,
      edits: [
        { search: 'area(w: number)', replace: 'area(size: { w: number })' },
        { search: 'return w * w;', replace: 'return size.w * size.w;' },
      ],
    };
  }
  const i = Number(/c(\d+)\.ts$/.exec(file ?? '')?.[1]);
  return { file, edits: [{ search: `area(${i})`, replace: `area({ w: ${i} })` }] };
}

function script(planned: string[]): void {
  mock.reset();
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'area takes a size object.',
      subtasks: planned.map((file) => ({
        file,
        handler: 'llm',
        instructions: file === API ? 'Take { w }.' : 'Pass { w }.',
        priority: file === API ? 10 : 5,
      })),
    }),
  );
  mock.on(isEditCall, (req) => toolUseReply(editsFor(workerFile(req)), WORKER_USAGE)(req));
}

test('follow-ups never take the run past maxWorkers subtasks or the budget, and none is dropped silently (seeded)', async () => {
  const seen = { droppedCap: 0, skippedBudget: 0, followUpsDone: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 2, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.constantFrom(0.018, 0.021, 0.025, 1),
      async (callers, plannedCallersRaw, extraSlotsRaw, maxConcurrency, budgetUsd) => {
        const plannedCallers = Math.min(plannedCallersRaw, callers);
        const planned = [API, ...Array.from({ length: plannedCallers }, (_, k) => callerFile(k + 1))];
        const maxWorkers = planned.length + Math.min(extraSlotsRaw, callers - plannedCallers);
        script(planned);
        const deps = await mockDeps(mock, project(callers), {
          maxWorkers,
          maxConcurrency,
          budgetUsd,
          workerMaxTokens: 512,
          orchestratorMaxTokens: 256,
        });
        let result: RefactorResult;
        try {
          result = await runRefactor(deps, { instruction: 'make `area` take a size object' });
        } catch (e) {
          // The plan's own estimate over the budget: refused before any worker, so no follow-up either.
          assert.ok(isOrchestraError(e) && e.reason === 'budget-exceeded', String(e));
          assert.equal(mock.requests.filter(isEditCall).length, 0);
          return;
        }
        const subtasks = result.outcomes.filter((o) => o.status !== 'dropped-cap');
        assert.ok(subtasks.length <= maxWorkers, `${subtasks.length} subtasks > cap ${maxWorkers}`);
        const editedFiles = new Set(mock.requests.filter(isEditCall).map((r) => workerFile(r)));
        assert.ok(editedFiles.size <= maxWorkers, `${editedFiles.size} files called > cap ${maxWorkers}`);
        assert.ok(result.usage.costUsd <= budgetUsd, `spent ${result.usage.costUsd} of ${budgetUsd}`);

        const followUps = result.outcomes.filter((o) => o.origin === 'follow-up');
        const apiChanged = result.changes.some((c) => c.file === API);
        for (let i = plannedCallers + 1; i <= callers; i++) {
          const file = callerFile(i);
          const outcome = followUps.find((o) => o.file === file);
          // Every omitted caller the change broke is a follow-up outcome: run, or listed with why not.
          if (apiChanged) assert.ok(outcome, `${file} has no follow-up outcome`);
          if (outcome === undefined) continue;
          if (outcome.status === 'done') {
            seen.followUpsDone++;
            assert.equal(result.changes.find((c) => c.file === file)?.after, callerAfter(i));
          } else {
            assert.ok(outcome.reason, `${file} ${outcome.status} without a reason`);
            assert.notEqual(result.verdict.kind, 'done');
            if (outcome.status === 'dropped-cap') seen.droppedCap++;
            if (outcome.status === 'skipped-budget') seen.skippedBudget++;
          }
        }
        // Follow-ups beyond the cap never reach the mock.
        for (const o of followUps.filter((f) => f.status === 'dropped-cap'))
          assert.equal(mock.requests.filter(isFollowUp(o.file)).length, 0);
        if (result.verdict.kind === 'done') {
          assert.equal(result.changes.find((c) => c.file === API)?.after, API_AFTER);
          for (let i = 1; i <= callers; i++)
            assert.equal(result.changes.find((c) => c.file === callerFile(i))?.after, callerAfter(i));
        }
      },
    ),
    { seed: 20261202, numRuns: 10 },
  );
  // The seed exercises every branch: follow-ups run, beyond the cap, and stopped by the budget.
  assert.ok(seen.followUpsDone > 0, JSON.stringify(seen));
  assert.ok(seen.droppedCap > 0, JSON.stringify(seen));
  assert.ok(seen.skippedBudget > 0, JSON.stringify(seen));
});

test('the run report and the preview mark a follow-up as added by the type-check', async () => {
  script([API]);
  const deps = await mockDeps(mock, project(2), { maxWorkers: 2 });
  const result = await runRefactor(deps, { instruction: 'make `area` take a size object' });
  assert.equal(mock.requests.filter(isWorker()).length, 1);
  assert.deepEqual(
    mock.requests.filter(isFollowUp()).map((r) => workerFile(r)),
    ['src/c1.ts'],
  );
  const report = formatRunReport(result);
  assert.match(
    report,
    /^\| src\/c1\.ts \| llm \| done \(added by the type-check\) \| 1 \| \$0\.0031 \| {2}\|$/m,
  );
  assert.match(
    report,
    /^\| src\/c2\.ts \| llm \| dropped-cap \(added by the type-check\) \| 0 \| \$0\.0000 \| not run: /m,
  );
  assert.match(report, /^\| src\/api\.ts \| llm \| done \| 1 \| /m);
  assert.deepEqual(
    previewProblems(result)
      .filter((p) => p.kind === 'subtask')
      .map((p) => p.label),
    ['$(warning) src/c2.ts: dropped-cap (added by the type-check)'],
  );
});

test('files the user unticked in the review are not added back as follow-ups: their errors are reported', async () => {
  script([API, callerFile(1), callerFile(2)]);
  const deps = await mockDeps(mock, project(2));
  const planned = await planRun(deps, { instruction: 'make `area` take a size object' });
  const edited = { ...planned.plan, subtasks: planned.plan.subtasks.filter((s) => s.file === API) };
  const result = await executeRun(deps, planned, edited);
  assert.equal(mock.requests.filter(isFollowUp()).length, 0);
  assert.deepEqual(
    result.outcomes.map((o) => `${o.file} ${o.status}`),
    ['src/api.ts done'],
  );
  assert.deepEqual(
    result.diagnostics.introduced.map((d) => `${d.file}:${d.line} TS${d.code}`),
    ['src/c1.ts:3 TS2345', 'src/c2.ts:3 TS2345'],
  );
  assert.equal(result.verdict.kind, 'type-errors');
});
