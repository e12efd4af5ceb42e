import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config';
import { SUBTASK_RECORD_VERSION, type SubtaskRecord } from '../../../../src/core/journal/subtaskRecord';
import type { Plan } from '../../../../src/core/plan/planSchema';
import type { SubtaskRun } from '../../../../src/core/run/runSubtasks';
import {
  buildPlanFile,
  changedSincePlan,
  parsePlanFile,
  planHash,
  serializePlanFile,
  sharesOf,
  type PlanFile,
} from '../../../../src/core/shard/planFile';
import { fromRecords } from '../../../../src/core/shard/records';
import { parseShardFile, serializeShardFile, type ShardFile } from '../../../../src/core/shard/shardFile';
import { sha256Hex } from '../../../../src/core/workspace/contentHash';
import { makeWorkspace } from '../../../support/workspace';

const FILES = {
  'tsconfig.json': '{"include":["src"]}',
  'src/a.ts': 'export const a = 1;\n',
  'src/b.ts': 'export const b = 2;\n',
  'src/old.ts': 'export {};\n',
};

const PLAN: Plan = {
  summary: 'two files and a new one',
  subtasks: [
    { file: 'src/a.ts', handler: 'llm', instructions: 'change `a`', priority: 5 },
    { file: 'src/b.ts', handler: 'llm', instructions: 'change `b`', priority: 5 },
    { file: 'src/c.ts', handler: 'create', instructions: 'create c', priority: 1 },
    { file: 'src/old.ts', handler: 'delete', instructions: 'delete old', priority: 1 },
  ],
};

async function planFile(): Promise<PlanFile> {
  const ws = await makeWorkspace(FILES);
  const estimate = {
    totalUsd: 0.02,
    planUsd: 0.01,
    workersUsd: 0.01,
    workerInputTokens: 100,
    budgetUsd: 1,
    fitsBudget: true,
  };
  const usage = [{ role: 'orchestrator' as const, model: 'claude-sonnet-4-6', usage: tokens(2000, 300) }];
  return buildPlanFile(
    {
      instruction: 'change `a`',
      plan: PLAN,
      droppedFiles: [],
      rejected: [],
      estimate,
      config: defaultConfig(),
      usage,
    },
    ws,
  );
}

function tokens(input: number, output: number): SubtaskRecord['usage'] {
  return { inputTokens: input, outputTokens: output, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
}

test('a plan file keeps the hash of every file its subtasks name (null for one to create) and reads back as written', async () => {
  const file = await planFile();
  assert.deepEqual(file.base, {
    'src/a.ts': sha256Hex(FILES['src/a.ts']),
    'src/b.ts': sha256Hex(FILES['src/b.ts']),
    'src/c.ts': null,
    'src/old.ts': sha256Hex(FILES['src/old.ts']),
  });
  const back = parsePlanFile(JSON.parse(serializePlanFile(file)), 'plan.json');
  assert.ok(back.ok, back.ok ? '' : back.error);
  assert.equal(planHash(back.value), planHash(file));
  assert.deepEqual(back.value, file);
  assert.deepEqual(
    changedSincePlan(file, (f) => (f === 'src/b.ts' ? sha256Hex('other') : (file.base[f] ?? undefined))),
    ['src/b.ts'],
  );
});

test('a damaged or foreign plan file says what is wrong', async () => {
  const json = JSON.parse(serializePlanFile(await planFile())) as Record<string, unknown>;
  assert.deepEqual(parsePlanFile({ ...json, version: 2 }, 'plan.json'), {
    ok: false,
    error:
      'plan.json is not a usable plan file (version: Invalid input: expected 1); write it again with orchestra plan --out',
  });
  assert.deepEqual(parsePlanFile({ ...json, format: 'orchestra-shard' }, 'x.json'), {
    ok: false,
    error: 'x.json is not an orchestra plan file (format "orchestra-shard")',
  });
  const outside = parsePlanFile({ ...json, base: { '../etc/passwd': null } }, 'plan.json');
  assert.equal(outside.ok, false);
  assert.match(
    outside.ok ? '' : outside.error,
    /^plan\.json is not a usable plan file \(base\.\.\.\/etc\/passwd: Invalid key in record\)/,
  );
});

test('shard files round-trip; records come back as one dispatch: outcomes and proposals in plan order', async () => {
  const plan = await planFile();
  const ids: Record<string, string> = {
    'src/a.ts': 's1',
    'src/b.ts': 's2',
    'src/c.ts': 's3',
    'src/old.ts': 's4',
  };
  const record = (file: string, proposals: SubtaskRecord['proposals'], cost: number): SubtaskRecord => ({
    version: SUBTASK_RECORD_VERSION,
    id: ids[file] ?? file,
    file,
    handler: PLAN.subtasks.find((t) => t.file === file)?.handler ?? 'llm',
    base: { [file]: plan.base[file] ?? null },
    proposals,
    outcome: { status: proposals.length === 0 ? 'unchanged' : 'done', attempts: 1, costUsd: cost },
    usage: tokens(800, 120),
  });
  assert.deepEqual(sharesOf(plan, 2), [
    [0, 2],
    [1, 3],
  ]);
  const shard: ShardFile = {
    format: 'orchestra-shard',
    version: 1,
    planHash: planHash(plan),
    shard: { index: 1, count: 2 },
    budgetUsd: 0.5,
    plan,
    records: [
      record('src/a.ts', [{ file: 'src/a.ts', after: 'export const a = 10;\n' }], 0.0014),
      record('src/c.ts', [{ file: 'src/c.ts', after: 'export const c = 3;\n' }], 0.0014),
    ],
    usage: [{ role: 'worker', model: 'claude-haiku-4-5', label: 'src/a.ts', usage: tokens(800, 120) }],
  };
  const back = parseShardFile(JSON.parse(serializeShardFile(shard)), 'shard-1.json');
  assert.ok(back.ok, back.ok ? '' : back.error);
  assert.deepEqual(back.value, shard);

  const other = [
    record('src/old.ts', [{ file: 'src/old.ts', after: '', deleted: true }], 0),
    record('src/b.ts', [], 0.0014),
  ];
  const run: SubtaskRun = fromRecords(plan.plan, [...other, ...shard.records]);
  // The deterministic step (delete) first, then the model steps in plan order, as one process reports them.
  assert.deepEqual(
    run.outcomes.map((o) => [o.file, o.handler, o.status]),
    [
      ['src/old.ts', 'delete', 'done'],
      ['src/a.ts', 'llm', 'done'],
      ['src/b.ts', 'llm', 'unchanged'],
      ['src/c.ts', 'create', 'done'],
    ],
  );
  // Proposals in plan order, a deletion last (as the run's texts list them); each named as the merge names it.
  assert.deepEqual(run.proposals, [
    { subtask: 'src/a.ts', file: 'src/a.ts', after: 'export const a = 10;\n' },
    { subtask: 'src/c.ts', file: 'src/c.ts', after: 'export const c = 3;\n' },
    { subtask: 'src/old.ts', file: 'src/old.ts', after: '', deleted: true },
  ]);
  const tampered = { ...JSON.parse(serializeShardFile(shard)), planHash: 'f'.repeat(64) } as unknown;
  assert.deepEqual(parseShardFile(tampered, 'shard-1.json'), {
    ok: false,
    error: 'shard-1.json is damaged: its plan does not match the plan hash it names',
  });
});
