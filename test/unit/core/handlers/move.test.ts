/**
 * The 'move' handler: a file moved through TypeScript's getEditsForFileRename, every importer's specifier
 * updated (relative, `paths`-mapped, package-name barrels, `import type`, re-exports, dynamic import()),
 * the file's own imports recomputed from its new place, with no model call.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { isPlan } from '../../../support/mockRequests';
import { diagnosticsOf, runPlanned } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

export function move(file: string, to: string): Subtask {
  return { file, handler: 'move', instructions: `move ${file} to ${to}`, priority: 10, to };
}

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    lib: ['ES2022'],
    types: [],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
    baseUrl: '.',
    paths: { '@core/*': ['packages/core/src/*'] },
  },
  include: ['packages'],
});

/** Two packages: app imports core by package name (its barrel), by a `paths` alias and relatively. */
const MONO = {
  'tsconfig.json': TSCONFIG,
  'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
  'packages/core/package.json': JSON.stringify({
    name: '@mono/core',
    version: '1.0.0',
    main: 'src/index.ts',
  }),
  'packages/core/src/user.ts': `import { clamp } from './math';

export interface User {
  id: string;
  age: number;
}

export function makeUser(id: string, age: number): User {
  return { id, age: clamp(age) };
}
`,
  'packages/core/src/math.ts': `export function clamp(n: number): number {
  return Math.max(0, n);
}
`,
  'packages/core/src/index.ts': `export { makeUser } from './user';
export type { User } from './user';
export * from './math';
`,
  'packages/app/package.json': JSON.stringify({ name: '@mono/app', version: '1.0.0' }),
  'packages/app/src/main.ts': `import { makeUser } from '@mono/core';
import type { User } from '@core/user';

export const admin: User = makeUser('admin', 40);

export async function later(): Promise<User> {
  const mod = await import('../../core/src/user');
  return mod.makeUser('later', 1);
}
`,
  'packages/app/src/profile.ts': `import { makeUser, type User } from '@core/user';

export function guest(): User {
  return makeUser('guest', 0);
}
`,
};

test('a module renamed in a monorepo: every importer updated, the old file gone, type-check clean, no worker call', async () => {
  const run = await runPlanned(
    mock,
    MONO,
    [move('packages/core/src/user.ts', 'packages/core/src/people/account.ts')],
    'rename the user module to people/account',
  );
  assert.deepEqual(run.texts, {
    'tsconfig.json': TSCONFIG,
    'package.json': MONO['package.json'],
    'packages/core/package.json': MONO['packages/core/package.json'],
    'packages/core/src/math.ts': MONO['packages/core/src/math.ts'],
    'packages/core/src/index.ts': `export { makeUser } from './people/account';
export type { User } from './people/account';
export * from './math';
`,
    'packages/app/package.json': MONO['packages/app/package.json'],
    // The package-name import goes through the barrel, which is what changed; the alias keeps its style.
    'packages/app/src/main.ts': `import { makeUser } from '@mono/core';
import type { User } from '@core/people/account';

export const admin: User = makeUser('admin', 40);

export async function later(): Promise<User> {
  const mod = await import('../../core/src/people/account');
  return mod.makeUser('later', 1);
}
`,
    'packages/app/src/profile.ts': `import { makeUser, type User } from '@core/people/account';

export function guest(): User {
  return makeUser('guest', 0);
}
`,
    // Its own relative import is recomputed from the new folder.
    'packages/core/src/people/account.ts': `import { clamp } from '../math';

export interface User {
  id: string;
  age: number;
}

export function makeUser(id: string, age: number): User {
  return { id, age: clamp(age) };
}
`,
  });
  const { result } = run;
  assert.deepEqual(
    result.changes.map((c) => [c.file, c.movedFrom ?? null, c.deleted ?? false, c.isNew]),
    [
      ['packages/app/src/main.ts', null, false, false],
      ['packages/app/src/profile.ts', null, false, false],
      ['packages/core/src/index.ts', null, false, false],
      ['packages/core/src/people/account.ts', 'packages/core/src/user.ts', false, false],
    ],
  );
  assert.deepEqual(result.diagnostics.after, []);
  assert.deepEqual(result.diagnostics.introduced, []);
  assert.equal(result.verdict.kind, 'done', result.verdict.message);
  assert.deepEqual(result.outcomes, [
    {
      file: 'packages/core/src/user.ts',
      handler: 'move',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes:
        'moved packages/core/src/user.ts → packages/core/src/people/account.ts; updated imports in 3 file(s)',
    },
  ]);
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
});

const FOLDER = {
  'src/util/a.ts': `import { b } from './b';

export const a = (): number => b() + 1;
`,
  'src/util/b.ts': `import type { Config } from '../config';

export function b(config?: Config): number {
  return config?.base ?? 1;
}
export async function lazyA(): Promise<number> {
  return (await import('./a')).a();
}
`,
  'src/config.ts': `export interface Config {
  base: number;
}
`,
  'src/main.ts': `import { a } from './util/a';
export { b } from './util/b';

export const total = a();
`,
};

test('a folder moved file by file: the two files keep importing each other, importers follow', async () => {
  assert.deepEqual(diagnosticsOf(FOLDER), []);
  const run = await runPlanned(
    mock,
    FOLDER,
    [move('src/util/a.ts', 'src/lib/math/a.ts'), move('src/util/b.ts', 'src/lib/math/b.ts')],
    'move src/util to src/lib/math',
  );
  const expected = {
    'src/config.ts': FOLDER['src/config.ts'],
    'src/main.ts': `import { a } from './lib/math/a';
export { b } from './lib/math/b';

export const total = a();
`,
    'src/lib/math/a.ts': FOLDER['src/util/a.ts'],
    'src/lib/math/b.ts': `import type { Config } from '../../config';

export function b(config?: Config): number {
  return config?.base ?? 1;
}
export async function lazyA(): Promise<number> {
  return (await import('./a')).a();
}
`,
  };
  assert.deepEqual(run.texts, expected);
  assert.deepEqual(diagnosticsOf(expected), []);
  assert.deepEqual(
    run.result.changes.map((c) => [c.file, c.movedFrom ?? null]),
    [
      ['src/lib/math/a.ts', 'src/util/a.ts'],
      ['src/lib/math/b.ts', 'src/util/b.ts'],
      ['src/main.ts', null],
    ],
  );
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.equal(run.result.verdict.kind, 'done', run.result.verdict.message);
  assert.equal(run.requests.length, 1, 'the plan call only');
});
