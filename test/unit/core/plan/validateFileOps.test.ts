/** Plan checks of moves and deletes: `to` only on moves, a free target inside the workspace, importers handled. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPlan, planCheckHost, type PlanCheckHost } from '../../../../src/core/plan/validatePlan';
import { PlanSchema, type Plan, type Subtask } from '../../../../src/core/plan/planSchema';
import { makeWorkspace } from '../../../support/workspace';

const FILES = ['src/a.ts', 'src/b.ts', 'src/c.ts'];
const host: PlanCheckHost = {
  resolveInside: (f) => {
    const n = f.replace(/\\/g, '/').replace(/^\.\//, '');
    return n.startsWith('../') || n.startsWith('/') ? undefined : n;
  },
  exists: (f) => FILES.includes(f),
};

function sub(file: string, handler: Subtask['handler'], to?: string): Subtask {
  return { file, handler, instructions: `change ${file}`, priority: 5, ...(to === undefined ? {} : { to }) };
}

test('the schema takes a top-level `to` and stays strict', () => {
  const ok = PlanSchema.safeParse({ summary: 's', subtasks: [sub('src/a.ts', 'move', 'src/x/a.ts')] });
  assert.equal(ok.success, true);
  const extra = PlanSchema.safeParse({
    summary: 's',
    subtasks: [{ ...sub('src/a.ts', 'move', 'src/x/a.ts'), from: 'src/a.ts' }],
  });
  assert.equal(extra.success, false);
});

test('a move needs a new path inside the workspace that no file or other move holds', () => {
  const plan: Plan = {
    summary: 's',
    subtasks: [
      sub('./src/a.ts', 'move', './src/lib/a.ts'),
      sub('src/b.ts', 'move'),
      sub('src/c.ts', 'move', 'src/a.ts'),
      sub('src/b.ts', 'llm', 'src/z.ts'),
      sub('src/zzz.ts', 'move', 'src/y.ts'),
    ],
  };
  const check = checkPlan(plan, host, 8);
  assert.deepEqual(check.plan.subtasks, [
    { ...sub('src/a.ts', 'move', 'src/lib/a.ts'), instructions: 'change ./src/a.ts' },
  ]);
  assert.deepEqual(check.rejected, [
    { file: 'src/b.ts', reason: 'handler "move" needs "to": the new workspace-relative path' },
    { file: 'src/c.ts', reason: 'src/a.ts already exists; a move never overwrites a file' },
    { file: 'src/b.ts', reason: '"to" is only for handler "move"' },
    { file: 'src/zzz.ts', reason: 'no such file in the workspace' },
  ]);

  const outside = checkPlan(
    {
      summary: 's',
      subtasks: [sub('src/a.ts', 'move', '../elsewhere/a.ts'), sub('src/b.ts', 'move', 'src/b.js')],
    },
    host,
    8,
  );
  assert.deepEqual(outside.rejected, [
    { file: 'src/a.ts', reason: 'the target ../elsewhere/a.ts is outside the workspace' },
    { file: 'src/b.ts', reason: 'src/b.js must keep the file a TypeScript source file' },
  ]);
});

test('two moves to one target: the second is refused; a target another subtask names is refused', () => {
  const check = checkPlan(
    {
      summary: 's',
      subtasks: [
        sub('src/a.ts', 'move', 'src/lib/x.ts'),
        sub('src/b.ts', 'move', 'src/lib/x.ts'),
        sub('src/c.ts', 'move', 'src/new.ts'),
        sub('src/new.ts', 'create'),
      ],
    },
    host,
    8,
  );
  assert.deepEqual(
    check.plan.subtasks.map((s) => s.file),
    ['src/a.ts', 'src/new.ts'],
  );
  assert.deepEqual(check.rejected, [
    {
      file: 'src/b.ts',
      reason: 'another move already targets src/lib/x.ts; two files cannot move to one path',
    },
    {
      file: 'src/c.ts',
      reason: 'src/new.ts is also the file of another subtask; a move needs a path nothing else uses',
    },
  ]);
  assert.deepEqual(check.problems, [
    'src/b.ts: another move already targets src/lib/x.ts; two files cannot move to one path',
    'src/c.ts: src/new.ts is also the file of another subtask; a move needs a path nothing else uses',
  ]);
});

test('a delete is refused while a file no step rewrites imports it; the importers are named', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({ include: ['src'] }),
    'src/old.ts': 'export const o = 1;\n',
    'src/a.ts': "import { o } from './old';\nexport const a = o;\n",
    'src/b.ts': "export { o } from './old';\n",
    'src/c.ts': 'export const c = 1;\n',
  });
  const wsHost = planCheckHost(ws);
  const refused = checkPlan({ summary: 's', subtasks: [sub('src/old.ts', 'delete')] }, wsHost, 8);
  assert.deepEqual(refused.plan.subtasks, []);
  assert.deepEqual(refused.rejected, [
    {
      file: 'src/old.ts',
      reason:
        'cannot delete src/old.ts: it is still imported by src/a.ts, src/b.ts; add an llm subtask removing that ' +
        'import from each (or delete those files too), or leave the file',
    },
  ]);
  // An llm step on one importer (it may drop the import) and a delete of the other: the delete stands.
  const handled = checkPlan(
    {
      summary: 's',
      subtasks: [sub('src/old.ts', 'delete'), sub('src/a.ts', 'llm'), sub('src/b.ts', 'delete')],
    },
    wsHost,
    8,
  );
  assert.deepEqual(handled.rejected, []);
  assert.deepEqual(
    handled.plan.subtasks.map((s) => `${s.handler} ${s.file}`),
    ['delete src/old.ts', 'llm src/a.ts', 'delete src/b.ts'],
  );
  // A move of an importer does not drop its import.
  const moved = checkPlan(
    {
      summary: 's',
      subtasks: [
        sub('src/old.ts', 'delete'),
        sub('src/a.ts', 'llm'),
        sub('src/b.ts', 'move', 'src/lib/b.ts'),
      ],
    },
    wsHost,
    8,
  );
  assert.deepEqual(
    moved.rejected.map((r) => r.reason),
    [
      'cannot delete src/old.ts: it is still imported by src/b.ts; add an llm subtask removing that import from ' +
        'each (or delete those files too), or leave the file',
    ],
  );
});

test('a step may name the path a move it waits for (directly or not) moves a file to; others may not', () => {
  const step = (id: string, s: Subtask, dependsOn?: string[]): Subtask => ({
    ...s,
    id,
    ...(dependsOn === undefined ? {} : { dependsOn }),
  });
  const check = checkPlan(
    {
      summary: 's',
      subtasks: [
        step('m', sub('src/a.ts', 'move', 'src/lib/a.ts')),
        step('x', sub('src/b.ts', 'llm'), ['m']),
        step('e', sub('./src/lib/a.ts', 'llm'), ['x']),
        step('n', sub('src/c.ts', 'move', 'src/lib/c.ts')),
        step('f', sub('src/lib/c.ts', 'llm')),
      ],
    },
    host,
    8,
  );
  assert.deepEqual(
    check.plan.subtasks.map((s) => [s.id, s.file]),
    [
      ['m', 'src/a.ts'],
      ['x', 'src/b.ts'],
      ['e', 'src/lib/a.ts'],
      ['n', 'src/c.ts'],
    ],
  );
  assert.deepEqual(check.rejected, [
    { file: 'src/lib/c.ts', reason: 'no such file in the workspace (use handler "create" for new files)' },
  ]);
});

test('a move whose target another step edits without waiting for it is refused', () => {
  const check = checkPlan(
    {
      summary: 's',
      subtasks: [
        { ...sub('src/a.ts', 'move', 'src/lib/a.ts'), id: 'm' },
        { ...sub('src/lib/a.ts', 'create'), id: 'c' },
        { ...sub('src/lib/a.ts', 'llm'), id: 'e', dependsOn: ['m'] },
      ],
    },
    host,
    8,
  );
  assert.deepEqual(check.rejected, [
    {
      file: 'src/a.ts',
      reason: 'src/lib/a.ts is also the file of another subtask; a move needs a path nothing else uses',
    },
  ]);
});

test('a refactor step on the path a move creates is not dry-run on the code before the move; one on an existing file still is', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({ include: ['src'] }),
    'src/a.ts': 'export default function total(n: number): number {\n  return n;\n}\n',
    'src/b.ts': 'export const b = 1;\n',
  });
  const named = (file: string, symbol: string, dependsOn?: string[]): Subtask => ({
    ...sub(file, 'toNamedExport'),
    id: `n-${symbol}`,
    toNamedExport: { symbol },
    ...(dependsOn === undefined ? {} : { dependsOn }),
  });
  const check = checkPlan(
    {
      summary: 's',
      subtasks: [
        { ...sub('src/a.ts', 'move', 'src/lib/a.ts'), id: 'm' },
        named('src/lib/a.ts', 'total', ['m']),
        named('src/b.ts', 'b'),
      ],
    },
    planCheckHost(ws),
    8,
  );
  assert.deepEqual(
    check.plan.subtasks.map((s) => [s.id, s.file]),
    [
      ['m', 'src/a.ts'],
      ['n-total', 'src/lib/a.ts'],
    ],
  );
  // The step on the existing file is dry-run there: `b` is no default export, so TypeScript refuses it.
  assert.deepEqual(check.rejected, [
    {
      file: 'src/b.ts',
      reason: 'toNamedExport b (src/b.ts): `b` is not declared as `export default` in src/b.ts',
    },
  ]);
});
