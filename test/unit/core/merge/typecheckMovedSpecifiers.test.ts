/**
 * Deep package imports (`@acme/lib/util` through an `exports` "./*" pattern, no node_modules link) in the type-check
 * of a move: a specifier the move rewrote reaches the moved file; one whose target does not exist stays an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseMovedSpecifier, PackageLookup } from '../../../../src/core/merge/movedSpecifiers';
import { compareDiagnostics } from '../../../../src/core/merge/typecheck';
import { writeTree } from '../../../support/tempTree';
import { makeWorkspace } from '../../../support/workspace';

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    lib: ['ES2022'],
    types: [],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
  },
  include: ['packages'],
});

const UTIL = `export function pad(s: string): string {
  return s.padStart(4, ' ');
}
`;

const FILES = {
  'tsconfig.json': TSCONFIG,
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*'] }),
  'packages/lib/package.json': JSON.stringify({ name: '@acme/lib', exports: { './*': './src/*.ts' } }),
  'packages/lib/src/util.ts': UTIL,
  'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
  'packages/app/src/main.ts': `import { pad } from '@acme/lib/util';

export const line = pad('7');
`,
};

const mainImporting = (spec: string): string => `import { pad } from '${spec}';

export const line = pad('7');
`;

test('a move of a deep-imported file: the rewritten specifier reaches the new path, nothing is new', async () => {
  const ws = await makeWorkspace(FILES);
  const result = compareDiagnostics(ws, [
    { file: 'packages/lib/src/helpers.ts', after: UTIL, movedFrom: 'packages/lib/src/util.ts' },
    { file: 'packages/app/src/main.ts', after: mainImporting('@acme/lib/helpers') },
  ]);
  assert.deepEqual(result.before, []);
  assert.deepEqual(result.after, []);
  assert.deepEqual(result.introduced, []);
});

test('a deep import whose target does not exist after the move is still a new error', async () => {
  const ws = await makeWorkspace(FILES);
  // The file moved to helpers/index.ts; `@acme/lib/helpers` maps to src/helpers.ts, which nothing creates.
  const result = compareDiagnostics(ws, [
    { file: 'packages/lib/src/helpers/index.ts', after: UTIL, movedFrom: 'packages/lib/src/util.ts' },
    { file: 'packages/app/src/main.ts', after: mainImporting('@acme/lib/helpers') },
  ]);
  const missing = {
    file: 'packages/app/src/main.ts',
    line: 1,
    code: 2307,
    message: "Cannot find module '@acme/lib/helpers' or its corresponding type declarations.",
  };
  assert.deepEqual(result.after, [missing]);
  assert.deepEqual(result.introduced, [missing]);
  // The same for a misspelt specifier next to a move that the right spelling would reach.
  const typo = compareDiagnostics(ws, [
    { file: 'packages/lib/src/helpers.ts', after: UTIL, movedFrom: 'packages/lib/src/util.ts' },
    { file: 'packages/app/src/main.ts', after: mainImporting('@acme/lib/helper') },
  ]);
  assert.deepEqual(typo.introduced, [
    { ...missing, message: "Cannot find module '@acme/lib/helper' or its corresponding type declarations." },
  ]);
});

test("an unresolved moved specifier is compared as the baseline's old one; another specifier is not", () => {
  const root = writeTree(FILES);
  const packages = new PackageLookup(root);
  const moves = [{ from: 'packages/lib/src/util.ts', to: 'packages/lib/src/helpers.ts' }];
  const missing = (spec: string) => ({
    code: 2307,
    message: `Cannot find module '${spec}' or its corresponding type declarations.`,
  });
  const baseline = [missing('@acme/lib/util')];
  assert.deepEqual(
    normaliseMovedSpecifier(missing('@acme/lib/helpers'), packages, moves, baseline),
    missing('@acme/lib/util'),
  );
  for (const spec of ['@acme/lib/helper', '@acme/lib/other', '@other/lib/helpers'])
    assert.deepEqual(normaliseMovedSpecifier(missing(spec), packages, moves, baseline), missing(spec), spec);
  // No move, or no baseline error for the old specifier: nothing to compare it with.
  assert.deepEqual(
    normaliseMovedSpecifier(missing('@acme/lib/helpers'), packages, [], baseline),
    missing('@acme/lib/helpers'),
  );
  assert.deepEqual(
    normaliseMovedSpecifier(missing('@acme/lib/helpers'), packages, moves, []),
    missing('@acme/lib/helpers'),
  );
});
