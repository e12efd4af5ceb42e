import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectChanges, selectFileHunks } from '../../../../src/core/diff/selectHunks';
import { hunkTitle, textHunks } from '../../../../src/core/diff/textHunks';
import type { FileChange } from '../../../../src/core/runTypes';

const before = `import { a } from './a';
import { b } from './b';

export function one() {
  return a(1);
}

export function two() {
  return b(2);
}

export function three() {
  return a(3) + b(3);
}
`;

/** Three hunks: the first import, the body of two(), the body of three(). */
const after = `import { a, c } from './a';
import { b } from './b';

export function one() {
  return a(1);
}

export function two() {
  return b(2) * c();
}

export function three() {
  return a(3) + b(3) + c();
}
`;

const change: FileChange = { file: 'src/m.ts', before, after, beforeHash: 'h', isNew: false };

function doTest(keep: number[], expected: string | undefined): void {
  const r = selectFileHunks(change, new Set(keep));
  assert.ok(r.ok);
  assert.equal(r.value?.after, expected);
  if (r.value) assert.equal(r.value.before, before, 'before is the text as read');
}

test('the change has three numbered hunks, each named by its first changed line', () => {
  const hunks = textHunks(before, after);
  assert.deepEqual(
    hunks.map((h) => ({
      index: h.index,
      start: h.start,
      end: h.end,
      afterStart: h.afterStart,
      title: hunkTitle(h),
    })),
    [
      { index: 0, start: 0, end: 1, afterStart: 0, title: "import { a, c } from './a';" },
      { index: 1, start: 8, end: 9, afterStart: 8, title: 'return b(2) * c();' },
      { index: 2, start: 12, end: 13, afterStart: 12, title: 'return a(3) + b(3) + c();' },
    ],
  );
});

test('every hunk kept: the change as it is', () => {
  const r = selectFileHunks(change, new Set([0, 1, 2]));
  assert.ok(r.ok);
  assert.equal(r.value, change);
});

test('the first hunk dropped', () => {
  doTest(
    [1, 2],
    `import { a } from './a';
import { b } from './b';

export function one() {
  return a(1);
}

export function two() {
  return b(2) * c();
}

export function three() {
  return a(3) + b(3) + c();
}
`,
  );
});

test('the middle hunk dropped: its neighbours still apply', () => {
  doTest(
    [0, 2],
    `import { a, c } from './a';
import { b } from './b';

export function one() {
  return a(1);
}

export function two() {
  return b(2);
}

export function three() {
  return a(3) + b(3) + c();
}
`,
  );
});

test('the last hunk dropped', () => {
  doTest(
    [0, 1],
    `import { a, c } from './a';
import { b } from './b';

export function one() {
  return a(1);
}

export function two() {
  return b(2) * c();
}

export function three() {
  return a(3) + b(3);
}
`,
  );
});

test('every hunk dropped: the file is left untouched (no change)', () => {
  const r = selectFileHunks(change, new Set());
  assert.ok(r.ok);
  assert.equal(r.value, undefined);
});

test('adjacent hunks (one unchanged line apart), an insertion and a deletion, each kept alone', () => {
  const base = 'a\nb\nc\nd\ne\n';
  const edited = 'A\nb\nnew\nc\ne\n'; // a→A, insert before c, delete d
  const c: FileChange = { file: 'x.ts', before: base, after: edited, beforeHash: 'h', isNew: false };
  assert.deepEqual(
    textHunks(base, edited).map((h) => [h.start, h.end, h.added.join('')]),
    [
      [0, 1, 'A\n'],
      [2, 2, 'new\n'],
      [3, 4, ''],
    ],
  );
  const only = (keep: number[]): string | undefined => {
    const r = selectFileHunks(c, new Set(keep));
    assert.ok(r.ok);
    return r.value?.after;
  };
  assert.equal(only([0]), 'A\nb\nc\nd\ne\n');
  assert.equal(only([1]), 'a\nb\nnew\nc\nd\ne\n');
  assert.equal(only([2]), 'a\nb\nc\ne\n');
  assert.equal(only([0, 2]), 'A\nb\nc\ne\n');
  assert.equal(only([1, 2]), 'a\nb\nnew\nc\ne\n');
});

test('CRLF line ends and a last line without one are kept exactly', () => {
  const base = 'a\r\nb\r\nc';
  const edited = 'A\r\nb\r\nC';
  const c: FileChange = { file: 'x.ts', before: base, after: edited, beforeHash: 'h', isNew: false };
  const r = selectFileHunks(c, new Set([1]));
  assert.ok(r.ok);
  assert.equal(r.value?.after, 'a\r\nb\r\nC');
});

test('a created file is one hunk: kept whole, or not created', () => {
  const created: FileChange = {
    file: 'src/size.ts',
    before: '',
    after: 'export interface Size {\n  width: number;\n}\n',
    beforeHash: undefined,
    isNew: true,
  };
  assert.equal(textHunks(created.before, created.after).length, 1);
  const kept = selectChanges([created], new Set(['src/size.ts']), new Map([['src/size.ts', new Set([0])]]));
  assert.deepEqual(kept, { ok: true, value: [created] });
  const dropped = selectChanges([created], new Set(['src/size.ts']), new Map([['src/size.ts', new Set()]]));
  assert.deepEqual(dropped, { ok: true, value: [] });
});

test('selectChanges: an unticked file is left out, a file without a hunk choice is kept whole', () => {
  const other: FileChange = { file: 'src/o.ts', before: 'x\n', after: 'y\n', beforeHash: 'o', isNew: false };
  const third: FileChange = { file: 'src/t.ts', before: 'p\n', after: 'q\n', beforeHash: 't', isNew: false };
  const r = selectChanges(
    [change, other, third],
    new Set(['src/m.ts', 'src/t.ts']),
    new Map([['src/m.ts', new Set([1])]]),
  );
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.map((c) => [c.file, c.after]),
    [
      ['src/m.ts', before.replace('return b(2);', 'return b(2) * c();')],
      ['src/t.ts', 'q\n'],
    ],
  );
});

test('a change whose hunks do not reproduce its result is refused with why, never mangled', () => {
  // textHunks always reproduces its input, so the check is defensive: a change whose text moves under it
  // (its first read numbers the hunks, the second is what they are checked against) shows the refusal.
  let calls = 0;
  const forged = { ...change };
  Object.defineProperty(forged, 'after', { get: (): string => (calls++ === 0 ? after : after + 'x') });
  const r = selectFileHunks(forged, new Set([0]));
  assert.deepEqual(r, {
    ok: false,
    error: { file: 'src/m.ts', why: 'its hunks do not reproduce the result; apply the whole file or none' },
  });
});
