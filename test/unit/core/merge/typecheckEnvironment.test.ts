import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareDiagnostics } from '../../../../src/core/merge/typecheck';
import { projectTexts, tempWorkspace, type TempWorkspace } from '../../../support/merge';

// No @types and no node_modules, as in a fresh clone: every test global and package import is an error.
const files = {
  'src/sum.ts': 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/schema.ts': "import { z } from 'zod';\n\nexport const Id = z.string();\n",
  'test/sum.test.ts':
    "import { sum } from '../src/sum';\n\ndescribe('sum', () => {\n  it('adds', () => {\n    expect(sum(1, 2)).toBe(3);\n  });\n});\n",
};

const workspaces: TempWorkspace[] = [];
after(() => workspaces.forEach((w) => w.dispose()));
function ws(): TempWorkspace {
  const w = tempWorkspace(files);
  workspaces.push(w);
  return w;
}

const DESCRIBE =
  "Cannot find name 'describe'. Do you need to install type definitions for a test runner? Try `npm i --save-dev @types/jest` or `npm i --save-dev @types/mocha` and then add 'jest' or 'mocha' to the types field in your tsconfig.";
const IT =
  "Cannot find name 'it'. Do you need to install type definitions for a test runner? Try `npm i --save-dev @types/jest` or `npm i --save-dev @types/mocha` and then add 'jest' or 'mocha' to the types field in your tsconfig.";
const EXPECT = "Cannot find name 'expect'.";
const ZOD = "Cannot find module 'zod' or its corresponding type declarations.";

test('a created test file whose globals lack types elsewhere too: nothing new, all environmental', () => {
  const w = ws();
  const baseline = projectTexts(w);
  const r = compareDiagnostics(w, [
    {
      file: 'test/double.test.ts',
      after: "describe('double', () => {\n  it('doubles', () => {\n    expect(2 * 2).toBe(4);\n  });\n});\n",
    },
  ]);
  assert.deepEqual(r.introduced, []);
  assert.deepEqual(r.environmental, [
    { file: 'test/double.test.ts', line: 1, code: 2593, message: DESCRIBE },
    { file: 'test/double.test.ts', line: 2, code: 2593, message: IT },
    { file: 'test/double.test.ts', line: 3, code: 2304, message: EXPECT },
  ]);
  assert.equal(
    r.environmentSummary,
    'not checked: test globals have no type definitions: describe, expect, it',
  );
  assert.deepEqual(
    projectTexts(w),
    baseline,
    'the files checked for the baseline leave the project as it was',
  );
});

test('a created file importing a package the workspace already imports uninstalled: environmental', () => {
  const w = ws();
  const r = compareDiagnostics(w, [
    { file: 'src/email.ts', after: "import { z } from 'zod';\n\nexport const Email = z.string().email();\n" },
  ]);
  assert.deepEqual(r.introduced, []);
  assert.deepEqual(r.environmental, [{ file: 'src/email.ts', line: 1, code: 2307, message: ZOD }]);
  assert.equal(r.environmentSummary, 'not checked: 1 package is not installed: zod');
});

test('a package no other file imports, a typo and a wrong type in a created file are new', () => {
  const w = ws();
  const r = compareDiagnostics(w, [
    {
      file: 'src/fresh.ts',
      after:
        "import { v } from 'valibot';\nimport { sum } from './sum';\n\nexport const s: string = sum(1, 2);\nexport const t = totl;\n",
    },
  ]);
  assert.deepEqual(r.introduced, [
    {
      file: 'src/fresh.ts',
      line: 1,
      code: 2307,
      message: "Cannot find module 'valibot' or its corresponding type declarations.",
    },
    {
      file: 'src/fresh.ts',
      line: 4,
      code: 2322,
      message: "Type 'number' is not assignable to type 'string'.",
    },
    { file: 'src/fresh.ts', line: 5, code: 2304, message: "Cannot find name 'totl'." },
  ]);
  assert.deepEqual(r.environmental, []);
  assert.equal(r.environmentSummary, '');
});

test('a moved file is compared with its origin: its old errors are not new, a new one is', () => {
  const w = tempWorkspace({
    'src/old.ts': "export const broken: string = 1;\nexport const x = 'x';\n",
  });
  workspaces.push(w);
  const moved = compareDiagnostics(w, [
    {
      file: 'src/new.ts',
      origin: 'src/old.ts',
      after: "// moved\nexport const broken: string = 1;\nexport const y = 'x';\n",
    },
  ]);
  assert.deepEqual(moved.introduced, []);
  const worse = compareDiagnostics(w, [
    {
      file: 'src/new.ts',
      origin: 'src/old.ts',
      after: "export const broken: string = 1;\nexport const other: number = 'x';\n",
    },
  ]);
  assert.deepEqual(worse.introduced, [
    { file: 'src/new.ts', line: 2, code: 2322, message: "Type 'string' is not assignable to type 'number'." },
  ]);
  const unmoved = compareDiagnostics(w, [
    { file: 'src/new.ts', after: 'export const broken: string = 1;\n' },
  ]);
  assert.deepEqual(unmoved.introduced, [
    { file: 'src/new.ts', line: 1, code: 2322, message: "Type 'number' is not assignable to type 'string'." },
  ]);
});
