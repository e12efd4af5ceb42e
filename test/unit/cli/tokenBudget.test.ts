/**
 * A model priced $0 (a local OpenAI-compatible endpoint, no price known) is limited by the token budget, since
 * the dollar budget cannot bound it: the review says so, and a run whose next call could go past the tokens
 * left stops before it with the budget's exit code and the reason. The CLI in-process, the real `openai` SDK
 * over HTTP to the loopback mock.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockOpenAI, toolUseReply } from '../../mock-openai/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { SubtaskOutcome } from '../../../src/core/runTypes';
import { cli } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const INSTRUCTION = 'make `fetchJson` take an options object';

let local: MockOpenAI;
before(async () => {
  local = await MockOpenAI.start({ keyless: true });
});
after(() => local.close());
beforeEach(() => local.reset());

function script(): void {
  local.on(isPlan, toolUseReply(FETCH_PLAN, { usage: { prompt_tokens: 2000, completion_tokens: 300 } }));
  local.on(isWorker(), (req) =>
    toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!, {
      usage: { prompt_tokens: 800, completion_tokens: 120 },
    })(req),
  );
}

const refactor = (dir: string, ...extra: string[]): string[] => [
  'refactor',
  INSTRUCTION,
  '--cwd',
  dir,
  '--provider',
  'openai-compatible',
  '--model',
  'qwen2.5-coder:7b',
  '--json',
  ...extra,
];

test('a $0 local model stops at the token budget: no worker call past it, exit 4, the reason', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script();
  // Room for the planning call (its prompt + 4,096 output tokens), not for a worker's after it: the plan
  // used 2,300, and a worker's worst case is its prompt plus 8,192 output tokens.
  const run = await cli([...refactor(dir, '--apply'), '--budget-tokens', '10000'], {
    OPENAI_BASE_URL: local.url,
  });
  assert.equal(local.requests.filter(isPlan).length, 1);
  assert.equal(local.requests.filter(isWorker()).length, 0, 'no worker call went out');
  assert.equal(run.code, ExitCode.budgetExceeded, run.stderr);
  const report = JSON.parse(run.stdout) as { outcomes: SubtaskOutcome[]; verdict: { reason?: string } };
  assert.deepEqual(
    report.outcomes.map((o) => [o.file, o.status]),
    FILES.map((f) => [f, 'skipped-budget']),
  );
  assert.equal(report.verdict.reason, 'budget-exceeded');
  for (const o of report.outcomes) {
    assert.match(
      o.reason ?? '',
      new RegExp(
        `^token budget exhausted: the next call \\(${o.file.replace(/[./]/g, '\\$&')}\\) to qwen2\\.5-coder:7b, ` +
          'priced \\$0, could use up to \\d+ tokens but only 7700 of the 10000-token budget remain; ' +
          'raise orchestra\\.budgetTokens \\(--budget-tokens\\)$',
      ),
    );
  }
  assert.match(
    run.stderr,
    /qwen2\.5-coder:7b priced \$0 \(local endpoint, no price known\): the budget limits tokens: 10000 for those calls/,
  );
  assert.deepEqual(
    readTree(dir, FILES),
    Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]])),
    'nothing written',
  );
});

test('with a token budget that holds every call the same run is done', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script();
  const run = await cli([...refactor(dir, '--apply'), '--budget-tokens', '200000'], {
    OPENAI_BASE_URL: local.url,
  });
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(local.requests.filter(isWorker()).length, 3);
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
});

test('a token budget below the planning call refuses it before it is sent', async () => {
  const dir = writeTree(FETCH_PROJECT);
  script();
  const run = await cli([...refactor(dir), '--budget-tokens', '1000'], { OPENAI_BASE_URL: local.url });
  assert.equal(run.code, ExitCode.budgetExceeded, run.stderr);
  assert.equal(local.requests.length, 0);
  assert.match(
    run.stderr,
    /token budget exhausted: the next call \(plan\) to qwen2\.5-coder:7b, priced \$0, could use up to \d+ tokens but only 1000 of the 1000-token budget remain/,
  );
});

/** The project with long files: the workers' estimate (prompts + output allowances) dwarfs a planning call. */
const FILLER =
  Array.from({ length: 200 }, (_, i) => `export const row${i} = 'a padded line of text ${i}';`).join('\n') +
  '\n';
const LONG_PROJECT = Object.fromEntries(
  Object.entries(FETCH_PROJECT).map(([f, t]) => [f, f.endsWith('.ts') ? t + FILLER : t]),
);

test('a plan whose estimate is over the token budget is re-asked once with the figures, then refused before any worker', async () => {
  const dir = writeTree(LONG_PROJECT);
  script();
  // Room for both planning calls (2,300 tokens each, worst case about 8,500), not for the workers' estimate.
  const run = await cli([...refactor(dir, '--apply'), '--budget-tokens', '20000'], {
    OPENAI_BASE_URL: local.url,
  });
  assert.equal(local.requests.filter(isPlan).length, 2, 'planned, then re-asked once');
  assert.equal(local.requests.filter(isWorker()).length, 0, 'no worker call went out');
  assert.equal(local.requests.length, 2);
  assert.equal(run.code, ExitCode.budgetExceeded, run.stderr);
  assert.equal(run.stdout, '', 'no result: the plan was refused');
  // The re-ask carries the figures: planning so far plus the workers' estimate, against the token budget.
  const reask =
    /The plan's calls to models priced \$0 are estimated at (\d+) tokens \(planning 2300 \+ workers (\d+)\), over the token budget of 20000 tokens \(at most \d+ subtasks\)\. Plan again within the budget: /.exec(
      local.requests.filter(isPlan)[1]!.userText,
    );
  assert.ok(reask, local.requests.filter(isPlan)[1]!.userText);
  const workers = Number(reask[2]);
  assert.equal(Number(reask[1]), 2300 + workers);
  assert.ok(2300 + workers > 20000, `${workers}`);
  // The review said so, and the refusal names the token budget and the estimate after both planning calls.
  assert.ok(
    run.stderr.includes(
      `of budget $1.000 — OVER THE TOKEN BUDGET (${4600 + workers} tokens estimated for the $0 models' calls, ` +
        'over the 20000-token budget); qwen2.5-coder:7b priced $0',
    ),
    run.stderr,
  );
  assert.ok(
    run.stderr.includes(
      `error: the plan's calls to models priced $0 are estimated at ${4600 + workers} tokens (planning 4600 + ` +
        `workers ${workers}) but the token budget is 20000 tokens (15400 left after planning); raise ` +
        'orchestra.budgetTokens (--budget-tokens) or untick files. The orchestrator was asked once to plan within ' +
        'the budget.',
    ),
    run.stderr,
  );
  assert.deepEqual(
    readTree(dir, FILES),
    Object.fromEntries(FILES.map((f) => [f, LONG_PROJECT[f]])),
    'nothing written',
  );
});
