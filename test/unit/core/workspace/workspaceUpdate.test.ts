/**
 * An incremental update after one file changed, appeared or went away answers every query exactly as a
 * fresh load of the same tree does: same file list, candidates, references, import edges and skipped files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatherFacts } from '../../../../src/core/facts/facts';
import { parseAhead } from '../../../../src/core/facts/parseAhead';
import type { WorkspaceFacts } from '../../../../src/core/facts/types';
import type { DiskWorkspace } from '../../../../src/core/workspace/diskWorkspace';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import type { WorkspaceUpdate } from '../../../../src/core/workspace/workspace';
import { corpus } from '../../../support/corpus';
import { tempDir, writeTree } from '../../../support/tempTree';
import { candidateLines } from '../../../support/workspace';

const TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
  'src/model.ts':
    'export interface Order {\n  total: number;\n}\nexport interface Account {\n  id: string;\n}\n',
  'src/hub.ts': "export * from './model';\n",
  'src/a.ts': "import type { Account } from './model';\nexport const a: Account = { id: 'a' };\n",
  'src/b.ts': "import type { Order } from './model';\nexport const b: Order = { total: 1 };\n",
  'src/c.ts':
    "import type { Account, Order } from './hub';\nexport const c = (x: Account, o: Order) => x.id + o.total;\n",
};

const ORDER = { instruction: '', seed: { name: 'Order' }, importDepth: 1 };

/** Everything a query answers but its timings. */
function answer(facts: WorkspaceFacts): Omit<WorkspaceFacts, 'timings'> {
  const { timings: _timings, ...rest } = facts;
  return rest;
}

/** A loaded workspace that has answered a query and parsed ahead, so both projects hold every file. */
async function warmed(root: string): Promise<DiskWorkspace> {
  const ws = await openWorkspace(root);
  await gatherFacts(ws, ORDER);
  await parseAhead(ws);
  ws.getProject().getTypeChecker(); // the full project holds files too (renames, type checks)
  ws.addToProject(ws.listFiles());
  return ws;
}

/** Applies `edit` on disk, updates `ws` with `files`, and checks the query against a fresh load. */
async function updateAndCompare(
  ws: DiskWorkspace,
  files: string[],
  edit: () => void,
  query = ORDER,
): Promise<{ update: WorkspaceUpdate; facts: WorkspaceFacts }> {
  edit();
  const update = ws.update(files);
  const facts = await gatherFacts(ws, query);
  const fresh = await gatherFacts(await openWorkspace(ws.root), query);
  assert.deepEqual(answer(facts), answer(fresh));
  return { update, facts };
}

test('a changed file: its new references count, the rest stays loaded', async () => {
  const root = writeTree(TREE);
  const ws = await warmed(root);
  const parsedBefore = ws.queryProject().getSourceFiles().length;
  const { update, facts } = await updateAndCompare(ws, ['src/a.ts'], () =>
    writeFileSync(
      path.join(root, 'src/a.ts'),
      "import type { Account, Order } from './model';\nexport const a: Account = { id: 'a' };\nexport let o: Order | undefined;\n",
    ),
  );
  assert.deepEqual(update, { kind: 'updated', changed: ['src/a.ts'], created: [], deleted: [] });
  assert.deepEqual(candidateLines(facts), [
    'src/model.ts [definition] 0 @',
    'src/a.ts [reference,type-import] 2 @1,3',
    'src/b.ts [reference,type-import] 2 @1,2',
    'src/c.ts [reference,type-import] 2 @1,2',
    'src/hub.ts [re-export] 0 @',
  ]);
  assert.equal(ws.queryProject().getSourceFiles().length, parsedBefore, 'nothing else was parsed again');
});

test('an import removed and one added: the import graph follows', async () => {
  const root = writeTree(TREE);
  const ws = await warmed(root);
  const { facts } = await updateAndCompare(ws, ['src/c.ts'], () =>
    writeFileSync(
      path.join(root, 'src/c.ts'),
      "import type { Account } from './hub';\nexport const c = (x: Account) => x.id;\n",
    ),
  );
  assert.deepEqual(candidateLines(facts), [
    'src/model.ts [definition] 0 @',
    'src/b.ts [reference,type-import] 2 @1,2',
    'src/a.ts [importer] 0 @',
    'src/c.ts [importer] 0 @',
    'src/hub.ts [re-export] 0 @',
  ]);
  const again = await updateAndCompare(ws, ['src/a.ts'], () =>
    writeFileSync(path.join(root, 'src/a.ts'), "import { c } from './c';\nexport const a = c;\n"),
  );
  assert.deepEqual(candidateLines(again.facts), [
    'src/model.ts [definition] 0 @',
    'src/b.ts [reference,type-import] 2 @1,2',
    'src/c.ts [importer] 0 @',
    'src/hub.ts [re-export] 0 @',
  ]);
});

test('a created file joins the list, the graph and the references; one outside the include stays out', async () => {
  const root = writeTree(TREE);
  const ws = await warmed(root);
  const { update, facts } = await updateAndCompare(ws, ['src/d.ts', 'scripts/x.ts'], () => {
    writeFileSync(
      path.join(root, 'src/d.ts'),
      "import type { Order } from './hub';\nexport type D = Order[];\n",
    );
    cpSync(path.join(root, 'src/d.ts'), path.join(root, 'scripts/x.ts'));
  });
  assert.deepEqual(update, { kind: 'updated', changed: [], created: ['src/d.ts'], deleted: [] });
  assert.deepEqual(ws.listFiles(), [
    'src/a.ts',
    'src/b.ts',
    'src/c.ts',
    'src/d.ts',
    'src/hub.ts',
    'src/model.ts',
  ]);
  assert.deepEqual(candidateLines(facts), [
    'src/model.ts [definition] 0 @',
    'src/b.ts [reference,type-import] 2 @1,2',
    'src/c.ts [reference,type-import] 2 @1,2',
    'src/d.ts [reference,type-import] 2 @1,2',
    'src/a.ts [importer] 0 @',
    'src/hub.ts [re-export] 0 @',
  ]);
});

test('an import that did not resolve resolves once its file is created', async () => {
  const root = writeTree({
    ...TREE,
    'src/e.ts': "import type { Order } from './late';\nexport let e: Order | undefined;\n",
  });
  const ws = await warmed(root);
  const { facts } = await updateAndCompare(ws, ['src/late.ts'], () =>
    writeFileSync(path.join(root, 'src/late.ts'), "export type { Order } from './model';\n"),
  );
  assert.ok(
    candidateLines(facts).includes('src/e.ts [reference,type-import] 2 @1,2'),
    candidateLines(facts).join('\n'),
  );
});

test('a deleted file leaves the list, the graph and both projects', async () => {
  const root = writeTree(TREE);
  const ws = await warmed(root);
  const { update, facts } = await updateAndCompare(ws, ['src/b.ts'], () =>
    rmSync(path.join(root, 'src/b.ts')),
  );
  assert.deepEqual(update, { kind: 'updated', changed: [], created: [], deleted: ['src/b.ts'] });
  assert.deepEqual(candidateLines(facts), [
    'src/model.ts [definition] 0 @',
    'src/c.ts [reference,type-import] 2 @1,2',
    'src/a.ts [importer] 0 @',
    'src/hub.ts [re-export] 0 @',
  ]);
  const gone = path.join(root, 'src/b.ts');
  assert.equal(ws.queryProject().getSourceFile(gone), undefined);
  assert.equal(ws.getProject().getSourceFile(gone), undefined);
  assert.equal(ws.readText('src/b.ts'), undefined);
});

test('a file that becomes unreadable as text is skipped with its reason, as a fresh load skips it', async () => {
  const root = writeTree(TREE);
  const ws = await warmed(root);
  const { facts } = await updateAndCompare(ws, ['src/b.ts'], () =>
    writeFileSync(path.join(root, 'src/b.ts'), Buffer.from([0xff, 0xfe, 0x00, 0x41])),
  );
  assert.equal(facts.skipped.length, 1);
  assert.equal(facts.skipped[0]?.file, 'src/b.ts');
  assert.equal(ws.queryProject().getSourceFile(path.join(root, 'src/b.ts')), undefined);
});

test('a real code base (trpc-server): one file edited, created and deleted, each as a fresh load', async () => {
  const source = corpus('trpc-server');
  const root = path.join(tempDir(), 'trpc');
  cpSync(source.root, root, { recursive: true });
  const query = { instruction: '', seed: { name: source.seed.name }, importDepth: 1 };
  const ws = await openWorkspace(root);
  const before = await gatherFacts(ws, query);
  await parseAhead(ws);
  const user = before.candidates.find((c) => c.references > 1 && c.file !== source.seed.file);
  assert.ok(user !== undefined, 'some file references the seed');
  const abs = path.join(root, user.file);
  const text = ws.readText(user.file) ?? '';
  const compare = async (files: string[], edit: () => void): Promise<WorkspaceFacts> => {
    edit();
    assert.equal(ws.update(files).kind, 'updated');
    const facts = await gatherFacts(ws, query);
    assert.deepEqual(answer(facts), answer(await gatherFacts(await openWorkspace(root), query)));
    return facts;
  };
  // Edited: one more reference at the end of a file that uses the seed.
  const edited = await compare([user.file], () =>
    writeFileSync(abs, `${text}\nexport const __extra = ${source.seed.name};\n`),
  );
  const refs = (f: WorkspaceFacts): number | undefined =>
    f.candidates.find((c) => c.file === user.file)?.references;
  assert.equal(refs(edited), user.references + 1);
  // Created: a new importer beside it.
  const created = path.posix.join(path.posix.dirname(user.file), '__new.ts');
  const spec = `./${path.posix.basename(user.file).replace(/\.ts$/, '')}`;
  const withNew = await compare([created], () =>
    writeFileSync(
      path.join(root, created),
      `import { __extra } from '${spec}';\nexport const again = __extra;\n`,
    ),
  );
  assert.equal(withNew.fileCount, before.fileCount + 1);
  // Deleted: the edited file goes; its importer stays, importing nothing.
  const deleted = await compare([user.file], () => rmSync(abs));
  assert.equal(deleted.fileCount, before.fileCount);
  assert.equal(refs(deleted), undefined);
});
