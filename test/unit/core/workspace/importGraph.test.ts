import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanImports } from '../../../../src/core/workspace/importScan';
import { namesInInstruction } from '../../../../src/core/facts/prefilter';
import {
  buildImportGraph,
  importersWithin,
  starReexporters,
} from '../../../../src/core/workspace/importGraph';
import { makeWorkspace } from '../../../support/workspace';

test('the import scanner finds every module reference form with its kind', () => {
  const text = [
    `import a from './a';`,
    `import { b, type B } from "./b";`,
    `import type { C } from './c';`,
    `import * as d from './d';`,
    `import {`,
    `  e1,`,
    `  e2,`,
    `} from './e';`,
    `import './side-effect';`,
    `export * from './star';`,
    `export * as ns from './star-as';`,
    `export { f } from './f';`,
    `export type { G } from './g';`,
    `import h = require('./h');`,
    `const i = await import('./i');`,
    `const j = require("./j");`,
    `export const notAnImport = 'from "./k"';`,
    `import type from './default-named-type';`,
  ].join('\n');
  assert.deepEqual(
    scanImports(text).map((r) => `${r.kind}${r.typeOnly ? ' type' : ''} ${r.specifier}`),
    [
      'import ./a',
      'import ./b',
      'import type ./c',
      'import ./d',
      'import ./e',
      'side-effect ./side-effect',
      'export-star ./star',
      'export-star-as ./star-as',
      'export-from ./f',
      'export-from type ./g',
      'import ./h',
      'dynamic ./i',
      'dynamic ./j',
      'import ./default-named-type',
    ],
  );
});

test('instruction names: backticked identifiers first, then camelCase/PascalCase words', () => {
  assert.deepEqual(
    namesInInstruction('Rename `UserService.getUser()` to `fetchUser` in ApiClient and the Order model'),
    {
      backticked: ['UserService', 'getUser', 'fetchUser'],
      words: ['ApiClient', 'Order'],
    },
  );
  // A capitalised word that only starts a sentence is not a name.
  assert.deepEqual(namesInInstruction('Add logging. Then make createOrder async.'), {
    backticked: [],
    words: ['createOrder'],
  });
});

test('import graph: reverse edges, star re-export chains and importer hops', async () => {
  const ws = await makeWorkspace({
    'def.ts': 'export const x = 1;\n',
    'barrel.ts': "export * from './def';\n",
    'top.ts': "export * from './barrel';\n",
    'named.ts': "export { x } from './def';\n",
    'use1.ts': "import { x } from './top';\nexport const y = x;\n",
    'use2.ts': "import { y } from './use1';\nexport const z = y;\n",
    'use3.ts': "import { z } from './use2';\nexport const w = z;\n",
  });
  const graph = buildImportGraph(ws);
  assert.deepEqual([...starReexporters(graph, ['def.ts'])].sort(), ['barrel.ts', 'top.ts']);
  assert.deepEqual([...importersWithin(graph, ['def.ts', 'barrel.ts', 'top.ts'], 2)].sort(), [
    ['named.ts', 1],
    ['use1.ts', 1],
    ['use2.ts', 2],
  ]);
});
