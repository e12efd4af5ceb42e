/** The orchestrator is told about file groups, with the handlers that take one from the registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkspaceFacts } from '../../../../src/core/facts/types';
import { buildOrchestratorRequest } from '../../../../src/core/plan/orchestratorPrompt';
import { planTool } from '../../../../src/core/plan/planRefactor';
import { PlanSchema } from '../../../../src/core/plan/planSchema';

const facts: WorkspaceFacts = {
  root: '/ws',
  source: 'tsconfig.json',
  fileCount: 1,
  seeds: [],
  symbols: [],
  candidates: [],
  importEdges: [],
  skipped: [],
  timings: {},
};

test('the rules describe groups: one per kind of change, the four queries, the cap per member file', () => {
  const request = buildOrchestratorRequest({
    instruction: 'migrate every caller',
    facts,
    files: ['src/a.ts'],
    slices: [],
    maxWorkers: 5000,
    model: 'claude-sonnet-4-6',
    maxTokens: 4096,
    tool: planTool,
  });
  const rules = request.system[0]?.text ?? '';
  assert.match(rules, /- At most 5000 subtasks, counting each file of a group\./);
  assert.match(
    rules,
    /write ONE subtask per kind of change with a "group"\n {2}instead of one subtask per file \("llm" only\)/,
  );
  for (const query of ['"references": {"symbol"', '"importersOf"', '"glob"', '"files"', '"except"'])
    assert.ok(rules.includes(query), query);
  assert.match(rules, /"dependsOn" naming a group waits for all its members/);
  assert.match(planTool.description, /or one group per kind of change/);
});

test('a plan written before groups parses unchanged; a group parses beside it', () => {
  const old = {
    summary: 's',
    subtasks: [{ file: 'src/a.ts', handler: 'llm', instructions: 'x', priority: 5 }],
  };
  assert.deepEqual(PlanSchema.parse(old), old);
  const grouped = {
    summary: 's',
    subtasks: [
      ...old.subtasks,
      { file: 'callers', handler: 'llm', instructions: 'y', group: { references: { symbol: 'a' } } },
    ],
  };
  assert.deepEqual(PlanSchema.parse(grouped).subtasks[1], { ...grouped.subtasks[1], priority: 5 });
  assert.equal(
    PlanSchema.safeParse({ ...grouped, subtasks: [{ ...grouped.subtasks[1], group: { glob: 1 } }] }).success,
    false,
  );
});
