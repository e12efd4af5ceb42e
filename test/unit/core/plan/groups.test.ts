/** File groups: each query kind expanded on an inline workspace (exact members), and the plan check around them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan, Subtask } from '../../../../src/core/plan/planSchema';
import { checkPlan, planCheckHost } from '../../../../src/core/plan/validatePlan';
import { makeWorkspace } from '../../../support/workspace';

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
  'src/api.ts':
    'export function fetchJson(url: string): Promise<unknown> {\n  return fetch(url).then((r) => r.json());\n}\n',
  'src/other.ts': '// mentions fetchJson in a comment only\nexport const other = 1;\n',
  'src/shadow.ts': 'export function fetchJson(): number {\n  return 1;\n}\n',
  'src/users/list.ts':
    "import { fetchJson } from '../api';\nexport const list = () => fetchJson('/users');\n",
  'src/users/one.ts':
    "import { fetchJson } from '../api';\nexport const one = (id: string) => fetchJson(`/users/${id}`);\n",
  'src/orders.ts': "import { fetchJson as get } from './api';\nexport const orders = () => get('/orders');\n",
  'src/barrel.ts': "export { fetchJson } from './api';\n",
  'src/usesShadow.ts': "import { fetchJson } from './shadow';\nexport const n = fetchJson();\n",
  'src/types.ts': "import type { other } from './other';\nexport type T = typeof other;\n",
};

function groupPlan(group: NonNullable<Subtask['group']>, extra: Subtask[] = []): Plan {
  return {
    summary: 'pass an options object',
    subtasks: [
      ...extra,
      { file: 'callers', handler: 'llm', instructions: 'call fetchJson({ url })', priority: 5, group },
    ],
  };
}

async function members(group: NonNullable<Subtask['group']>): Promise<string[]> {
  const ws = await makeWorkspace(FILES);
  const check = checkPlan(groupPlan(group), planCheckHost(ws), 64);
  assert.deepEqual(check.problems, []);
  return check.plan.subtasks.map((s) => `${s.id} ${s.file}`);
}

test('references of a symbol declared in a file: its uses, re-exports included, never its declaration', async () => {
  assert.deepEqual(await members({ references: { symbol: 'fetchJson', declaredIn: 'src/api.ts' } }), [
    's1.1 src/barrel.ts',
    's1.2 src/orders.ts',
    's1.3 src/users/list.ts',
    's1.4 src/users/one.ts',
  ]);
  assert.deepEqual(await members({ references: { symbol: 'fetchJson', declaredIn: 'src/shadow.ts' } }), [
    's1.1 src/usesShadow.ts',
  ]);
});

test('importers of a file: every direct importer, import type included', async () => {
  assert.deepEqual(await members({ importersOf: 'src/api.ts' }), [
    's1.1 src/barrel.ts',
    's1.2 src/orders.ts',
    's1.3 src/users/list.ts',
    's1.4 src/users/one.ts',
  ]);
  assert.deepEqual(await members({ importersOf: './src/other.ts' }), ['s1.1 src/types.ts']);
});

test('a glob, with except; a list keeps its order and drops duplicates', async () => {
  assert.deepEqual(await members({ glob: 'src/users/**' }), [
    's1.1 src/users/list.ts',
    's1.2 src/users/one.ts',
  ]);
  assert.deepEqual(
    await members({ glob: 'src/*.ts', except: ['src/api.ts', 'src/shadow.ts', 'src/barrel.ts'] }),
    ['s1.1 src/orders.ts', 's1.2 src/other.ts', 's1.3 src/types.ts', 's1.4 src/usesShadow.ts'],
  );
  assert.deepEqual(await members({ files: ['src/orders.ts', './src/users/one.ts', 'src/orders.ts'] }), [
    's1.1 src/orders.ts',
    's1.2 src/users/one.ts',
  ]);
});

test('members carry the group instruction, priority and tier; dependsOn a group means all its members', async () => {
  const ws = await makeWorkspace(FILES);
  const plan: Plan = {
    summary: 's',
    subtasks: [
      { file: 'src/api.ts', handler: 'llm', instructions: 'take { url }', priority: 9, id: 'decl' },
      {
        file: 'users',
        handler: 'llm',
        instructions: 'call fetchJson({ url })',
        priority: 7,
        tier: 'fast',
        id: 'users',
        dependsOn: ['decl'],
        group: { glob: 'src/users/*.ts' },
      },
      {
        file: 'src/orders.ts',
        handler: 'llm',
        instructions: 'after the users',
        priority: 5,
        dependsOn: ['users'],
      },
    ],
  };
  const check = checkPlan(plan, planCheckHost(ws), 64);
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.plan.subtasks, [
    { file: 'src/api.ts', handler: 'llm', instructions: 'take { url }', priority: 9, id: 'decl' },
    {
      file: 'src/users/list.ts',
      handler: 'llm',
      instructions: 'call fetchJson({ url })',
      priority: 7,
      tier: 'fast',
      id: 'users.1',
      dependsOn: ['decl'],
    },
    {
      file: 'src/users/one.ts',
      handler: 'llm',
      instructions: 'call fetchJson({ url })',
      priority: 7,
      tier: 'fast',
      id: 'users.2',
      dependsOn: ['decl'],
    },
    {
      file: 'src/orders.ts',
      handler: 'llm',
      instructions: 'after the users',
      priority: 5,
      id: 's3',
      dependsOn: ['users.1', 'users.2'],
    },
  ]);
  assert.deepEqual(check.groups, [
    {
      id: 'users',
      label: 'users',
      query: 'files matching src/users/*.ts',
      handler: 'llm',
      instructions: 'call fetchJson({ url })',
      matched: 2,
      members: [
        { id: 'users.1', file: 'src/users/list.ts' },
        { id: 'users.2', file: 'src/users/one.ts' },
      ],
    },
  ]);
  // The expanded plan is checked again before it runs: it comes back unchanged, with no groups left.
  const again = checkPlan(check.plan, planCheckHost(ws), 64);
  assert.deepEqual(again.plan, check.plan);
  assert.deepEqual(again.groups, []);
});

test('the cap counts every member: the ones beyond maxWorkers are dropped and reported', async () => {
  const ws = await makeWorkspace(FILES);
  const decl: Subtask = { file: 'src/api.ts', handler: 'llm', instructions: 'take { url }', priority: 9 };
  const check = checkPlan(groupPlan({ importersOf: 'src/api.ts' }, [decl]), planCheckHost(ws), 3);
  assert.deepEqual(
    check.plan.subtasks.map((s) => s.file),
    ['src/api.ts', 'src/barrel.ts', 'src/orders.ts'],
  );
  assert.deepEqual(check.dropped, ['src/users/list.ts', 'src/users/one.ts']);
  assert.deepEqual(check.problems, [
    'the plan has 5 subtasks (a group counts each of its files) but at most 3 are allowed; keep the most important',
  ]);
  assert.deepEqual(
    check.groups[0]?.members.map((m) => m.file),
    ['src/barrel.ts', 'src/orders.ts'],
  );
  assert.equal(check.groups[0]?.matched, 4);
});

test('a group reaching outside the workspace or matching nothing is refused with why', async () => {
  const ws = await makeWorkspace(FILES);
  const host = planCheckHost(ws);
  const refused = (group: NonNullable<Subtask['group']>, handler: Subtask['handler'] = 'llm'): unknown => {
    const plan = groupPlan(group);
    const check = checkPlan({ ...plan, subtasks: plan.subtasks.map((s) => ({ ...s, handler })) }, host, 64);
    assert.deepEqual(check.plan.subtasks, []);
    return { rejected: check.rejected, problems: check.problems };
  };
  assert.deepEqual(refused({ glob: '../**/*.ts' }), {
    rejected: [
      {
        file: 'group s1 ("callers")',
        reason: 'the glob ../**/*.ts reaches outside the workspace; write it relative to the workspace root',
      },
    ],
    problems: [
      'group s1 ("callers"): the glob ../**/*.ts reaches outside the workspace; write it relative to the workspace root',
    ],
  });
  assert.deepEqual(refused({ importersOf: '../elsewhere/api.ts' }), {
    rejected: [
      { file: 'group s1 ("callers")', reason: '"importersOf" ../elsewhere/api.ts is outside the workspace' },
    ],
    problems: ['group s1 ("callers"): "importersOf" ../elsewhere/api.ts is outside the workspace'],
  });
  assert.deepEqual(refused({ glob: 'lib/**/*.ts' }), {
    rejected: [
      {
        file: 'group s1 ("callers")',
        reason: 'files matching lib/**/*.ts matched no workspace file; leave the group out or name its files',
      },
    ],
    problems: [
      'group s1 ("callers"): files matching lib/**/*.ts matched no workspace file; leave the group out or name its files',
    ],
  });
  assert.deepEqual(refused({ references: { symbol: 'nowhere' } }), {
    rejected: [
      { file: 'group s1 ("callers")', reason: 'no declaration of nowhere was found in the workspace' },
    ],
    problems: ['group s1 ("callers"): no declaration of nowhere was found in the workspace'],
  });
  assert.deepEqual(refused({ glob: 'src/*.ts', importersOf: 'src/api.ts' }), {
    rejected: [
      {
        file: 'group s1 ("callers")',
        reason:
          'a group names exactly one of "references", "importersOf", "glob", "files" (this one names importersOf and glob); use one group per query',
      },
    ],
    problems: [
      'group s1 ("callers"): a group names exactly one of "references", "importersOf", "glob", "files" (this one names importersOf and glob); use one group per query',
    ],
  });
  assert.deepEqual(refused({ glob: 'src/*.ts' }, 'rename'), {
    rejected: [
      {
        file: 'group s1 ("callers")',
        reason:
          'handler "rename" takes no group; only "llm" subtasks may name their files by a group (give each file its own subtask otherwise)',
      },
    ],
    problems: [
      'group s1 ("callers"): handler "rename" takes no group; only "llm" subtasks may name their files by a group (give each file its own subtask otherwise)',
    ],
  });
  // A listed path outside the workspace is refused alone, naming its group; the rest of the group stays.
  const listed = checkPlan(groupPlan({ files: ['src/orders.ts', '../../etc/x.ts'] }), host, 64);
  assert.deepEqual(
    listed.plan.subtasks.map((s) => s.file),
    ['src/orders.ts'],
  );
  assert.deepEqual(listed.rejected, [
    { file: '../../etc/x.ts', reason: 'path is outside the workspace (in group s1 ("callers"))' },
  ]);
  assert.deepEqual(listed.problems, [
    '../../etc/x.ts (in group s1 ("callers")): path is outside the workspace',
  ]);
});

test('a member another model subtask owns follows the same-file rule, naming the group', async () => {
  const ws = await makeWorkspace(FILES);
  const own: Subtask = { file: 'src/orders.ts', handler: 'llm', instructions: 'own change', priority: 5 };
  const check = checkPlan(groupPlan({ importersOf: 'src/api.ts' }, [own]), planCheckHost(ws), 64);
  assert.deepEqual(
    check.plan.subtasks.map((s) => `${s.id} ${s.file}`),
    ['s1 src/orders.ts', 's2.1 src/barrel.ts', 's2.3 src/users/list.ts', 's2.4 src/users/one.ts'],
  );
  assert.deepEqual(check.problems, [
    'src/orders.ts: more than one subtask for this file; merge them into one, or make the later one depend on the ' +
      'earlier (dependsOn) (the file is a member of group s2 ("callers"); leave it out of the group with its ' +
      '"except", or out of the other subtask)',
  ]);
  // After a deterministic step on a file, a member's model step is fine (it works on the step's result).
  const rename: Subtask = {
    file: 'src/orders.ts',
    handler: 'rename',
    instructions: 'rename',
    priority: 5,
    rename: { from: 'orders', to: 'allOrders' },
  };
  const after = checkPlan(groupPlan({ importersOf: 'src/api.ts' }, [rename]), planCheckHost(ws), 64);
  assert.deepEqual(after.problems, []);
  assert.equal(after.plan.subtasks.length, 5);
});
