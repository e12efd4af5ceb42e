/** The dependency context of a later wave's worker: most related first, shortened least related first to fit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANGED_INTRO,
  dependencyContext,
  outline,
  type ChangedByDependency,
} from '../../../../src/core/worker/dependencyContext';

const OWN = "import { a } from './a';\nexport const main = a;\n";
const A: ChangedByDependency = {
  file: 'src/a.ts',
  by: ['s1'],
  before: 'export const a = 1;\n',
  after: 'export const a = 2;\n',
};
const B: ChangedByDependency = {
  file: 'src/b.ts',
  by: ['s0'],
  before: 'export function b(): number {\n  return 1;\n}\n',
  after: 'export function b(): number {\n  return 2;\n}\n',
};

const input = (fits: (c: string | undefined) => boolean) => ({
  file: 'src/main.ts',
  text: OWN,
  dependsOn: ['s1'],
  changed: [B, A],
  workerFileTokens: 1000,
  model: 'small-model',
  fits,
});

const WHOLE_A = '<file path="src/a.ts" (whole file, changed by s1)>\nexport const a = 2;\n\n</file>';

test('with room, every changed file is whole, the one the worker imports (and its direct dependency changed) first', () => {
  assert.equal(
    dependencyContext(input(() => true)),
    `${CHANGED_INTRO}\n\n${WHOLE_A}\n\n<file path="src/b.ts" (whole file, changed by s0)>\n${B.after}\n</file>`,
  );
});

test('without room, the least related file is shortened first, then left out and named', () => {
  // No room for src/b.ts in any form: every file is shortened (diff, then outline) before it is left out.
  const fits = (c: string | undefined): boolean => c === undefined || !c.includes('<file path="src/b.ts"');
  assert.equal(
    dependencyContext(input(fits)),
    `${CHANGED_INTRO}\n\n<file path="src/a.ts" (outline: its top-level lines only, the rest left out to fit small-model's context window, changed by s1)>\nexport const a = 2;\n</file>\n\nLeft out to fit small-model's context window: src/b.ts (changed by s0). ` +
      'The plan above says what their subtasks change; rely on it for those files.',
  );
  const outlined = dependencyContext(
    input(
      (c) =>
        c === undefined ||
        (!c.includes('(whole file, changed by s0)') && !c.includes('unified diff, changed by s0')),
    ),
  );
  assert.ok(
    outlined?.includes(
      '<file path="src/b.ts" (outline: its top-level lines only, the rest left out to fit small-model\'s context window, changed by s0)>\n' +
        'export function b(): number {\n  … (1 line left out)\n}\n</file>',
    ),
    outlined,
  );
});

test('an outline keeps the lines at column 0 and counts the others', () => {
  assert.equal(
    outline('const x = {\n  a: 1,\n  b: 2,\n};\n\nexport function f() {\n  return x;\n}\n'),
    'const x = {\n  … (2 lines left out)\n};\nexport function f() {\n  … (1 line left out)\n}',
  );
});
