/**
 * The registry is the one list of handlers: the plan schema's enum and argument fields, the JSON schema the
 * orchestrator sees and the prompt's handler section name every registered handler and nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HANDLERS, handlerFor } from '../../../../src/core/handlers/registry';
import { buildOrchestratorRequest, HANDLER_SECTION } from '../../../../src/core/plan/orchestratorPrompt';
import { planTool } from '../../../../src/core/plan/planRefactor';
import { SubtaskSchema } from '../../../../src/core/plan/planSchema';

const NAMES = HANDLERS.map((h) => h.name);
const COMMON_FIELDS = ['file', 'handler', 'instructions', 'priority', 'id', 'dependsOn', 'tier'];

interface JsonObject {
  properties: Record<string, { enum?: string[]; description?: string; items?: JsonObject }>;
}

function subtaskJsonSchema(): JsonObject {
  const plan = planTool.inputSchema as unknown as JsonObject;
  const items = plan.properties['subtasks']?.items;
  assert.ok(items, 'submit_plan has subtasks[]');
  return items;
}

function rulesText(): string {
  const request = buildOrchestratorRequest({
    instruction: 'rename `a` to `b`',
    facts: {
      root: '/ws',
      source: 'tsconfig.json',
      fileCount: 1,
      seeds: [],
      symbols: [],
      candidates: [],
      importEdges: [],
      skipped: [],
      timings: {},
    },
    files: ['src/a.ts'],
    slices: [],
    maxWorkers: 8,
    model: 'claude-sonnet-4-6',
    maxTokens: 1000,
    tool: planTool,
  });
  const rules = request.system[0]?.text;
  assert.ok(rules !== undefined);
  return rules;
}

const REFACTORS = [
  'moveToFile',
  'destructureParams',
  'toNamedExport',
  'toDefaultExport',
  'extractType',
  'inferReturnType',
];

test("the model-facing handler names stay llm, rename, create, then move, delete and TypeScript's refactors, each registered once", () => {
  assert.deepEqual(NAMES, ['llm', 'rename', 'create', 'move', 'delete', ...REFACTORS]);
  for (const name of NAMES) assert.equal(handlerFor(name).name, name);
});

test('the plan schema enum and its JSON schema list exactly the registered handlers', () => {
  assert.deepEqual(SubtaskSchema.shape.handler.options, NAMES);
  const subtask = subtaskJsonSchema();
  assert.deepEqual(subtask.properties['handler']?.enum, NAMES);
  for (const h of HANDLERS) {
    assert.ok(subtask.properties['handler']?.description?.includes(`'${h.name}' = ${h.summary}`), h.name);
  }
});

test('each handler with arguments has its field, named after it; besides them only the move target `to` and `group`', () => {
  const withArgs = HANDLERS.filter((h) => h.args !== undefined);
  assert.deepEqual(
    withArgs.map((h) => h.name),
    ['rename', ...REFACTORS],
  );
  const subtask = subtaskJsonSchema();
  assert.deepEqual(Object.keys(subtask.properties), [
    ...COMMON_FIELDS,
    'to',
    'group',
    ...withArgs.map((h) => h.name),
  ]);
  assert.deepEqual(Object.keys(SubtaskSchema.shape), [
    ...COMMON_FIELDS,
    'to',
    'group',
    'rename',
    ...REFACTORS,
  ]);
  assert.equal(subtask.properties['to']?.description, 'move only: the new workspace-relative path.');
  assert.deepEqual(
    HANDLERS.filter((h) => h.takesTarget === true).map((h) => h.name),
    ['move'],
  );
  // Which handlers may name their files by a group comes from the registry too.
  assert.deepEqual(
    HANDLERS.filter((h) => h.takesGroup === true).map((h) => h.name),
    ['llm'],
  );
  assert.match(subtask.properties['group']?.description ?? '', /^llm only: the files by a query/);
  assert.equal(
    subtask.properties['rename']?.description,
    "For handler 'rename': the symbol's current and new name.",
  );
  for (const name of REFACTORS) {
    assert.match(subtask.properties[name]?.description ?? '', new RegExp(`^For handler '${name}': `), name);
  }
});

test("the orchestrator prompt's handler section lists every registered handler, in order, and no other", () => {
  const rules = rulesText();
  assert.ok(rules.includes(`\n${HANDLER_SECTION}\n`), 'the section is part of the rules');
  const listed = [...rules.matchAll(/^- handler "([^"]+)": /gm)].map((m) => m[1]);
  assert.deepEqual(listed, NAMES);
  const mentioned = new Set([...rules.matchAll(/handler "([^"]+)"/g)].map((m) => m[1]));
  assert.deepEqual([...mentioned].sort(), [...NAMES].sort());
  for (const h of HANDLERS) assert.ok(rules.includes(`- handler "${h.name}": ${h.description}\n`), h.name);
});

test('only the model handlers use a model, and only the deterministic ones may share a file', () => {
  assert.deepEqual(
    HANDLERS.map((h) => [h.name, h.usesModel, h.sameFile?.per]),
    [
      ['llm', true, undefined],
      ['rename', false, 'symbol'],
      ['create', true, undefined],
      ['move', false, undefined],
      ['delete', false, undefined],
      ...REFACTORS.map((name) => [name, false, 'symbol']),
    ],
  );
});
