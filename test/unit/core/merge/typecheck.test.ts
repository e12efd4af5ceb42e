import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareDiagnostics, introducedDiagnostics } from '../../../../src/core/merge/typecheck';
import { projectTexts, tempWorkspace, type TempWorkspace } from '../../../support/merge';

const files = {
  'src/math.ts': 'export function double(n: number): number {\n  return n * 2;\n}\n',
  'src/use.ts': "import { double } from './math';\n\nexport const four: number = double(2);\n",
  'src/old.ts': 'export const broken: string = 1;\n',
  'src/other.ts': 'export const unrelated: number = 1;\n',
};

const workspaces: TempWorkspace[] = [];
after(() => workspaces.forEach((w) => w.dispose()));
function ws(): TempWorkspace {
  const w = tempWorkspace(files);
  workspaces.push(w);
  return w;
}

test('changing a parameter type breaks the caller in another file: exactly that diagnostic is introduced', () => {
  const w = ws();
  const baseline = projectTexts(w);
  const r = compareDiagnostics(w, [
    {
      file: 'src/math.ts',
      after: 'export function double(n: string): number {\n  return n.length * 2;\n}\n',
    },
  ]);
  assert.deepEqual(r.before, []);
  const expected = [
    {
      file: 'src/use.ts',
      line: 3,
      code: 2345,
      message: "Argument of type 'number' is not assignable to parameter of type 'string'.",
    },
  ];
  assert.deepEqual(r.after, expected);
  assert.deepEqual(r.introduced, expected);
  assert.deepEqual(projectTexts(w), baseline, 'the project is restored');
  assert.equal(
    readFileSync(path.join(w.root, 'src/math.ts'), 'utf8'),
    files['src/math.ts'],
    'nothing written to disk',
  );
});

test('pre-existing errors are not "introduced", even when the edit shifts their line', () => {
  const w = ws();
  const r = compareDiagnostics(w, [
    { file: 'src/old.ts', after: '// moved down\nexport const broken: string = 1;\n' },
  ]);
  const message = "Type 'number' is not assignable to type 'string'.";
  assert.deepEqual(r.before, [{ file: 'src/old.ts', line: 1, code: 2322, message }]);
  assert.deepEqual(r.after, [{ file: 'src/old.ts', line: 2, code: 2322, message }]);
  assert.deepEqual(r.introduced, []);
});

test('new files are checked, then removed from the project again', () => {
  const w = ws();
  const baseline = projectTexts(w);
  const r = compareDiagnostics(w, [
    {
      file: 'src/fresh.ts',
      after: "import { double } from './math';\nexport const s: string = double(1);\n",
    },
  ]);
  assert.deepEqual(r.introduced, [
    {
      file: 'src/fresh.ts',
      line: 2,
      code: 2322,
      message: "Type 'number' is not assignable to type 'string'.",
    },
  ]);
  assert.deepEqual(projectTexts(w), baseline);
  assert.equal(w.getProject().getSourceFile(`${w.root}/src/fresh.ts`), undefined);
});

test('a fix removes the baseline error and introduces nothing; a syntax error is reported', () => {
  const w = ws();
  const fixed = compareDiagnostics(w, [
    { file: 'src/old.ts', after: "export const broken: string = '1';\n" },
  ]);
  assert.equal(fixed.before.length, 1);
  assert.deepEqual(fixed.after, []);
  assert.deepEqual(fixed.introduced, []);
  const syntax = compareDiagnostics(w, [
    { file: 'src/other.ts', after: 'export const unrelated: number = ;\n' },
  ]);
  assert.deepEqual(syntax.introduced, [
    { file: 'src/other.ts', line: 1, code: 1109, message: 'Expression expected.' },
  ]);
});

test('introducedDiagnostics matches as a multiset', () => {
  const d = { file: 'a.ts', line: 1, code: 1, message: 'm' };
  assert.deepEqual(
    introducedDiagnostics(
      [d],
      [
        { ...d, line: 5 },
        { ...d, line: 9 },
      ],
    ),
    [{ ...d, line: 9 }],
  );
});
