import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../../../src/core/plan/planSchema';
import { remainingObligations, renamesIn } from '../../../../src/core/run/obligations';
import type { FileChange, SubtaskOutcome } from '../../../../src/core/runTypes';
import { tempWorkspace } from '../../../support/merge';

const FILES: Record<string, string> = {
  'src/http.ts': `export function fetchJson(url: string): Promise<unknown> {
  return Promise.resolve(url);
}
`,
  'src/users.ts': `import { fetchJson } from './http';

export const loadUser = (id: string) => fetchJson(\`/users/\${id}\`);
export const loadUsers = () => fetchJson('/users');
`,
  'src/local.ts': `import { fetchJson } from './http';

export const api = { fetchJson };

function inner(): number {
  const fetchJson = 1;
  return fetchJson;
}
export const n = inner();
`,
};

const HTTP_RENAMED = `export function requestJson(url: string): Promise<unknown> {
  return Promise.resolve(url);
}
`;

function change(file: string, after: string): FileChange {
  return { file, before: FILES[file]!, after, beforeHash: 'x', isNew: false };
}

function outcome(
  file: string,
  status: SubtaskOutcome['status'],
  extra: Partial<SubtaskOutcome> = {},
): SubtaskOutcome {
  return { file, handler: 'llm', status, attempts: 1, costUsd: 0, ...extra };
}

test('rename wording in instructions: backticked, plain, arrows; keywords and same names are not renames', () => {
  assert.deepEqual(renamesIn('Rename `fetchJson` to `requestJson` everywhere'), [
    { from: 'fetchJson', to: 'requestJson' },
  ]);
  assert.deepEqual(renamesIn('rename the function UserId to AccountId; `User.name` → `fullName`'), [
    { from: 'UserId', to: 'AccountId' },
    { from: 'name', to: 'fullName', container: 'User' },
  ]);
  assert.deepEqual(renamesIn('rename the import to default; rename x to x'), []);
});

test('an llm rename that leaves one reference to the old name: listed by file and line', () => {
  const ws = tempWorkspace(FILES);
  const plan: Plan = {
    summary: 'Rename fetchJson.',
    subtasks: ['src/http.ts', 'src/users.ts'].map((file) => ({
      file,
      handler: 'llm' as const,
      instructions: 'Rename `fetchJson` to `requestJson` in this file.',
      priority: 5,
    })),
  };
  const changes = [
    change('src/http.ts', HTTP_RENAMED),
    change(
      'src/users.ts',
      `import { requestJson } from './http';

export const loadUser = (id: string) => requestJson(\`/users/\${id}\`);
export const loadUsers = () => fetchJson('/users');
`,
    ),
  ];

  const obligations = remainingObligations({
    workspace: ws,
    plan,
    instruction: 'rename fetchJson',
    outcomes: [outcome('src/http.ts', 'done'), outcome('src/users.ts', 'done')],
    changes,
    facts: { symbols: [] },
  });
  assert.deepEqual(obligations, [
    {
      subtask: 'src/users.ts',
      kind: 'old-name',
      file: 'src/users.ts',
      line: 4,
      message: 'src/users.ts:4: `fetchJson` is still referenced; the plan renames it to `requestJson`',
    },
  ]);
  ws.dispose();
});

test("the handler's shapes that keep a name on purpose and an unrelated local of the same name are not left-overs", () => {
  const ws = tempWorkspace(FILES);
  const plan: Plan = {
    summary: 'Rename fetchJson.',
    subtasks: [
      {
        file: 'src/http.ts',
        handler: 'rename',
        instructions: 'rename',
        priority: 10,
        rename: { from: 'fetchJson', to: 'requestJson' },
      },
      { file: 'src/local.ts', handler: 'llm', instructions: 'Nothing else to do.', priority: 1 },
    ],
  };
  const changes = [
    change('src/http.ts', HTTP_RENAMED),
    change(
      'src/users.ts',
      `import { requestJson } from './http';

export const loadUser = (id: string) => requestJson(\`/users/\${id}\`);
export const loadUsers = () => requestJson('/users');
`,
    ),
    change(
      'src/local.ts',
      `import { requestJson } from './http';

export const api = { fetchJson: requestJson };

function inner(): number {
  const fetchJson = 1;
  return fetchJson;
}
export const n = inner();
`,
    ),
  ];

  const obligations = remainingObligations({
    workspace: ws,
    plan,
    instruction: 'rename `fetchJson` to `requestJson`',
    outcomes: [{ ...outcome('src/http.ts', 'done'), handler: 'rename' }, outcome('src/local.ts', 'done')],
    changes,
    facts: { symbols: [] },
  });
  assert.deepEqual(obligations, []);
  ws.dispose();
});

test('every planned file that did not change is listed, with the reason its subtask gave', () => {
  const ws = tempWorkspace(FILES);
  const plan: Plan = {
    summary: 'x',
    subtasks: ['src/http.ts', 'src/users.ts', 'src/local.ts'].map((file) => ({
      file,
      handler: 'llm' as const,
      instructions: 'Add a comment.',
      priority: 5,
    })),
  };
  const obligations = remainingObligations({
    workspace: ws,
    plan,
    instruction: 'add comments',
    outcomes: [
      outcome('src/http.ts', 'done'),
      outcome('src/users.ts', 'unchanged', { notes: 'already commented' }),
      outcome('src/local.ts', 'unchanged'),
    ],
    changes: [
      change(
        'src/http.ts',
        `// c
export function fetchJson(url: string): Promise<unknown> {
  return Promise.resolve(url);
}
`,
      ),
    ],
    facts: { symbols: [] },
  });
  assert.deepEqual(
    obligations.map((o) => [o.kind, o.file, o.message]),
    [
      [
        'unchanged',
        'src/users.ts',
        'src/users.ts: the plan says this file must change; it is unchanged: already commented',
      ],
      [
        'unchanged',
        'src/local.ts',
        'src/local.ts: the plan says this file must change; it is unchanged: no reason given',
      ],
    ],
  );
  ws.dispose();
});

test("a member rename (`A.id`) is checked for A's member only, not another type's member of the same name", () => {
  const ws = tempWorkspace({
    'src/types.ts': `export interface A {
  id: string;
}
export interface B {
  id: string;
}
export const a: A = { id: 'a' };
export const b: B = { id: 'b' };
export const ids = [a.id, b.id];
`,
  });
  const plan: Plan = {
    summary: 'Rename A.id.',
    subtasks: [
      {
        file: 'src/types.ts',
        handler: 'rename',
        instructions: 'rename',
        priority: 10,
        rename: { from: 'A.id', to: 'key' },
      },
    ],
  };
  const before = ws.readText('src/types.ts')!;
  const after = `export interface A {
  key: string;
}
export interface B {
  id: string;
}
export const a: A = { key: 'a' };
export const b: B = { id: 'b' };
export const ids = [a.key, b.id];
`;
  const obligations = remainingObligations({
    workspace: ws,
    plan,
    instruction: 'rename `A.id` to `key`',
    outcomes: [{ ...outcome('src/types.ts', 'done'), handler: 'rename' }],
    changes: [{ file: 'src/types.ts', before, after, beforeHash: 'x', isNew: false }],
    facts: { symbols: [] },
  });
  assert.deepEqual(obligations, []);
  ws.dispose();
});

test('a rename on a moved file: the old path is gone (not a left-over), a reference left in the moved text still is', () => {
  const ws = tempWorkspace(FILES);
  const plan: Plan = {
    summary: 'Move http.ts to src/net/http.ts and rename fetchJson.',
    subtasks: [
      {
        id: 'm',
        file: 'src/http.ts',
        handler: 'move',
        to: 'src/net/http.ts',
        instructions: 'move',
        priority: 10,
      },
      {
        id: 'r',
        file: 'src/net/http.ts',
        handler: 'rename',
        instructions: 'rename',
        priority: 9,
        rename: { from: 'fetchJson', to: 'requestJson' },
        dependsOn: ['m'],
      },
    ],
  };
  const moved = (after: string): FileChange => ({
    ...change('src/http.ts', after),
    file: 'src/net/http.ts',
    movedFrom: 'src/http.ts',
  });
  const users = change(
    'src/users.ts',
    `import { requestJson } from './net/http';

export const loadUser = (id: string) => requestJson(\`/users/\${id}\`);
export const loadUsers = () => requestJson('/users');
`,
  );
  const outcomes = [
    { ...outcome('src/http.ts', 'done'), id: 'm', handler: 'move' as const },
    { ...outcome('src/net/http.ts', 'done'), id: 'r', handler: 'rename' as const },
  ];
  const check = (http: string): ReturnType<typeof remainingObligations> =>
    remainingObligations({
      workspace: ws,
      plan,
      instruction: 'move http.ts and rename `fetchJson` to `requestJson`',
      outcomes,
      changes: [moved(http), users],
      facts: { symbols: [] },
    });
  // src/http.ts still holds the old name on disk, but the result moves it away: nothing is left.
  assert.deepEqual(check(HTTP_RENAMED), []);
  // The moved text with its declaration not renamed: a reference the baseline had (at the old path) is left.
  assert.deepEqual(check(FILES['src/http.ts']!), [
    {
      subtask: 'src/net/http.ts',
      kind: 'old-name',
      file: 'src/net/http.ts',
      line: 1,
      message: 'src/net/http.ts:1: `fetchJson` is still referenced; the plan renames it to `requestJson`',
    },
  ]);
  ws.dispose();
});
