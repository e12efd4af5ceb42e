/**
 * Budget and cap. Property-based (fast-check) over random plans, random token usages scripted in
 * the mock's replies and random failures, driving planRun/executeRun through the REAL SDK; plus the pre-run
 * refusal of an over-budget plan and the post-run cost alert through the CLI.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExitCode } from '../../src/cli/exitCodes';
import { RunConfigSchema } from '../../src/core/config';
import { isOrchestraError } from '../../src/core/errors';
import { executeRun, planRun, type PlannedRun, type RunDeps } from '../../src/core/pipeline';
import type { RefactorResult } from '../../src/core/runTypes';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import type { Workspace } from '../../src/core/workspace/workspace';
import {
  MockAnthropic,
  serverErrorReply,
  textReply,
  toolUseReply,
  type MockReply,
} from '../mock-anthropic/server';
import { cli } from '../support/cli';
import { isPlan, isWorker, workerFile } from '../support/mockRequests';
import { writeTree } from '../support/tempTree';
import {
  envFor,
  faultClient,
  MODELS,
  planOf,
  snapshot,
  TRIO,
  TRIO_EDITS,
  TRIO_FILES,
  TRIO_INSTRUCTION,
  waitFor,
  type JsonReport,
  PINNED,
} from './helpers';

const N = 8;
const FILES = Array.from({ length: N }, (_, i) => `src/f${i}.ts`);
const line = (i: number): string => `export const v${i} = ${i};`;

let mock: MockAnthropic;
let dir: string;
let workspace: Workspace;
before(async () => {
  mock = await MockAnthropic.start();
  dir = writeTree(
    Object.fromEntries(FILES.map((f, i) => [f, `${line(i)}\nexport const w${i} = v${i} + 1;\n`])),
  );
  // One workspace for every property run: runs only read it, and the type-checker warms up once.
  workspace = await openWorkspace(dir);
});
after(() => mock.close());

type Behaviour = 'ok' | 'bad-edit-once' | 'bad-edit' | 'refuse' | 'error-500-once';

interface WorkerScript {
  behaviour: Behaviour;
  inputTokens: number;
  outputTokens: number;
  delayMs: number;
}

const workerScript = (maxOutput: number, undercount: boolean): fc.Arbitrary<WorkerScript> =>
  fc.record({
    behaviour: fc.constantFrom<Behaviour>(
      'ok',
      'ok',
      'ok',
      'bad-edit-once',
      'bad-edit',
      'refuse',
      'error-500-once',
    ),
    // Every worker prompt is estimated at > 600 tokens, so ≤ 300 never under-counts; up to 30k often does.
    inputTokens: undercount ? fc.integer({ min: 0, max: 30_000 }) : fc.integer({ min: 0, max: 300 }),
    outputTokens: fc.integer({ min: 1, max: maxOutput }),
    delayMs: fc.integer({ min: 0, max: 12 }),
  });

interface Case {
  subtasks: Array<{ file: string; priority: number }>;
  cap: number;
  concurrency: number;
  budgetUsd: number;
  workerMaxTokens: number;
  scripts: Record<string, WorkerScript>;
}

const caseArb = (undercount: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      files: fc.shuffledSubarray(FILES, { minLength: 1, maxLength: N }),
      priorities: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: N, maxLength: N }),
      cap: fc.integer({ min: 1, max: 6 }),
      concurrency: fc.integer({ min: 1, max: 4 }),
      budgetUsd: fc.integer({ min: 20, max: 160 }).map((c) => c / 1000),
      workerMaxTokens: fc.constantFrom(256, 1024, 4096, 8192),
    })
    .chain((c) =>
      fc.tuple(...FILES.map(() => workerScript(c.workerMaxTokens, undercount))).map((scripts) => ({
        subtasks: c.files.map((file, i) => ({ file, priority: c.priorities[i]! })),
        cap: c.cap,
        concurrency: c.concurrency,
        budgetUsd: c.budgetUsd,
        workerMaxTokens: c.workerMaxTokens,
        scripts: Object.fromEntries(FILES.map((f, i) => [f, scripts[i]!])),
      })),
    );

function script(c: Case): void {
  mock.reset();
  mock.on(isPlan, toolUseReply(planOf(c.subtasks), { usage: { input_tokens: 1_000, output_tokens: 100 } }));
  const seen = new Map<string, number>();
  mock.on(isWorker(), (req): MockReply => {
    const file = workerFile(req) ?? '';
    const n = (seen.get(file) ?? 0) + 1;
    seen.set(file, n);
    const s = c.scripts[file]!;
    const i = FILES.indexOf(file);
    const opts = {
      usage: { input_tokens: s.inputTokens, output_tokens: s.outputTokens },
      delayMs: s.delayMs,
    };
    const edit = (search: string): MockReply =>
      toolUseReply({ file, edits: [{ search, replace: `// touched\n${line(i)}` }] }, opts)(req) as MockReply;
    if (s.behaviour === 'refuse')
      return textReply('No.', { ...opts, stopReason: 'refusal' })(req) as MockReply;
    if (s.behaviour === 'error-500-once' && n === 1) return { ...serverErrorReply(), delayMs: s.delayMs };
    if (s.behaviour === 'bad-edit' || (s.behaviour === 'bad-edit-once' && n === 1))
      return edit('not in the file');
    return edit(line(i));
  });
}

function depsFor(c: Case): RunDeps {
  const config = RunConfigSchema.parse({
    maxWorkers: c.cap,
    maxConcurrency: c.concurrency,
    budgetUsd: c.budgetUsd,
    workerMaxTokens: c.workerMaxTokens,
    orchestratorMaxTokens: 1024,
    models: MODELS,
    maxRetries: 1,
    timeoutMs: 5_000,
  });
  const client = faultClient(mock, config, { baseDelayMs: 5, maxDelayMs: 10 });
  return { workspace, client, config };
}

interface Observed {
  planned: PlannedRun | undefined;
  result: RefactorResult | undefined;
  refusedBeforeDispatch: string | undefined;
}

async function run(c: Case): Promise<Observed> {
  await waitFor(() => mock.inFlight === 0, 2_000, 'the previous run to settle');
  script(c);
  const deps = depsFor(c);
  let planned: PlannedRun | undefined;
  try {
    planned = await planRun(deps, { instruction: 'add a comment above `v0`' });
    return { planned, result: await executeRun(deps, planned), refusedBeforeDispatch: undefined };
  } catch (e) {
    if (isOrchestraError(e) && e.reason === 'budget-exceeded')
      return { planned, result: undefined, refusedBeforeDispatch: e.message };
    throw e;
  }
}

const money = (s: string): number[] => [...s.matchAll(/\$(\d+\.\d+)/g)].map((m) => Number(m[1]));

function checkCapAndConcurrency(c: Case, o: Observed): void {
  const workerRequests = mock.requests.filter(isWorker());
  const started = new Set(workerRequests.map(workerFile));
  // Never more subtasks dispatched than the cap, nor more requests in flight than the concurrency.
  assert.ok(started.size <= c.cap, `${started.size} subtasks started, cap ${c.cap}`);
  assert.ok(mock.maxInFlight <= c.concurrency, `${mock.maxInFlight} in flight, concurrency ${c.concurrency}`);
  for (const f of started)
    assert.ok(
      c.subtasks.some((s) => s.file === f),
      `${f} was not planned`,
    );
  if (o.refusedBeforeDispatch !== undefined) {
    assert.equal(workerRequests.length, 0, 'a refused plan runs no worker');
    if (o.planned) {
      // The refusal shows the estimate and the budget.
      assert.match(
        o.refusedBeforeDispatch,
        /^the plan is estimated at \$\d+\.\d{4} but the budget is \$\d+\.\d{2}/,
      );
      assert.ok(o.planned.estimate.workersUsd > c.budgetUsd - o.planned.state.ledger.totalUsd());
    }
    return;
  }
  const r = o.result!;
  assert.equal(r.outcomes.length, Math.min(c.cap, c.subtasks.length));
  for (const outcome of r.outcomes) {
    const asked = workerRequests.filter((q) => workerFile(q) === outcome.file).length;
    if (outcome.attempts === 0) assert.equal(asked, 0, `${outcome.file} was not started but reached the API`);
  }
}

function checkBudget(c: Case, o: Observed, undercount: boolean): void {
  const ledger = o.planned?.state.ledger;
  const spent = ledger?.totalUsd() ?? 0;
  if (!undercount) {
    assert.ok(spent <= c.budgetUsd, `spent ${spent} > budget ${c.budgetUsd}`);
  } else {
    // Only calls whose input the estimate under-counted can push spend over; at most `concurrency` overlap.
    const costs = (ledger?.entries() ?? []).map((e) => e.costUsd).sort((a, b) => b - a);
    const slack = costs.slice(0, c.concurrency).reduce((a, b) => a + b, 0);
    assert.ok(spent <= c.budgetUsd + slack, `spent ${spent} > budget ${c.budgetUsd} + ${slack}`);
    if (c.concurrency === 1) assert.ok(spent <= c.budgetUsd + (costs[0] ?? 0));
  }
  const r = o.result;
  if (!r) return;
  assert.equal(r.usage.costUsd, spent);
  // Every budget refusal was justified when made: the next call's worst case exceeded what remained.
  for (const outcome of r.outcomes.filter((x) => x.status === 'skipped-budget')) {
    const [worst, remaining] = money(outcome.reason ?? '');
    assert.ok(worst !== undefined && remaining !== undefined, outcome.reason);
    assert.ok(worst > remaining, outcome.reason);
  }
  // Dispatch stops at once: with one worker at a time, everything after the first refusal stays unsent.
  if (c.concurrency === 1) {
    const first = r.outcomes.findIndex((x) => x.status === 'skipped-budget');
    if (first >= 0) {
      for (const later of r.outcomes.slice(first + 1)) {
        assert.equal(later.status, 'skipped-budget', later.file);
        assert.equal(later.attempts, 0, later.file);
        assert.equal(mock.requests.filter(isWorker(later.file)).length, 0, later.file);
      }
    }
  }
  // The alert fires exactly when actual cost exceeds the estimate × costAlertFactor (default 2).
  assert.equal(r.costAlert !== undefined, r.usage.costUsd > r.estimate.totalUsd * 2, r.costAlert);
}

test('property: cap, concurrency and budget hold over random plans, usages and failures (estimates not under-counted)', async () => {
  await fc.assert(
    fc.asyncProperty(caseArb(false), async (c) => {
      const o = await run(c);
      checkCapAndConcurrency(c, o);
      checkBudget(c, o, false);
    }),
    { numRuns: 20 },
  );
});

test('property: with under-counted input tokens, spend exceeds the budget by at most the overlapping calls', async () => {
  await fc.assert(
    fc.asyncProperty(caseArb(true), async (c) => {
      const o = await run(c);
      checkCapAndConcurrency(c, o);
      checkBudget(c, o, true);
    }),
    { numRuns: 15 },
  );
});

test('the run stops dispatching once the remaining budget cannot cover the next call (exact case)', async () => {
  const c: Case = {
    subtasks: FILES.slice(0, 5).map((file) => ({ file, priority: 5 })),
    cap: 8,
    concurrency: 1,
    budgetUsd: 0.1,
    workerMaxTokens: 8192,
    scripts: Object.fromEntries(
      FILES.map((f) => [f, { behaviour: 'ok' as const, inputTokens: 300, outputTokens: 4_000, delayMs: 0 }]),
    ),
  };
  const o = await run(c);
  const r = o.result!;
  // Plan $0.0045, each worker $0.0203 actual, each reserved at ~$0.042 (8192 output tokens × $5/MTok + input):
  // after three workers $0.0654 is spent and $0.0346 remains, which cannot cover a fourth reservation.
  assert.deepEqual(
    r.outcomes.map((x) => x.status),
    ['done', 'done', 'done', 'skipped-budget', 'skipped-budget'],
  );
  assert.equal(mock.requests.filter(isWorker()).length, 3);
  assert.match(
    r.outcomes[3]!.reason!,
    /^budget exhausted: the next call \(src\/f3\.ts\) could cost up to \$0\.04\d\d but only \$0\.0346 of \$0\.10 remains; raise the budget$/,
  );
  assert.equal(r.outcomes[3]!.attempts, 0);
  assert.equal(r.outcomes[4]!.attempts, 0);
  assert.equal(r.usage.costUsd, 0.0654);
});

test('CLI: a plan that would cost more than the budget is refused before any worker runs, with the estimate shown', async () => {
  mock.reset();
  const ws = writeTree(TRIO);
  const before = snapshot(ws);
  // A costly plan call ($0.0762 of a $0.08 budget) leaves less than the workers' estimate.
  mock.on(
    isPlan,
    toolUseReply(planOf(TRIO_FILES), { usage: { input_tokens: 20_400, output_tokens: 1_000 } }),
  );
  mock.on(isWorker(), (req) => toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!)(req));
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', ws, '--apply', '--budget', '0.08'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.budgetExceeded, run.stderr);
  assert.match(
    run.stderr,
    /estimate \$0\.08\d \(plan \$0\.076 \+ workers \$0\.0\d{3}\) of budget \$0\.080 — OVER BUDGET/,
  );
  assert.match(
    run.stderr,
    /error: the plan is estimated at \$0\.08\d{2} but the budget is \$0\.08 \(\$0\.0038 left after planning\); raise the budget or untick files/,
  );
  assert.equal(mock.requests.filter(isWorker()).length, 0);
  assert.deepEqual(snapshot(ws), before);
});

test("CLI: the estimate fits but no worker call's worst case does → every subtask skipped-budget, exit 4, no worker sent", async () => {
  mock.reset();
  const ws = writeTree(TRIO);
  const before = snapshot(ws);
  mock.on(
    isPlan,
    toolUseReply(planOf(TRIO_FILES), { usage: { input_tokens: 15_000, output_tokens: 1_000 } }),
  );
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', ws, '--apply', '--budget', '0.08'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.budgetExceeded, run.stderr);
  for (const f of TRIO_FILES) {
    assert.match(
      run.stderr,
      new RegExp(
        `skipped-budget: ${f.replace('.', '\\.')}: budget exhausted: the next call \\(src/.\\.ts\\) could cost up to \\$0\\.04\\d\\d but only \\$0\\.0200 of \\$0\\.08 remains`,
      ),
    );
  }
  assert.equal(mock.requests.filter(isWorker()).length, 0);
  assert.deepEqual(snapshot(ws), before);
});

test('CLI: a plan call that alone could exceed the budget is not sent at all', async () => {
  mock.reset();
  const ws = writeTree(TRIO);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', ws, '--budget', '0.01'],
    envFor(mock),
    PINNED,
  );
  assert.equal(run.code, ExitCode.budgetExceeded, run.stderr);
  assert.match(
    run.stderr,
    /error: budget exhausted: the next call \(plan\) could cost up to \$0\.0\d{3} but only \$0\.0100 of \$0\.01 remains/,
  );
  assert.equal(mock.requests.length, 0);
});

test('CLI: actual cost far above the estimate raises the post-run cost alert (and a normal run does not)', async () => {
  mock.reset();
  const ws = writeTree(TRIO);
  mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
  // 8,000 output tokens per worker where the estimate allows ~230.
  mock.on(isWorker(), (req) =>
    toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!, { usage: { output_tokens: 8_000 } })(req),
  );
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', ws, '--json'], envFor(mock), PINNED);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.ok(report.usage.costUsd > 2 * report.estimate.totalUsd);
  assert.match(
    report.costAlert ?? '',
    /^This run cost \$0\.1213, \d+\.\d× the estimate of \$0\.0\d{3} \(alert above 2×\)\.$/,
  );
  assert.match(run.stderr, /cost alert: This run cost \$0\.1213/);

  mock.reset();
  mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
  mock.on(isWorker(), (req) => toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!)(req));
  const calm = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', writeTree(TRIO), '--json'],
    envFor(mock),
    PINNED,
  );
  assert.equal((JSON.parse(calm.stdout) as JsonReport).costAlert, undefined);
  assert.ok(!calm.stderr.includes('cost alert'));
});
