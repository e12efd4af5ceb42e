/**
 * The 'inferReturnType' handler: TypeScript's "Infer function return type" by name — a function, an arrow
 * function in a const, a method — with no model call; a function that declares its return type is refused.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { isEditCall, isPlan } from '../../../support/mockRequests';
import { diagnosticsOf, runPlanned, runSteps, step } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const USERS = {
  'src/types.ts': `export interface User {
  id: string;
  name: string;
}
`,
  'src/users.ts': `import type { User } from './types';

export function index(users: User[]) {
  return new Map(users.map((u) => [u.id, u]));
}

export const label = (user: User, prefix: string) => \`\${prefix}\${user.name}\`;

export class Cache {
  entries(limit: number) {
    return [limit];
  }
}

export function count(users: User[]): number {
  return users.length;
}
`,
};

test('a function gets the return type TypeScript infers, naming an imported type; no worker call', async () => {
  assert.deepEqual(diagnosticsOf(USERS), []);
  const run = await runPlanned(
    mock,
    USERS,
    [step('inferReturnType', 'src/users.ts', { symbol: 'index' })],
    'annotate the return type of `index`',
  );
  assert.deepEqual(run.texts, {
    'src/types.ts': USERS['src/types.ts'],
    'src/users.ts': `import type { User } from './types';

export function index(users: User[]): Map<string, User> {
  return new Map(users.map((u) => [u.id, u]));
}

export const label = (user: User, prefix: string) => \`\${prefix}\${user.name}\`;

export class Cache {
  entries(limit: number) {
    return [limit];
  }
}

export function count(users: User[]): number {
  return users.length;
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(run.result.outcomes, [
    {
      file: 'src/users.ts',
      handler: 'inferReturnType',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'wrote out the inferred return type of index',
    },
  ]);
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.equal(run.result.estimate.workersUsd, 0);
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
  assert.equal(run.requests.filter(isEditCall).length, 0);
});

test('an arrow function in a const and a method, in one run; a function that has a return type is refused', async () => {
  const run = await runSteps(
    USERS,
    [
      step('inferReturnType', 'src/users.ts', { symbol: 'label' }),
      step('inferReturnType', 'src/users.ts', { symbol: 'Cache.entries' }),
      step('inferReturnType', 'src/users.ts', { symbol: 'count' }),
    ],
    mock.url,
  );
  assert.deepEqual(run.texts, {
    'src/types.ts': USERS['src/types.ts'],
    'src/users.ts': `import type { User } from './types';

export function index(users: User[]) {
  return new Map(users.map((u) => [u.id, u]));
}

export const label = (user: User, prefix: string): string => \`\${prefix}\${user.name}\`;

export class Cache {
  entries(limit: number): number[] {
    return [limit];
  }
}

export function count(users: User[]): number {
  return users.length;
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.errorReason, o.notes ?? o.reason]),
    [
      ['done', undefined, 'wrote out the inferred return type of label'],
      ['done', undefined, 'wrote out the inferred return type of Cache.entries'],
      [
        'failed',
        'bad-input',
        'inferReturnType count (src/users.ts): `count` in src/users.ts already declares its return type',
      ],
    ],
  );
  assert.equal(mock.requests.length, 0);
});
