/**
 * The budget goes into the plan: the orchestrator is told the budget, the cap and a worker's cost per tier,
 * and a plan over the budget is re-asked once with the figures before it is refused with them.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { executeRun, planRun } from '../../../../src/core/pipeline';
import { isOrchestraError } from '../../../../src/core/errors';
import { exitCodeFor, ExitCode } from '../../../../src/cli/exitCodes';
import { isPlan, isWorker } from '../../../support/mockRequests';
import { mockDeps } from '../../../support/mockRun';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const BIG = ['src/big0.ts', 'src/big1.ts', 'src/big2.ts', 'src/big3.ts'];

function files(): Record<string, string> {
  const out: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
    'src/limit.ts': 'export const limit = 10;\n',
  };
  // ~10,000 tokens each: a strong worker on one costs about $0.10.
  const body = Array.from(
    { length: 500 },
    (_, i) => `export const value${i} = limit + ${i}; // padding line`,
  ).join('\n');
  for (const f of BIG) out[f] = `import { limit } from './limit';\n${body}\n`;
  return out;
}

const strongPlan = {
  summary: 'Every big file, strong workers.',
  subtasks: BIG.map((file) => ({
    file,
    handler: 'llm',
    instructions: 'Use `limit` once.',
    priority: 5,
    tier: 'strong',
  })),
};
const smallPlan = {
  summary: 'Only the declaration, fast.',
  subtasks: [
    { file: 'src/limit.ts', handler: 'llm', instructions: 'Document `limit`.', priority: 9, tier: 'fast' },
  ],
};

const FIGURES =
  /^The plan is estimated at \$(\d+\.\d{4}) \(plan \$\d+\.\d{4} \+ workers \$\d+\.\d{4}\), over the budget of \$0\.30 \(at most 8 subtasks\)\. The costliest subtasks: src\/big\d\.ts \(llm, strong, claude-sonnet-4-6\) \$0\.\d{4}; src\/big\d\.ts \(llm, strong, claude-sonnet-4-6\) \$0\.\d{4}; src\/big\d\.ts \(llm, strong, claude-sonnet-4-6\) \$0\.\d{4}\. Plan again within the budget: use the handlers that need no model where they fit, the "fast" tier for mechanical edits, and fewer model subtasks\. Call submit_plan again\.$/m;

test('the orchestrator is told the budget, the cap and what a worker costs per tier on files of this size', async () => {
  mock.on(isPlan, toolUseReply(smallPlan));
  await planRun(await mockDeps(mock, files(), { budgetUsd: 0.3 }), { instruction: 'use `limit` everywhere' });
  const system = JSON.stringify(mock.requests.find(isPlan)?.body.system);
  assert.ok(
    system.includes('- Budget: $0.30 for the whole run, this plan included; at most 8 subtasks.'),
    system,
  );
  assert.match(
    system,
    /- tier \\"fast\\" \(claude-haiku-4-5\): one worker costs about \$0\.\d{4} for src\/limit\.ts \(~\d+ tokens\), \$0\.\d{4} for src\/big\d\.ts \(~\d+ tokens\)/,
  );
  assert.match(
    system,
    /- tier \\"strong\\" \(claude-sonnet-4-6\): one worker costs about \$0\.\d{4} for src\/limit\.ts/,
  );
});

test('a plan over the budget is re-asked once with the figures; the second plan, within it, stands', async () => {
  mock.on(isPlan, toolUseReply(strongPlan), { times: 1 });
  mock.on(isPlan, toolUseReply(smallPlan));
  const planned = await planRun(await mockDeps(mock, files(), { budgetUsd: 0.3 }), {
    instruction: 'use `limit` everywhere',
  });
  const plans = mock.requests.filter(isPlan);
  assert.equal(plans.length, 2);
  assert.ok(!FIGURES.test(plans[0]!.userText));
  const figures = FIGURES.exec(plans[1]!.userText);
  assert.ok(figures, plans[1]!.userText);
  assert.ok(Number(figures[1]) > 0.3);
  assert.equal(planned.budgetReask, figures[0]);
  assert.deepEqual(
    planned.plan.subtasks.map((s) => s.file),
    ['src/limit.ts'],
  );
  assert.equal(planned.estimate.fitsBudget, true);
  assert.deepEqual(
    planned.estimate.subtasks?.map((s) => [s.file, s.tier, s.model]),
    [['src/limit.ts', 'fast', 'claude-haiku-4-5']],
  );
});

test('a plan still over the budget after the re-ask is refused with the figures (exit 4); no worker runs', async () => {
  mock.on(isPlan, toolUseReply(strongPlan));
  const deps = await mockDeps(mock, files(), { budgetUsd: 0.3 });
  const planned = await planRun(deps, { instruction: 'use `limit` everywhere' });
  assert.equal(mock.requests.filter(isPlan).length, 2, 're-asked exactly once');
  assert.equal(planned.estimate.fitsBudget, false);
  await assert.rejects(executeRun(deps, planned), (e: unknown) => {
    assert.ok(isOrchestraError(e));
    assert.equal(e.reason, 'budget-exceeded');
    assert.equal(exitCodeFor(e.reason), ExitCode.budgetExceeded);
    assert.match(
      e.message,
      /^the plan is estimated at \$\d+\.\d{4} but the budget is \$0\.30 \(\$0\.\d{4} left after planning\); raise the budget or untick files\. Costliest subtasks: src\/big\d\.ts \(llm, strong, claude-sonnet-4-6\) \$0\.\d{4}; src\/big\d\.ts \(llm, strong, claude-sonnet-4-6\) \$0\.\d{4}; src\/big\d\.ts \(llm, strong, claude-sonnet-4-6\) \$0\.\d{4}\. The orchestrator was asked once to plan within the budget\.$/,
    );
    return true;
  });
  assert.equal(mock.requests.filter(isWorker()).length, 0);
});
