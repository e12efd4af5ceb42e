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

test('several renames may share the file that declares them, one per symbol; no other handler may', () => {
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
  assert.deepEqual(check.plan.subtasks, [
    rename('src/a.ts', 'loadUser', 'fetchUser'),
    { ...rename('./src/a.ts', 'saveUser', 'storeUser'), file: 'src/a.ts' },
    sub('src/b.ts'),
  ]);
  assert.deepEqual(check.problems, [
    'src/a.ts: more than one "rename" subtask for the same symbol (loadUser); keep one',
    'src/a.ts: more than one subtask for this file; merge them into one',
    'src/b.ts: more than one subtask for this file; merge them into one',
  ]);
  assert.deepEqual(check.rejected, []);
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
