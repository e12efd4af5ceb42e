import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { makeWorkspace } from '../../../support/workspace';

const TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
  'src/item.ts':
    'export interface Item {\n  label: string;\n}\nexport class Shelf {\n  items: Item[] = [];\n}\n',
  // Both uses of `label` are typed only through lib generics: Array.prototype.map and Promise.then.
  'src/use.ts': [
    "import { Shelf, type Item } from './item';",
    'export const labels = (items: Item[]) => items.map((i) => i.label);',
    'export const first = (p: Promise<Item>) => p.then((i) => i.label);',
    'export const shelf = new Shelf();',
    '',
  ].join('\n'),
};

/** The lib files the workspace's query project holds, by name. */
function libFiles(ws: Awaited<ReturnType<typeof makeWorkspace>>): string[] {
  const files = ws
    .queryProject()
    .getSourceFiles()
    .map((f) => f.getFilePath());
  return files
    .filter((f) => f.includes('__orchestra__'))
    .map((f) => f.split('/').pop() ?? f)
    .sort();
}

test('a module-level symbol is found against the stub lib alone: no lib text parsed or bound', async () => {
  const ws = await makeWorkspace(TREE);
  const facts = await gatherFacts(ws, { instruction: '', seed: { name: 'Shelf' }, importDepth: 1 });
  assert.deepEqual(
    facts.candidates.map((c) => `${c.file} ${c.reasons.join('+')} ${c.lines.join(',')}`),
    ['src/item.ts definition ', 'src/use.ts reference 1,4'],
  );
  assert.deepEqual(libFiles(ws), ['lib.stub.d.ts']);
});

test('a member query adds the real libs, so uses typed through lib generics are found', async () => {
  const ws = await makeWorkspace(TREE);
  const facts = await gatherFacts(ws, { instruction: '', seed: { name: 'label' }, importDepth: 1 });
  const use = facts.candidates.find((c) => c.file === 'src/use.ts');
  assert.deepEqual(use?.lines, [2, 3], JSON.stringify(facts.candidates));
  assert.ok(use?.reasons.includes('reference'));
  assert.deepEqual(libFiles(ws), ['lib.query.d.ts', 'lib.stub.d.ts']);
  // The real libs stay: a later module-level query on the same workspace still finds everything.
  const again = await gatherFacts(ws, { instruction: '', seed: { name: 'Shelf' }, importDepth: 1 });
  assert.deepEqual(
    again.candidates.map((c) => c.file),
    ['src/item.ts', 'src/use.ts'],
  );
});
