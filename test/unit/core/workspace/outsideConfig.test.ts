import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importGraphOf } from '../../../../src/core/workspace/importGraph';
import { makeWorkspace } from '../../../support/workspace';

test('files outside every include are listed when they import a listed file, directly or through a helper', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, outDir: 'build', declarationDir: 'types' },
      include: ['source'],
      exclude: ['source/legacy'],
    }),
    'source/api.ts': 'export function greet(name: string): string {\n  return name;\n}\n',
    'source/legacy/old.ts': "import { greet } from '../api';\n\nexport const old = greet('x');\n",
    'source/legacy/alone.ts': 'export const alone = 1;\n',
    'test/helper.ts': "import { greet } from '../source/api';\n\nexport const hi = greet('a');\n",
    'test/api.test.ts': "import { hi } from './helper';\n\nexport const checked = hi;\n",
    'test/fixture.ts': 'export const fixture = 1;\n',
    'test/types.d.ts': "import { greet } from '../source/api';\nexport type G = typeof greet;\n",
    'build/api.ts': "import { greet } from '../source/api';\nexport const b = greet;\n",
    'types/api.ts': "import { greet } from '../source/api';\nexport const t = greet;\n",
    'scripts/gen.js': "import { greet } from '../source/api';\n",
  });
  // Excluded-but-importing counts (tests are often excluded from the build config); build output,
  // declaration files, files importing nothing listed and (in a TypeScript workspace) JavaScript do not.
  assert.deepEqual(ws.listFiles(), [
    'source/api.ts',
    'source/legacy/old.ts',
    'test/api.test.ts',
    'test/helper.ts',
  ]);
  assert.deepEqual(ws.skipped, []);
  assert.deepEqual(
    importGraphOf(ws)
      .in.get('source/api.ts')
      ?.map((e) => e.from),
    ['source/legacy/old.ts', 'test/helper.ts'],
  );
  assert.deepEqual(ws.importsOf('test/fixture.ts'), undefined, 'an unlisted file keeps no import records');
});

test("a file outside a package's include resolves `paths` with the nearest tsconfig; the user's exclude still applies", async () => {
  const tree = {
    'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/core' }] }),
    'packages/core/tsconfig.json': JSON.stringify({
      compilerOptions: { baseUrl: '.', paths: { '@core/*': ['src/*'] } },
      include: ['src'],
    }),
    'packages/core/src/user.ts': 'export interface User {\n  id: string;\n}\n',
    'packages/core/test/user.test.ts':
      "import type { User } from '@core/user';\n\nexport const u: User = { id: '1' };\n",
    'packages/core/bench/user.bench.ts':
      "import type { User } from '../src/user';\n\nexport const b: User[] = [];\n",
  };
  const ws = await makeWorkspace(tree);
  assert.deepEqual(ws.listFiles(), [
    'packages/core/bench/user.bench.ts',
    'packages/core/src/user.ts',
    'packages/core/test/user.test.ts',
  ]);
  assert.equal(
    ws.resolveImport('packages/core/test/user.test.ts', '@core/user'),
    'packages/core/src/user.ts',
  );
  const excluded = await makeWorkspace(tree, { exclude: ['**/bench/**'] });
  assert.deepEqual(excluded.listFiles(), ['packages/core/src/user.ts', 'packages/core/test/user.test.ts']);
});
