import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capSubtasks, checkPlan, type PlanCheckHost } from '../../../../src/core/plan/validatePlan';
import type { Plan, Subtask } from '../../../../src/core/plan/planSchema';

const FILES = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'];
const host: PlanCheckHost = {
  resolveInside: (f) => {
    const n = f.replace(/\\/g, '/').replace(/^\.\//, '');
    return n.startsWith('../') || n.startsWith('/') ? undefined : n;
  },
  exists: (f) => FILES.includes(f),
};

function sub(file: string, priority = 5, handler: Subtask['handler'] = 'llm'): Subtask {
  return { file, handler, instructions: `change ${file}`, priority };
}

test('normalises paths, rejects outside/unknown files and duplicates', () => {
  const plan: Plan = {
    summary: 's',
    subtasks: [
      sub('./src/a.ts'),
      sub('../etc/passwd.ts'),
      sub('/abs/x.ts'),
      sub('src/zzz.ts'),
      sub('src/a.ts'),
      sub('src/new.ts', 5, 'create'),
    ],
  };
  const check = checkPlan(plan, host, 8);
  assert.deepEqual(
    check.plan.subtasks.map((s) => s.file),
    ['src/a.ts', 'src/new.ts'],
  );
  assert.deepEqual(check.rejected, [
    { file: '../etc/passwd.ts', reason: 'path is outside the workspace' },
    { file: '/abs/x.ts', reason: 'path is outside the workspace' },
    { file: 'src/zzz.ts', reason: 'no such file in the workspace (use handler "create" for new files)' },
  ]);
  assert.equal(check.problems.length, 4);
  assert.match(check.problems[3]!, /more than one subtask/);
});

test('rename needs a valid identifier; create must not overwrite', () => {
  const plan: Plan = {
    summary: 's',
    subtasks: [
      { ...sub('src/a.ts', 5, 'rename'), rename: { from: 'A', to: 'not valid' } },
      sub('src/b.ts', 5, 'create'),
    ],
  };
  const check = checkPlan(plan, host, 8);
  assert.deepEqual(check.plan.subtasks, []);
  assert.deepEqual(
    check.rejected.map((r) => r.reason),
    ['"not valid" is not a valid identifier', 'handler "create" names a file that already exists; use "llm"'],
  );
});

test('several renames may share the file that declares them, one per symbol; a model step may follow them', () => {
  const rename = (file: string, from: string, to: string): Subtask => ({
    ...sub(file, 5, 'rename'),
    rename: { from, to },
  });
  const plan: Plan = {
    summary: 's',
    subtasks: [
      rename('src/a.ts', 'loadUser', 'fetchUser'),
      rename('./src/a.ts', 'saveUser', 'storeUser'),
      rename('src/a.ts', 'loadUser', 'getUser'),
      sub('src/a.ts'),
      sub('src/b.ts'),
      rename('src/b.ts', 'x', 'y'),
    ],
  };
  const check = checkPlan(plan, host, 8);
  // Deterministic steps run first, so a model step on their file (before or after them in the plan) sees their
  // result. A plan that names no id keeps its shape (dispatch numbers the subtasks for itself).
  assert.deepEqual(check.plan.subtasks, [
    rename('src/a.ts', 'loadUser', 'fetchUser'),
    { ...rename('./src/a.ts', 'saveUser', 'storeUser'), file: 'src/a.ts' },
    sub('src/a.ts'),
    sub('src/b.ts'),
    rename('src/b.ts', 'x', 'y'),
  ]);
  assert.deepEqual(check.problems, [
    'src/a.ts: more than one "rename" subtask for the same symbol (loadUser); keep one',
  ]);
  assert.deepEqual(check.rejected, []);
});

test('two model steps share a file only when chained by dependsOn', () => {
  const plan: Plan = {
    summary: 's',
    subtasks: [
      { ...sub('src/a.ts'), id: 'decl' },
      { ...sub('src/a.ts'), id: 'more', dependsOn: ['decl'] },
      { ...sub('src/b.ts'), id: 'b1' },
      { ...sub('src/b.ts'), id: 'b2' },
    ],
  };
  const check = checkPlan(plan, host, 8);
  assert.deepEqual(
    check.plan.subtasks.map((s) => s.id),
    ['decl', 'more', 'b1'],
  );
  assert.deepEqual(check.problems, [
    'src/b.ts: more than one subtask for this file; merge them into one, or make the later one depend on the earlier (dependsOn)',
  ]);
});

test('ids: given in plan order where left out, never reusing one; duplicates, unknown ids and cycles are problems', () => {
  const plan: Plan = {
    summary: 's',
    subtasks: [
      sub('src/a.ts'),
      { ...sub('src/b.ts'), id: 's1', dependsOn: ['ghost'] },
      { ...sub('src/c.ts'), id: 'x', dependsOn: ['y'] },
      { ...sub('src/d.ts'), id: 'y', dependsOn: ['x'] },
    ],
  };
  const check = checkPlan(plan, host, 8);
  assert.deepEqual(
    check.plan.subtasks.map((s) => s.id),
    ['s1_2', 's1', 'x', 'y'],
  );
  assert.deepEqual(check.problems, [
    's1 (src/b.ts) depends on "ghost", which no subtask has as its id',
    'the dependencies form a cycle (x → y → x); a subtask cannot wait for itself',
  ]);
  const dup = checkPlan(
    {
      summary: 's',
      subtasks: [
        { ...sub('src/a.ts'), id: 'k' },
        { ...sub('src/b.ts'), id: 'k' },
      ],
    },
    host,
    8,
  );
  assert.deepEqual(
    dup.plan.subtasks.map((s) => s.id),
    ['k', 's2'],
  );
  assert.deepEqual(dup.problems, ['more than one subtask has the id "k"; give each subtask its own id']);
  const self = checkPlan(
    { summary: 's', subtasks: [{ ...sub('src/a.ts'), id: 'me', dependsOn: ['me'] }] },
    host,
    8,
  );
  assert.deepEqual(self.problems, [
    'the dependencies form a cycle (me → me); a subtask cannot wait for itself',
  ]);
});

test('a deterministic step cannot wait for a model step (those run after it)', () => {
  const plan: Plan = {
    summary: 's',
    subtasks: [
      { ...sub('src/a.ts'), id: 'edit' },
      { ...sub('src/b.ts', 5, 'rename'), rename: { from: 'x', to: 'y' }, id: 'ren', dependsOn: ['edit'] },
    ],
  };
  const check = checkPlan(plan, host, 8);
  assert.equal(check.problems.length, 1);
  assert.match(
    check.problems[0]!,
    /^ren \(src\/b\.ts, "rename"\) depends on edit, a model step; the steps that need no model run first/,
  );
});

test('cap keeps the highest priorities, stable for ties, and reports the dropped files', () => {
  const { kept, dropped } = capSubtasks([sub('a', 1), sub('b', 9), sub('c', 5), sub('d', 9)], 2);
  assert.deepEqual(
    kept.map((s) => s.file),
    ['b', 'd'],
  );
  assert.deepEqual(dropped, ['a', 'c']);
});

test('property: a checked plan never has more subtasks than the cap, and nothing is lost silently', () => {
  const subtaskArb = fc.record({
    file: fc.constantFrom(...FILES, '../x.ts', 'src/missing.ts'),
    priority: fc.integer({ min: 1, max: 10 }),
  });
  fc.assert(
    fc.property(fc.array(subtaskArb, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (raw, cap) => {
      const plan: Plan = { summary: 's', subtasks: raw.map((r) => sub(r.file, r.priority)) };
      const check = checkPlan(plan, host, cap);
      assert.ok(check.plan.subtasks.length <= cap);
      const files = check.plan.subtasks.map((s) => s.file);
      assert.equal(new Set(files).size, files.length);
      const accounted = new Set([...files, ...check.dropped, ...check.rejected.map((r) => r.file)]);
      for (const r of raw) assert.ok(accounted.has(r.file), `${r.file} vanished`);
    }),
    { numRuns: 300 },
  );
});
