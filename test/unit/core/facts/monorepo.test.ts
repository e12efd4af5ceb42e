import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { candidateSummary, fixturePath, WS_MONOREPO_USER } from '../../../support/workspace';

// test/fixtures/ws-monorepo: a solution-style root tsconfig, two packages, no node_modules. The app imports
// core by package name (`@acme/core`, whose package.json points into dist/) and by a tsconfig path (`@core/*`).

test('User across packages: package-name and paths imports, export * barrel, import type, a .test.ts importer', async () => {
  const ws = await openWorkspace(fixturePath('ws-monorepo'));
  const facts = await gatherFacts(ws, {
    instruction: 'Add an email to User',
    seed: { name: 'User' },
    importDepth: 1,
  });
  assert.deepEqual(candidateSummary(facts), WS_MONOREPO_USER);
  assert.deepEqual(
    facts.candidates.map((c) => c.lines),
    [[6, 10], [1, 3, 7], [1, 4], [1, 3], [], [], []],
  );
  assert.deepEqual(facts.symbols, [
    {
      name: 'User',
      kind: 'interface',
      file: 'packages/core/src/user.ts',
      line: 1,
      exported: true,
      signature: 'export interface User {',
    },
  ]);
  assert.equal(facts.source, 'packages/core/tsconfig.json, packages/app/tsconfig.json');
  assert.deepEqual(facts.skipped, []);
});

test('a function seed from the instruction, two importer hops reach the app test', async () => {
  const ws = await openWorkspace(fixturePath('ws-monorepo'));
  const facts = await gatherFacts(ws, { instruction: 'Rename `createUser` to `makeUser`', importDepth: 2 });
  assert.deepEqual(candidateSummary(facts), [
    { file: 'packages/core/src/user.ts', reasons: ['definition'], references: 0 },
    { file: 'packages/app/src/main.ts', reasons: ['reference'], references: 2 },
    { file: 'packages/core/src/user.test.ts', reasons: ['reference', 'test'], references: 2 },
    { file: 'packages/app/src/__tests__/main.spec.ts', reasons: ['importer', 'test'], references: 0 },
    { file: 'packages/app/src/banner.ts', reasons: ['importer'], references: 0 },
    { file: 'packages/app/src/profile.ts', reasons: ['importer'], references: 0 },
    { file: 'packages/core/src/format.ts', reasons: ['importer'], references: 0 },
    { file: 'packages/core/src/index.ts', reasons: ['re-export'], references: 0 },
  ]);
  assert.deepEqual(facts.importEdges, [
    { from: 'packages/app/src/__tests__/main.spec.ts', to: 'packages/app/src/main.ts' },
    { from: 'packages/app/src/banner.ts', to: 'packages/app/src/main.ts' },
    { from: 'packages/app/src/main.ts', to: 'packages/core/src/index.ts' },
    { from: 'packages/app/src/profile.ts', to: 'packages/core/src/user.ts' },
    { from: 'packages/core/src/format.ts', to: 'packages/core/src/user.ts' },
    { from: 'packages/core/src/index.ts', to: 'packages/core/src/user.ts' },
    { from: 'packages/core/src/index.ts', to: 'packages/core/src/format.ts' },
    { from: 'packages/core/src/user.test.ts', to: 'packages/core/src/user.ts' },
  ]);
});
