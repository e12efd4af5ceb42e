/** A group's glob (picomatch): braces and the other standard forms, `except` as negation, and refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan, Subtask } from '../../../../src/core/plan/planSchema';
import { groupGlobMatcher } from '../../../../src/core/plan/groupGlob';
import { checkPlan, planCheckHost } from '../../../../src/core/plan/validatePlan';
import { makeWorkspace } from '../../../support/workspace';

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, target: 'ES2022', jsx: 'preserve' },
    include: ['src', 'app'],
  }),
  'src/api.ts': 'export const api = 1;\n',
  'src/api.test.ts': "import { api } from './api';\nexport const t = api;\n",
  'src/ui/Button.tsx': 'export const Button = () => null;\n',
  'src/ui/Button.test.tsx': "import { Button } from './Button';\nexport const t = Button;\n",
  'src/ui/deep/Icon.tsx': 'export const Icon = () => null;\n',
  'src/legacy/old.ts': 'export const old = 1;\n',
  'src/a.ts': 'export const a = 1;\n',
  'src/b.ts': 'export const b = 1;\n',
  'app/(shop)/page.tsx': 'export const page = 1;\n',
};

function groupPlan(group: NonNullable<Subtask['group']>): Plan {
  return {
    summary: 's',
    subtasks: [{ file: 'ui files', handler: 'llm', instructions: 'migrate', priority: 5, group }],
  };
}

async function members(group: NonNullable<Subtask['group']>): Promise<string[]> {
  const ws = await makeWorkspace(FILES);
  const check = checkPlan(groupPlan(group), planCheckHost(ws), 64);
  assert.deepEqual(check.problems, []);
  return check.plan.subtasks.map((s) => s.file);
}

async function refusal(group: NonNullable<Subtask['group']>): Promise<string[]> {
  const ws = await makeWorkspace(FILES);
  const check = checkPlan(groupPlan(group), planCheckHost(ws), 64);
  assert.deepEqual(check.plan.subtasks, []);
  return check.problems;
}

test('braces, classes and ?: the standard glob forms select exactly their files', async () => {
  assert.deepEqual(await members({ glob: 'src/**/*.{ts,tsx}' }), [
    'src/a.ts',
    'src/api.test.ts',
    'src/api.ts',
    'src/b.ts',
    'src/legacy/old.ts',
    'src/ui/Button.test.tsx',
    'src/ui/Button.tsx',
    'src/ui/deep/Icon.tsx',
  ]);
  assert.deepEqual(await members({ glob: 'src/ui/*.tsx' }), ['src/ui/Button.test.tsx', 'src/ui/Button.tsx']);
  assert.deepEqual(await members({ glob: 'src/[ab].ts' }), ['src/a.ts', 'src/b.ts']);
  assert.deepEqual(await members({ glob: 'src/?.ts' }), ['src/a.ts', 'src/b.ts']);
  assert.deepEqual(await members({ glob: 'src/{a,api}.ts' }), ['src/a.ts', 'src/api.ts']);
});

test('without a "/" a glob matches file names at any depth; a folder takes every file below it', async () => {
  assert.deepEqual(await members({ glob: '*.test.{ts,tsx}' }), ['src/api.test.ts', 'src/ui/Button.test.tsx']);
  assert.deepEqual(await members({ glob: 'src/legacy' }), ['src/legacy/old.ts']);
  assert.deepEqual(await members({ glob: 'src/ui/' }), [
    'src/ui/Button.test.tsx',
    'src/ui/Button.tsx',
    'src/ui/deep/Icon.tsx',
  ]);
});

test('dot-files match like any other; a backslash escapes ()[]{} and is otherwise a separator', async () => {
  // The workspace lists no file under a dot-folder here (tsconfig's include skips them), so on the matcher:
  const dots = groupGlobMatcher('src/**/*.ts');
  assert.ok(dots.ok);
  assert.deepEqual(
    ['src/.generated/client.ts', 'src/.env.ts'].map((f) => dots.value(f)),
    [true, true],
  );
  assert.deepEqual(await members({ glob: 'app/\\(shop\\)/*.tsx' }), ['app/(shop)/page.tsx']);
  assert.deepEqual(await members({ glob: 'app/(shop)' }), ['app/(shop)/page.tsx']);
  assert.deepEqual(await members({ glob: 'src\\ui\\deep\\*.tsx' }), ['src/ui/deep/Icon.tsx']);
});

test('negation via except: paths and globs leave files out', async () => {
  assert.deepEqual(
    await members({ glob: 'src/**/*.{ts,tsx}', except: ['**/*.test.{ts,tsx}', 'src/legacy/**'] }),
    ['src/a.ts', 'src/api.ts', 'src/b.ts', 'src/ui/Button.tsx', 'src/ui/deep/Icon.tsx'],
  );
  assert.deepEqual(
    await members({ glob: 'src/ui/**', except: ['src/ui/Button.test.tsx', './src/ui/deep/Icon.tsx'] }),
    ['src/ui/Button.tsx'],
  );
});

test('a glob matching nothing, a negated glob, a bad one and one reaching outside are refused with why', async () => {
  assert.deepEqual(await refusal({ glob: 'src/**/*.{vue,svelte}' }), [
    'group s1 ("ui files"): files matching src/**/*.{vue,svelte} matched no workspace file; leave the group out or name its files',
  ]);
  assert.deepEqual(await refusal({ glob: 'src/ui/*.tsx', except: ['src/ui/*.tsx'] }), [
    'group s1 ("ui files"): files matching src/ui/*.tsx, except src/ui/*.tsx matched no workspace file once "except" is left out; leave the group out or name its files',
  ]);
  assert.deepEqual(await refusal({ glob: '!src/**/*.test.ts' }), [
    'group s1 ("ui files"): the glob !src/**/*.test.ts is negated; name the files to change and put the ones to leave out in "except"',
  ]);
  assert.deepEqual(await refusal({ glob: 'src/[ab.ts' }), [
    'group s1 ("ui files"): the glob src/[ab.ts is not a valid glob (Missing closing: "]" - use "\\\\]" to match literal characters)',
  ]);
  assert.deepEqual(await refusal({ glob: 'src/*.ts', except: ['../**/*.ts'] }), [
    'group s1 ("ui files"): "except" pattern ../**/*.ts reaches outside the workspace; write it relative to the workspace root',
  ]);
});

test('the matcher on its own: * and ? stay within a folder, ** spans folders', () => {
  const m = groupGlobMatcher('src/*.ts');
  assert.ok(m.ok);
  assert.deepEqual(
    ['src/a.ts', 'src/x/a.ts', 'lib/a.ts', 'src/.hidden.ts'].map((f) => m.value(f)),
    [true, false, false, true],
  );
  const deep = groupGlobMatcher('src/**/*.ts');
  assert.ok(deep.ok);
  assert.deepEqual(
    ['src/a.ts', 'src/x/y/a.ts', 'src/x/a.tsx'].map((f) => deep.value(f)),
    [true, true, false],
  );
});
