import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { parseAhead } from '../../../../src/core/facts/parseAhead';
import { makeWorkspace } from '../../../support/workspace';

const TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
  'src/model.ts':
    'export interface Account {\n  id: string;\n}\nexport interface Order {\n  total: number;\n}\n',
  'src/hub.ts': "export * from './model';\n",
  'src/a.ts': "import type { Account } from './model';\nexport const a: Account = { id: 'a' };\n",
  'src/b.ts': "import type { Order } from './model';\nexport const b: Order = { total: 1 };\n",
  'src/c.ts':
    "import type { Account, Order } from './hub';\nexport const c = (x: Account, o: Order) => x.id + o.total;\n",
};

const summary = (facts: Awaited<ReturnType<typeof gatherFacts>>): string[] =>
  facts.candidates.map((c) => `${c.file} ${c.reasons.join('+')} ${c.references} ${c.lines.join(',')}`);

test('after parsing ahead a query adds no files and finds exactly what it finds without', async () => {
  const plain = await makeWorkspace(TREE);
  const expected = summary(
    await gatherFacts(plain, { instruction: '', seed: { name: 'Order' }, importDepth: 1 }),
  );
  assert.ok(expected.length >= 3, expected.join('\n'));

  const ws = await makeWorkspace(TREE);
  const report = await parseAhead(ws);
  assert.deepEqual(
    { parsed: report.parsed, leftOut: report.leftOut, aborted: report.aborted },
    { parsed: 5, leftOut: 0, aborted: false },
  );
  const project = ws.queryProject?.();
  const before = project?.getSourceFiles().length;
  const facts = await gatherFacts(ws, { instruction: '', seed: { name: 'Order' }, importDepth: 1 });
  assert.deepEqual(summary(facts), expected);
  assert.equal(project?.getSourceFiles().length, before, 'the query parsed nothing new');
});

test('the budget bounds the parse-ahead, most-imported files first', async () => {
  const ws = await makeWorkspace(TREE);
  const report = await parseAhead(ws, { maxFiles: 1, sliceFiles: 1 });
  assert.equal(report.parsed, 1);
  assert.equal(report.sourceChars, (TREE['src/model.ts'] as string).length);
  assert.equal(report.leftOut, 4);
  const names = ws
    .queryProject?.()
    .getSourceFiles()
    .map((f) => f.getFilePath().split('/').slice(-2).join('/'));
  // model.ts has three importers (hub, a, b), hub.ts one (c): model.ts goes first.
  assert.ok(names?.includes('src/model.ts'), String(names));
  assert.ok(!names?.includes('src/hub.ts'), String(names));
  const none = await parseAhead(await makeWorkspace(TREE), { maxHeapGrowthBytes: 0 });
  assert.deepEqual({ parsed: none.parsed, leftOut: none.leftOut }, { parsed: 0, leftOut: 5 });
});

test('an aborted parse-ahead stops between slices', async () => {
  const ws = await makeWorkspace(TREE);
  const controller = new AbortController();
  controller.abort();
  const report = await parseAhead(ws, { signal: controller.signal, sliceFiles: 1 });
  assert.deepEqual(
    { parsed: report.parsed, aborted: report.aborted, leftOut: report.leftOut },
    { parsed: 0, aborted: true, leftOut: 5 },
  );
});
