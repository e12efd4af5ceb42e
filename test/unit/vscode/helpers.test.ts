import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../../src/core/plan/planSchema';
import type { Workspace } from '../../../src/core/workspace/workspace';
import { applyReviewChoices } from '../../../src/vscode/refactor/planEdits';
import { changedSpan, positionAt } from '../../../src/vscode/preview/textSpan';
import { WorkspaceCache } from '../../../src/vscode/refactor/workspaceCache';

/** Applies the span to `before` and checks it yields `after`, and that the span is what we expect. */
function doTest(
  before: string,
  after: string,
  expected: { start: number; end: number; text: string } | undefined,
): void {
  const span = changedSpan(before, after);
  assert.deepEqual(span, expected);
  const rebuilt = span ? before.slice(0, span.start) + span.text + before.slice(span.end) : before;
  assert.equal(rebuilt, after);
}

test('changedSpan trims the common prefix and suffix', () => {
  doTest('abc', 'abc', undefined);
  doTest('area(w, h)', 'area({ w, h })', { start: 5, end: 9, text: '{ w, h }' });
  doTest('aaa', 'aaaa', { start: 3, end: 3, text: 'a' });
  doTest('x', '', { start: 0, end: 1, text: '' });
  doTest('', 'new file', { start: 0, end: 0, text: 'new file' });
});

test('changedSpan never splits a CRLF or a surrogate pair', () => {
  doTest('a\r\nb', 'a\nb', { start: 1, end: 3, text: '\n' });
  doTest('a\r\nb', 'a\r\r\nb', { start: 1, end: 1, text: '\r' });
  doTest('x😀y', 'x😃y', { start: 1, end: 3, text: '😃' });
});

test('positionAt counts lines as a VS Code text model does: CRLF, LF and a lone CR each end a line', () => {
  const text = 'ab\r\ncd\ne\rfg';
  const at = (offset: number): [number, number] => {
    const p = positionAt(text, offset);
    return [p.line, p.character];
  };
  assert.deepEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11].map(at), [
    [0, 0],
    [0, 1],
    [0, 2],
    [1, 0],
    [1, 1],
    [1, 2],
    [2, 0],
    [2, 1],
    [3, 0],
    [3, 1],
    [3, 2],
  ]);
  // Inside a CRLF is the end of its line (as TextDocument.positionAt says); past the end is the end.
  assert.deepEqual(at(3), [0, 2]);
  assert.deepEqual(at(99), [3, 2]);
  assert.deepEqual(at(-1), [0, 0]);
  assert.deepEqual(positionAt('', 0), { line: 0, character: 0 });
  assert.deepEqual(positionAt('x\n', 2), { line: 1, character: 0 });
});

const PLAN: Plan = {
  summary: 's',
  subtasks: [
    { file: 'a.ts', handler: 'llm', instructions: 'do a', priority: 5 },
    { file: 'b.ts', handler: 'rename', instructions: 'do b', priority: 5, rename: { from: 'x', to: 'y' } },
    { file: 'c.ts', handler: 'llm', instructions: 'do c', priority: 5 },
  ],
};

test('review choices drop unticked files and replace edited instructions', () => {
  assert.deepEqual(
    applyReviewChoices(PLAN, { excluded: ['b.ts'], instructions: { 'c.ts': '  new c  ', 'a.ts': ' ' } }),
    {
      summary: 's',
      subtasks: [
        { file: 'a.ts', handler: 'llm', instructions: 'do a', priority: 5 },
        { file: 'c.ts', handler: 'llm', instructions: 'new c', priority: 5 },
      ],
    },
  );
  assert.deepEqual(applyReviewChoices(PLAN, {}), PLAN);
});

function fakeWorkspace(root: string): Workspace {
  return {
    root,
    listFiles: () => [],
    readText: () => undefined,
    hashOf: () => undefined,
    getProject: () => {
      throw new Error('unused');
    },
    resolveInside: () => undefined,
  };
}

test('the workspace cache keeps one load until a file under its root changes', async () => {
  const opened: string[] = [];
  const cache = new WorkspaceCache(async (root, options) => {
    opened.push(`${root} ${JSON.stringify(options)}`);
    return fakeWorkspace(root);
  });
  const first = await cache.get('/ws', { include: [], exclude: [] });
  assert.equal(await cache.get('/ws', { include: [], exclude: [] }), first);
  assert.equal(opened.length, 1);
  cache.markChanged('/elsewhere/x.ts');
  cache.markChanged('/ws/node_modules/lib/index.ts');
  assert.equal(await cache.get('/ws', { include: [], exclude: [] }), first);
  const kept = cache.current()?.kept;
  assert.equal(kept?.aborted, false);
  cache.markChanged('/ws/src/a.ts');
  assert.equal(kept?.aborted, true, 'background work on the dropped workspace is told to stop');
  assert.equal(cache.current(), undefined);
  assert.notEqual(await cache.get('/ws', { include: [], exclude: [] }), first);
  await cache.get('/ws', { include: ['lib/**'], exclude: [] });
  assert.equal(opened.length, 3, 'other globs load a new workspace');
  assert.equal(cache.loads, 3);
});

test('a failed load is not cached', async () => {
  let calls = 0;
  const cache = new WorkspaceCache(async (root) => {
    calls++;
    if (calls === 1) throw new Error('boom');
    return fakeWorkspace(root);
  });
  await assert.rejects(cache.get('/ws', {}), /boom/);
  await cache.get('/ws', {});
  assert.equal(calls, 2);
});
