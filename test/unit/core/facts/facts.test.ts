import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { gatherFacts } from '../../../../src/core/facts/facts';
import type { DiskWorkspace } from '../../../../src/core/workspace/diskWorkspace';
import { candidateLines, makeWorkspace } from '../../../support/workspace';

const ORDERS = {
  'src/model.ts':
    'export interface Order {\n  id: string;\n  total: number;\n}\n\nexport function total(o: Order): number {\n  return o.total;\n}\n',
  'src/index.ts': "export * from './model';\n",
  'src/api.ts': "export { Order as PublicOrder } from './model';\n",
  'src/types-only.ts': "import type { Order } from './index';\n\nexport type Orders = Order[];\n",
  'src/service.ts':
    "import { Order, total } from './index';\n\nexport function sum(orders: Order[]): number {\n  return orders.reduce((s, o) => s + total(o), 0);\n}\n\nexport const empty: Order = { id: '', total: 0 };\n",
  'src/notes.ts': "// Order is only mentioned in this comment.\nexport const note = 'Order';\n",
  'src/local.ts': 'interface Order {\n  local: true;\n}\n\nexport const o: Order = { local: true };\n',
  'src/order.test.ts':
    "import { total } from './model';\n\nif (total({ id: 'a', total: 2 }) !== 2) throw new Error('total');\n",
  'src/ui/View.tsx':
    "import { Order } from '../model';\n\nexport const View = (p: { order: Order }) => <span>{p.order.id}</span>;\n",
  'src/esm.mts':
    "import type { Order } from './model.js';\n\nexport type Pending = Order & { pending: true };\n",
  'src/cjs.cts': "import { total } from './model';\n\nexport const zero = total;\n",
  'src/broken.ts':
    "import { Order } from './model';\n\nexport const bad: Order = { id: 'x', total: ;\nfunction (\n",
  'src/unrelated.ts': 'export const unrelated = 1;\n',
};

function projectFiles(ws: DiskWorkspace): string[] {
  return ws
    .queryProject()
    .getSourceFiles()
    .map((sf) => path.relative(ws.root, sf.getFilePath()))
    .filter((f) => !f.startsWith('..')) // the bundled lib lives outside the workspace
    .sort();
}

test('an interface seed: definition, references, re-exports (named and export *), type imports, importers, text matches, tests', async () => {
  const ws = await makeWorkspace(ORDERS);
  const facts = await gatherFacts(ws, {
    instruction: 'Add a currency to Order',
    seed: { name: 'Order' },
    importDepth: 1,
  });
  assert.deepEqual(candidateLines(facts), [
    'src/model.ts [definition,reference] 1 @6',
    'src/service.ts [reference] 3 @1,3,7',
    'src/api.ts [re-export] 2 @1',
    'src/broken.ts [reference] 2 @1,3',
    'src/esm.mts [reference,type-import] 2 @1,3',
    'src/types-only.ts [reference,type-import] 2 @1,3',
    'src/ui/View.tsx [reference] 2 @1,3',
    'src/cjs.cts [importer] 0 @',
    'src/index.ts [re-export] 0 @',
    'src/local.ts [text-match] 0 @',
    'src/notes.ts [text-match] 0 @',
    'src/order.test.ts [importer,test] 0 @',
  ]);
  assert.deepEqual(facts.symbols, [
    {
      name: 'Order',
      kind: 'interface',
      file: 'src/model.ts',
      line: 1,
      exported: true,
      signature: 'export interface Order {',
    },
  ]);
  assert.deepEqual(facts.seeds, [{ name: 'Order' }]);
  assert.equal(facts.fileCount, 13);
  assert.equal(facts.source, 'glob');
  assert.deepEqual(facts.importEdges, [
    { from: 'src/api.ts', to: 'src/model.ts' },
    { from: 'src/broken.ts', to: 'src/model.ts' },
    { from: 'src/cjs.cts', to: 'src/model.ts' },
    { from: 'src/esm.mts', to: 'src/model.ts' },
    { from: 'src/index.ts', to: 'src/model.ts' },
    { from: 'src/order.test.ts', to: 'src/model.ts' },
    { from: 'src/service.ts', to: 'src/index.ts' },
    { from: 'src/types-only.ts', to: 'src/index.ts' },
    { from: 'src/ui/View.tsx', to: 'src/model.ts' },
  ]);
  for (const stage of ['instant', 'prefilter', 'importGraph', 'confirm', 'total']) {
    assert.equal(typeof facts.timings[stage], 'number', stage);
  }
  // Only what the query needed went into the project: files naming Order and the `export *` barrel.
  assert.deepEqual(projectFiles(ws), [
    'src/api.ts',
    'src/broken.ts',
    'src/esm.mts',
    'src/index.ts',
    'src/local.ts',
    'src/model.ts',
    'src/notes.ts',
    'src/service.ts',
    'src/types-only.ts',
    'src/ui/View.tsx',
  ]);
});

test('seeds come from the instruction (backticks first); a second query reuses the project', async () => {
  const ws = await makeWorkspace(ORDERS);
  await gatherFacts(ws, { instruction: '', seed: { name: 'Order' }, importDepth: 1 });
  const project = ws.queryProject();
  const facts = await gatherFacts(ws, {
    instruction: 'Rename `total` to `orderTotal` in Order',
    importDepth: 1,
  });
  assert.equal(ws.queryProject(), project);
  assert.deepEqual(facts.seeds, [{ name: 'total' }]);
  assert.deepEqual(candidateLines(facts), [
    'src/model.ts [definition] 0 @',
    'src/cjs.cts [reference] 2 @1,3',
    'src/order.test.ts [reference,test] 2 @1,3',
    'src/service.ts [reference] 2 @1,4',
    'src/api.ts [importer] 0 @',
    'src/broken.ts [importer,text-match] 0 @',
    'src/esm.mts [importer] 0 @',
    'src/index.ts [re-export] 0 @',
    'src/types-only.ts [importer] 0 @',
    'src/ui/View.tsx [importer] 0 @',
  ]);
  assert.ok(!projectFiles(ws).includes('src/unrelated.ts'));
  const before = projectFiles(ws).length;
  const again = await gatherFacts(ws, { instruction: 'Rename `total` to `orderTotal`', importDepth: 1 });
  assert.equal(projectFiles(ws).length, before);
  assert.deepEqual(candidateLines(again), candidateLines(facts));
});

test('a positional seed picks the declaration at that line, not a same-named local elsewhere', async () => {
  const ws = await makeWorkspace(ORDERS);
  const facts = await gatherFacts(ws, {
    instruction: '',
    seed: { name: 'Order', file: 'src/local.ts', line: 5 },
    importDepth: 1,
  });
  assert.deepEqual(candidateLines(facts).slice(0, 1), ['src/local.ts [definition,reference] 1 @5']);
  assert.deepEqual(
    facts.symbols.map((s) => `${s.file}:${s.line} ${s.exported}`),
    ['src/local.ts:1 false'],
  );
  assert.ok(candidateLines(facts).includes('src/service.ts [text-match] 0 @'));
});

test('default exports are found under any import name; member seeds through inferred types; importer hops', async () => {
  const ws = await makeWorkspace({
    'logger.ts': 'export default class Logger {\n  log(m: string): void {\n    void m;\n  }\n}\n',
    'app.ts': "import Log from './logger';\n\nnew Log().log('hi');\n",
    'named.ts': "import Logger from './logger';\n\nexport const l = new Logger();\n",
    'other.ts': "import './app';\n",
    'svc.ts': 'export class UserService {\n  getUser(id: number): string {\n    return String(id);\n  }\n}\n',
    'factory.ts':
      "import { UserService } from './svc';\n\nexport const makeService = (): UserService => new UserService();\n",
    'use.ts': "import { makeService } from './factory';\n\nexport const name = makeService().getUser(1);\n",
  });
  const logger = await gatherFacts(ws, { instruction: '', seed: { name: 'Logger' }, importDepth: 2 });
  assert.deepEqual(candidateLines(logger), [
    'logger.ts [definition] 0 @',
    'app.ts [reference] 2 @1,3',
    'named.ts [reference] 2 @1,3',
    'other.ts [importer] 0 @',
  ]);
  const member = await gatherFacts(ws, { instruction: 'Rename `getUser` to `fetchUser`', importDepth: 1 });
  assert.deepEqual(candidateLines(member), [
    'svc.ts [definition] 0 @',
    'use.ts [reference] 1 @3',
    'factory.ts [importer] 0 @',
  ]);
  assert.deepEqual(member.symbols, [
    {
      name: 'getUser',
      kind: 'method',
      file: 'svc.ts',
      line: 2,
      exported: true,
      signature: 'getUser(id: number): string {',
    },
  ]);
});

test('no declared name in the instruction → empty candidates, not an error', async () => {
  const ws = await makeWorkspace(ORDERS);
  const facts = await gatherFacts(ws, { instruction: 'Make Everything faster, please', importDepth: 1 });
  assert.deepEqual(facts.seeds, []);
  assert.deepEqual(facts.candidates, []);
  assert.deepEqual(facts.importEdges, []);
  assert.equal(facts.fileCount, 13);
  assert.deepEqual(projectFiles(ws), []);
});

test('signatures are the declaration header, one line, at most 200 characters', async () => {
  const params = Array.from({ length: 30 }, (_, i) => `p${i}: string`).join(',\n  ');
  const ws = await makeWorkspace({
    'a.ts': `/** Doc. */\nexport async function build(\n  ${params},\n): Promise<void> {\n  return;\n}\n`,
    'b.ts':
      "import { build } from './a';\nexport const go = build;\nexport const RETRIES = 3;\nexport type Mode = 'a' | 'b';\n",
    'c.ts':
      "import { RETRIES, type Mode } from './b';\nexport const m: Mode = 'a';\nexport const r = RETRIES;\n",
  });
  const build = await gatherFacts(ws, { instruction: '', seed: { name: 'build' }, importDepth: 0 });
  assert.equal(build.symbols[0]?.signature, 'export async function build( p0: string, p1: string,');
  const mode = await gatherFacts(ws, { instruction: 'Widen `Mode` and bump `RETRIES`', importDepth: 0 });
  assert.deepEqual(
    mode.symbols.map((s) => `${s.kind} ${s.name}: ${s.signature}`),
    ["type Mode: export type Mode = 'a' | 'b';", 'variable RETRIES: export const RETRIES = 3;'],
  );
  assert.deepEqual(candidateLines(mode), ['b.ts [definition] 0 @', 'c.ts [reference,type-import] 4 @1,2,3']);
});

test('overloads give one symbol fact; a dotted seed names the member; undeclared backticks fall back to words', async () => {
  const ws = await makeWorkspace({
    'parse.ts':
      'export function parse(s: string): number;\nexport function parse(s: number): number;\nexport function parse(s: string | number): number {\n  return Number(s);\n}\n',
    'store.ts': 'export class Store {\n  add(item: string): void {\n    void item;\n  }\n}\n',
    'main.ts':
      "import { parse } from './parse';\nimport { Store } from './store';\n\nnew Store().add(String(parse('1')));\n",
  });
  const parse = await gatherFacts(ws, { instruction: '', seed: { name: 'parse' }, importDepth: 0 });
  assert.deepEqual(
    parse.symbols.map((s) => `${s.kind} ${s.file}:${s.line}`),
    ['function parse.ts:1'],
  );
  assert.deepEqual(candidateLines(parse), ['parse.ts [definition] 0 @', 'main.ts [reference] 2 @1,4']);
  const add = await gatherFacts(ws, { instruction: '', seed: { name: 'Store.add' }, importDepth: 0 });
  assert.deepEqual(add.seeds, [{ name: 'add' }]);
  assert.deepEqual(candidateLines(add), ['store.ts [definition] 0 @', 'main.ts [reference] 1 @4']);
  const words = await gatherFacts(ws, { instruction: 'Rename `addItem` (new) in Store', importDepth: 0 });
  assert.deepEqual(words.seeds, [{ name: 'Store' }]);
});

test('enum members, decorated properties and generator functions are found as declarations', async () => {
  const ws = await makeWorkspace({
    'comp.ts':
      "declare function Input(): PropertyDecorator;\n\nexport enum Color {\n  Red,\n  Green = 2,\n}\n\nexport class Comp {\n  @Input() label: string = '';\n}\n\nexport function* ids(): Generator<number> {\n  yield 1;\n}\n",
    'use.ts':
      "import { Color, Comp, ids } from './comp';\n\nexport const all = [Color.Red, new Comp().label, ...ids()];\n",
  });
  const kinds: string[] = [];
  for (const name of ['Red', 'label', 'ids']) {
    const facts = await gatherFacts(ws, { instruction: '', seed: { name }, importDepth: 0 });
    kinds.push(...facts.symbols.map((s) => `${s.kind} ${s.name}@${s.line} ${s.signature}`));
    kinds.push(...candidateLines(facts));
  }
  assert.deepEqual(kinds, [
    'enum-member Red@4 Red',
    'comp.ts [definition] 0 @',
    'use.ts [reference] 1 @3',
    "property label@9 @Input() label: string = '';",
    'comp.ts [definition] 0 @',
    'use.ts [reference] 1 @3',
    'function ids@12 export function* ids(): Generator<number> {',
    'comp.ts [definition] 0 @',
    'use.ts [reference] 2 @1,3',
  ]);
});
