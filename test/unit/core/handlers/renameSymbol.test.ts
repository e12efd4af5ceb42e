import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renameSymbol } from '../../../../src/core/handlers/renameSymbol';
import { err } from '../../../../src/core/result';
import { projectTexts, tempWorkspace, type TempWorkspace } from '../../../support/merge';

const files = {
  'src/a.ts': `export interface User {
  id: string;
  name: string;
}
export function loadUser(id: string): User {
  const name = 'n' + id;
  return { id, name };
}
`,
  'src/b.ts': `export { loadUser } from './a';
export type { User } from './a';
`,
  'src/c.ts': `import { loadUser } from './b';
import type { User } from './a';
export const u: User = loadUser('1');
export const api = { loadUser };
`,
  'src/d.ts': `import * as A from './a';
export const v = A.loadUser('2').name;
`,
};

const workspaces: TempWorkspace[] = [];
after(() => workspaces.forEach((w) => w.dispose()));

function doTest(args: { file: string; from: string; to: string }, expected: Record<string, string>): void {
  const ws = tempWorkspace(files);
  workspaces.push(ws);
  const baseline = projectTexts(ws);
  const r = renameSymbol(ws, args);
  if (!r.ok) assert.fail(r.error);
  assert.deepEqual(Object.fromEntries(r.value.map((c) => [c.file, c.after])), expected);
  for (const c of r.value) {
    assert.equal(c.before, files[c.file as keyof typeof files]);
    assert.equal(c.beforeHash, ws.hashOf(c.file));
    assert.equal(c.isNew, false);
  }
  assert.deepEqual(projectTexts(ws), baseline, 'the in-memory project is back at baseline');
  for (const [file, text] of Object.entries(files))
    assert.equal(readFileSync(path.join(ws.root, file), 'utf8'), text);
}

function doError(args: { file: string; from: string; to: string }, error: string): void {
  const ws = tempWorkspace(files);
  workspaces.push(ws);
  const baseline = projectTexts(ws);
  assert.deepEqual(renameSymbol(ws, args), err(error));
  assert.deepEqual(projectTexts(ws), baseline);
}

test('renames a function across a re-export, an import of the re-export, a namespace import and a shorthand', () => {
  doTest(
    { file: 'src/a.ts', from: 'loadUser', to: 'fetchUser' },
    {
      'src/a.ts': `export interface User {
  id: string;
  name: string;
}
export function fetchUser(id: string): User {
  const name = 'n' + id;
  return { id, name };
}
`,
      'src/b.ts': `export { fetchUser } from './a';
export type { User } from './a';
`,
      'src/c.ts': `import { fetchUser } from './b';
import type { User } from './a';
export const u: User = fetchUser('1');
export const api = { loadUser: fetchUser };
`,
      'src/d.ts': `import * as A from './a';
export const v = A.fetchUser('2').name;
`,
    },
  );
});

test('renames a type through `import type` and `export type { }`', () => {
  doTest(
    { file: 'src/a.ts', from: 'User', to: 'Account' },
    {
      'src/a.ts': `export interface Account {
  id: string;
  name: string;
}
export function loadUser(id: string): Account {
  const name = 'n' + id;
  return { id, name };
}
`,
      'src/b.ts': `export { loadUser } from './a';
export type { Account } from './a';
`,
      'src/c.ts': `import { loadUser } from './b';
import type { Account } from './a';
export const u: Account = loadUser('1');
export const api = { loadUser };
`,
    },
  );
});

test('starting from an importing file follows the import to the declaration', () => {
  const ws = tempWorkspace(files);
  workspaces.push(ws);
  const r = renameSymbol(ws, { file: 'src/c.ts', from: 'loadUser', to: 'fetchUser' });
  assert.equal(r.ok, true);
  assert.deepEqual(r.ok && r.value.map((c) => c.file), ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts']);
});

test('renames a member named as Container.member; a shorthand keeps its local', () => {
  doTest(
    { file: 'src/a.ts', from: 'User.name', to: 'fullName' },
    {
      'src/a.ts': `export interface User {
  id: string;
  fullName: string;
}
export function loadUser(id: string): User {
  const name = 'n' + id;
  return { id, fullName: name };
}
`,
      'src/d.ts': `import * as A from './a';
export const v = A.loadUser('2').fullName;
`,
    },
  );
});

test('refuses bad names, unknown symbols and collisions with a clear message', () => {
  doError(
    { file: 'src/a.ts', from: 'loadUser', to: '1user' },
    'rename loadUser → 1user: "1user" is not a valid TypeScript identifier',
  );
  doError(
    { file: 'src/a.ts', from: 'loadUser', to: 'class' },
    'rename loadUser → class: "class" is a reserved word',
  );
  doError(
    { file: 'src/a.ts', from: 'saveUser', to: 'x' },
    'rename saveUser → x: `saveUser` is not declared in src/a.ts (it exports: User, loadUser)',
  );
  doError(
    { file: 'src/a.ts', from: 'User.email', to: 'mail' },
    'rename User.email → mail: `User` in src/a.ts has no member `email`',
  );
  doError(
    { file: 'src/a.ts', from: 'loadUser', to: 'u' },
    'rename loadUser → u: `u` is already declared in scope in c.ts (c.ts:3); choose another name',
  );
  doError(
    { file: 'src/a.ts', from: 'User.id', to: 'name' },
    'rename User.id → name: User already has a member `name`',
  );
  doError({ file: '../x.ts', from: 'a', to: 'b' }, 'rename a → b: ../x.ts is outside the workspace');
});
