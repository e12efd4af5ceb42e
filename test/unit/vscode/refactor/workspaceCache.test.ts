/** The workspace cache over real disk workspaces: edits are applied incrementally, bursts and configs reload. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { WorkspaceCache } from '../../../../src/vscode/refactor/workspaceCache';
import { writeTree } from '../../../support/tempTree';
import { candidateLines } from '../../../support/workspace';

const TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ include: ['src'] }),
  'src/model.ts': 'export interface Order {\n  total: number;\n}\n',
  'src/a.ts': 'export const a = 1;\n',
};
const ORDER = { instruction: '', seed: { name: 'Order' }, importDepth: 1 };

test('an edit between two commands is applied to the same loaded workspace before the second', async () => {
  const root = writeTree(TREE);
  const refreshed: string[] = [];
  const cache = new WorkspaceCache(openWorkspace, {
    batchMs: 10_000, // only the next get() applies it
    onRefreshed: (how, detail) => refreshed.push(`${how}: ${detail}`),
  });
  const first = await cache.get(root, {});
  assert.deepEqual(candidateLines(await gatherFacts(first, ORDER)), ['src/model.ts [definition] 0 @']);
  const kept = cache.current()?.kept;
  writeFileSync(path.join(root, 'src/a.ts'), "import type { Order } from './model';\nexport let a: Order;\n");
  cache.markChanged(path.join(root, 'src/a.ts'));
  const second = await cache.get(root, {});
  assert.equal(second, first, 'the same workspace, updated');
  assert.equal(kept?.aborted, false, 'background work on it goes on');
  assert.deepEqual(candidateLines(await gatherFacts(second, ORDER)), [
    'src/model.ts [definition] 0 @',
    'src/a.ts [reference,type-import] 2 @1,2',
  ]);
  assert.deepEqual({ loads: cache.loads, updates: cache.updates }, { loads: 1, updates: 1 });
  assert.deepEqual(refreshed, ['updated: 1 changed, 0 created, 0 deleted']);
});

test('changes are applied after a quiet moment without a command asking', async () => {
  const root = writeTree(TREE);
  const refreshed: string[] = [];
  const cache = new WorkspaceCache(openWorkspace, { batchMs: 20, onRefreshed: (how) => refreshed.push(how) });
  await cache.get(root, {});
  writeFileSync(path.join(root, 'src/b.ts'), 'export const b = 2;\n');
  cache.markChanged(path.join(root, 'src/b.ts'));
  cache.markChanged(path.join(root, 'README.md'));
  assert.deepEqual(refreshed, []);
  await wait(80);
  assert.deepEqual(refreshed, ['updated']);
  assert.deepEqual((await cache.get(root, {})).listFiles(), ['src/a.ts', 'src/b.ts', 'src/model.ts']);
  assert.equal(cache.loads, 1);
});

test('a tsconfig change or a burst of files loads the workspace again in the background', async () => {
  const root = writeTree(TREE);
  const refreshed: string[] = [];
  const cache = new WorkspaceCache(openWorkspace, {
    batchMs: 10_000,
    burstFiles: 3,
    onRefreshed: (how, detail) => refreshed.push(`${how}: ${detail}`),
  });
  const first = await cache.get(root, {});
  const kept = cache.current()?.kept;
  cache.markChanged(path.join(root, 'tsconfig.json'));
  cache.flush();
  assert.equal(kept?.aborted, true, 'work on the old load stops');
  const second = await cache.get(root, {});
  assert.notEqual(second, first);
  for (const name of ['c', 'd', 'e', 'f']) {
    writeFileSync(path.join(root, `src/${name}.ts`), `export const ${name} = 0;\n`);
    cache.markChanged(path.join(root, `src/${name}.ts`));
  }
  const third = await cache.get(root, {});
  assert.notEqual(third, second);
  assert.equal(third.listFiles().length, 6);
  await wait(0);
  assert.deepEqual(refreshed, [
    'reloaded: tsconfig.json changed',
    'reloaded: 4 files changed at once (more than 3)',
  ]);
  assert.deepEqual({ loads: cache.loads, updates: cache.updates }, { loads: 3, updates: 0 });
});
