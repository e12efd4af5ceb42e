import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { candidateLines, makeWorkspace } from '../../../support/workspace';

// A package whose tsconfig includes only `source/`: its tests live in `test/`, outside every tsconfig.
const PACKAGE = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['source'] }),
  'source/greet.ts': 'export function greet(name: string): string {\n  return `hi ${name}`;\n}\n',
  'source/index.ts': "export { greet } from './greet';\n",
  'test/greet.test.ts':
    "import { greet } from '../source/greet';\n\ndescribe('greet', () => {\n  it('greets', () => {\n    expect(greet('a')).toBe('hi a');\n  });\n});\n",
  'test/index.test.ts': "import { greet } from '../source';\n\nexport const viaIndex = greet('b');\n",
  'test/other.test.ts': "describe('other', () => {\n  it('runs', () => {});\n});\n",
};

test('a test folder outside every tsconfig that names the symbol: its files are candidates with their references', async () => {
  const ws = await makeWorkspace(PACKAGE);
  const facts = await gatherFacts(ws, { instruction: 'make `greet` take an options object', importDepth: 1 });
  assert.deepEqual(
    facts.symbols.map((s) => `${s.file}:${s.line} ${s.kind} ${s.name}`),
    ['source/greet.ts:1 function greet'],
  );
  assert.deepEqual(candidateLines(facts), [
    'source/greet.ts [definition] 0 @',
    'test/greet.test.ts [reference,test] 2 @1,5',
    'test/index.test.ts [reference,test] 2 @1,3',
    'source/index.ts [re-export] 1 @1',
  ]);
  assert.equal(facts.fileCount, 4);
});
