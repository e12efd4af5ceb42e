import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideChanges } from '../../../../src/core/workspace/workspaceChanges';

test('source files under the root are updated one by one; the rest is ignored', () => {
  assert.deepEqual(
    decideChanges('/ws', [
      '/ws/src/b.ts',
      '/ws/src/a.ts',
      '/ws/src/a.ts',
      '/ws/lib/x.mjs',
      '/elsewhere/c.ts',
      '/ws/node_modules/dep/index.ts',
      '/ws/.git/index',
      '/ws/data/fixture.json',
      '/ws/README.md',
    ]),
    { kind: 'update', files: ['lib/x.mjs', 'src/a.ts', 'src/b.ts'] },
  );
  assert.deepEqual(decideChanges('/ws', ['/ws/README.md']), { kind: 'none' });
});

test('a config or package.json change, or a burst of files, asks for a reload', () => {
  assert.deepEqual(decideChanges('/ws', ['/ws/src/a.ts', '/ws/packages/app/tsconfig.json']), {
    kind: 'reload',
    reason: 'packages/app/tsconfig.json changed',
  });
  assert.deepEqual(decideChanges('/ws', ['/ws/jsconfig.json']), {
    kind: 'reload',
    reason: 'jsconfig.json changed',
  });
  assert.deepEqual(decideChanges('/ws', ['/ws/package.json']), {
    kind: 'reload',
    reason: 'package.json changed',
  });
  assert.deepEqual(decideChanges('/ws', ['/ws/node_modules/x/package.json']), { kind: 'none' });
  const many = Array.from({ length: 51 }, (_, i) => `/ws/src/f${i}.ts`);
  assert.deepEqual(decideChanges('/ws', many), {
    kind: 'reload',
    reason: '51 files changed at once (more than 50)',
  });
  assert.equal(decideChanges('/ws', many.slice(0, 50)).kind, 'update');
  assert.equal(decideChanges('/ws', many.slice(0, 5), { burstFiles: 4 }).kind, 'reload');
});
