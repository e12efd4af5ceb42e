import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { prewarmWorkspace } from '../../../../src/core/facts/prewarm';
import { makeWorkspace } from '../../../support/workspace';

test('prewarm lists the files, builds the import graph and binds the libs; the first query then reuses them', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022' },
      include: ['src'],
    }),
    'src/a.ts': 'export const alpha = 1;\n',
    'src/b.ts': "import { alpha } from './a';\nexport const beta = alpha + 1;\n",
    'src/c.ts':
      "import { beta } from './b';\nimport { alpha } from './a';\nexport const gamma = beta + alpha;\n",
  });
  const report = prewarmWorkspace(ws);
  assert.equal(report.files, 3);
  assert.equal(report.importEdges, 3);
  assert.ok(report.programFiles >= 1, 'the lib files are in the warmed program');
  const project = ws.queryProject?.();
  const libFiles = project?.getSourceFiles().length ?? 0;
  const facts = await gatherFacts(ws, { instruction: '', seed: { name: 'alpha' }, importDepth: 1 });
  assert.deepEqual(
    facts.candidates.map((c) => `${c.file} ${c.reasons.join('+')} ${c.references}`),
    ['src/a.ts definition 0', 'src/b.ts reference 2', 'src/c.ts reference 2'],
  );
  // The same query project served the query: the lib file(s) were not added again.
  assert.equal(ws.queryProject?.(), project);
  assert.ok((project?.getSourceFiles().length ?? 0) >= libFiles);
});
