import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, applyWorkerOutput } from '../../../../src/core/worker/applyEdits';
import type { SearchReplace } from '../../../../src/core/worker/editSchema';

function doTest(input: string, edits: SearchReplace[], expected: string): void {
  const r = applyEdits(input, edits, 'src/a.ts');
  if (!r.ok) assert.fail(r.error.message);
  assert.equal(r.value.text, expected);
}

function doError(input: string, edits: SearchReplace[], expected: string, index: number): void {
  const r = applyEdits(input, edits, 'src/a.ts');
  assert.deepEqual(r, { ok: false, error: { message: expected, index } });
}

const src = `export function add(a: number, b: number) {
  return a + b;
}
`;

test('exact match replaces the unique occurrence', () => {
  doTest(
    src,
    [{ search: 'return a + b;', replace: 'return b + a;' }],
    `export function add(a: number, b: number) {
  return b + a;
}
`,
  );
});

test('several blocks are all located in the original text', () => {
  const input = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';
  doTest(
    input,
    [
      { search: 'const c = 3;', replace: 'const c = 30;' },
      { search: 'const a = 1;\n', replace: '' },
    ],
    'const b = 2;\nconst c = 30;\n',
  );
});

test('ambiguous exact match names the count and the lines', () => {
  const input = 'f();\ng();\nf();\nh();\nf();\n';
  doError(
    input,
    [
      { search: 'g();', replace: 'G();' },
      { search: 'f();', replace: 'F();' },
    ],
    'src/a.ts: edit 2 of 2: search text matches 3 places (lines 1, 3, 5); include more surrounding lines to make it unique',
    1,
  );
});

test('whitespace-tolerant match re-indents a consistently dedented replacement', () => {
  const input = 'class A {\n  run() {\n    if (x) {\n      go(1,  2);\n    }\n  }\n}\n';
  const search = 'if (x) {\n  go(1, 2);\n}\n';
  const replace = 'if (x && y) {\n  go(1, 2);\n  done();\n}\n';
  doTest(
    input,
    [{ search, replace }],
    'class A {\n  run() {\n    if (x && y) {\n      go(1, 2);\n      done();\n    }\n  }\n}\n',
  );
  const r = applyEdits(input, [{ search, replace }]);
  assert.equal(r.ok && r.value.located[0]?.match, 'whitespace');
});

test('inconsistent indentation is inserted as given', () => {
  const input = 'function f() {\n    a();\n  b();\n}\n';
  doTest(input, [{ search: 'a();\nb();', replace: 'a();\nc();' }], 'function f() {\na();\nc();\n}\n');
});

test('whitespace-tolerant match that deletes lines removes them entirely', () => {
  doTest('a();\n  b(1,   2);\nc();\n', [{ search: 'b(1, 2);\n', replace: '' }], 'a();\nc();\n');
  doTest('a();\nb(1, 2);', [{ search: ' b(1,\t2); ', replace: '' }], 'a();');
});

test('whitespace-tolerant ambiguity is reported', () => {
  doError(
    'if (a) {\n  x();\n}\nif (a) {\n    x();\n}\n',
    [{ search: 'if (a) {\n x();\n}', replace: '' }],
    'src/a.ts: edit 1 of 1: search text matches 2 places when whitespace is ignored (lines 1, 4); include more surrounding lines to make it unique',
    0,
  );
});

test('CRLF files: LF search matches, replacement and trailing newline keep CRLF', () => {
  const input = 'const a = 1;\r\nconst b = 2;\r\n';
  doTest(
    input,
    [{ search: 'const a = 1;\nconst b = 2;', replace: 'const a = 10;\nconst b = 20;' }],
    'const a = 10;\r\nconst b = 20;\r\n',
  );
  doTest(
    input,
    [{ search: '  const b  = 2;', replace: 'const b = 3;\nconst c = 4;' }],
    'const a = 1;\r\nconst b = 3;\r\nconst c = 4;\r\n',
  );
});

test('trailing newline (or its absence) is preserved', () => {
  doTest('a\nb\n', [{ search: 'b\n', replace: 'c' }], 'a\nc\n');
  doTest('a\nb', [{ search: 'b', replace: 'c\n' }], 'a\nc');
});

test('not found points at the closest match and the differing line', () => {
  const input = 'function f() {\n  const total = price * qty;\n  return total;\n}\n';
  doError(
    input,
    [{ search: 'function f() {\n  const total = price * quantity;\n  return total;', replace: 'x' }],
    'src/a.ts: edit 1 of 1: search text not found (closest match at line 2: "const total = price * qty;" where the search has "const total = price * quantity;"); copy the current lines exactly',
    0,
  );
});

test('not found with a one-line search falls back to the most similar line', () => {
  doError(
    'const alpha = computeTotal(items);\nconst beta = 2;\n',
    [{ search: 'const alpha = computeTotals(items);', replace: 'x' }],
    'src/a.ts: edit 1 of 1: search text not found (closest match at line 1: "const alpha = computeTotal(items);"); copy the current lines exactly',
    0,
  );
  doError(
    'const beta = 2;\n',
    [{ search: 'zzzz qqqq', replace: 'x' }],
    'src/a.ts: edit 1 of 1: search text not found; no line resembles "zzzz qqqq", re-read the file and copy the current lines exactly',
    0,
  );
});

test('overlapping blocks are an error naming both', () => {
  doError(
    'a();\nb();\nc();\n',
    [
      { search: 'a();\nb();', replace: 'x' },
      { search: 'b();\nc();', replace: 'y' },
    ],
    'src/a.ts: edit 2 of 2: overlaps edit 1 at line 2; blocks must not overlap, merge them into one block',
    1,
  );
});

test('search identical to replace is a no-op, even when ambiguous', () => {
  doTest('f();\nf();\n', [{ search: 'f();', replace: 'f();' }], 'f();\nf();\n');
  doTest('f();\n', [{ search: '', replace: '' }], 'f();\n');
});

test('empty search is refused on a non-empty file', () => {
  doError(
    'f();\n',
    [{ search: '', replace: 'g();' }],
    'src/a.ts: edit 1 of 1: search is empty; copy the lines to change (or the line to insert after) into `search`',
    0,
  );
});

test('applyWorkerOutput: content for new and small files, not both, not for big files', () => {
  assert.deepEqual(
    applyWorkerOutput(
      '',
      { file: 'src/n.ts', edits: [], content: 'export {};\n' },
      { isNew: true, file: 'src/n.ts' },
    ),
    {
      ok: true,
      value: { text: 'export {};\n', located: [] },
    },
  );
  assert.deepEqual(
    applyWorkerOutput(
      'a\r\nb\r\n',
      { file: './src/a.ts', edits: [], content: 'x\ny' },
      { isNew: false, file: 'src/a.ts' },
    ),
    { ok: true, value: { text: 'x\r\ny\r\n', located: [] } },
  );
  assert.deepEqual(
    applyWorkerOutput(
      'a\n',
      { file: 'src/a.ts', edits: [{ search: 'a', replace: 'b' }], content: 'b\n' },
      { isNew: false, file: 'src/a.ts' },
    ),
    { ok: false, error: { message: 'src/a.ts: send either `content` or `edits`, not both', index: -1 } },
  );
  const big = 'x;\n'.repeat(151);
  assert.deepEqual(
    applyWorkerOutput(
      big,
      { file: 'src/a.ts', edits: [], content: 'y;\n' },
      { isNew: false, file: 'src/a.ts' },
    ),
    {
      ok: false,
      error: {
        message:
          'src/a.ts: whole-file `content` is only accepted for new files or files of at most 150 lines (this one has 151); send search/replace `edits` instead',
        index: -1,
      },
    },
  );
  assert.deepEqual(
    applyWorkerOutput('', { file: 'src/b.ts', edits: [] }, { isNew: false, file: 'src/a.ts' }),
    {
      ok: false,
      error: {
        message:
          'src/a.ts: the output is for "src/b.ts" but you were assigned "src/a.ts"; edit only your file',
        index: -1,
      },
    },
  );
  assert.deepEqual(
    applyWorkerOutput('', { file: 'src/n.ts', edits: [] }, { isNew: true, file: 'src/n.ts' }),
    {
      ok: false,
      error: {
        message: 'src/n.ts: this is a new file; send its whole `content`',
        index: -1,
      },
    },
  );
  assert.deepEqual(
    applyWorkerOutput(
      'a();\n',
      { file: 'src/a.ts', edits: [{ search: 'a();', replace: 'b();' }] },
      { isNew: false, file: 'src/a.ts' },
    ),
    {
      ok: true,
      value: { text: 'b();\n', located: [{ start: 0, end: 4, replacement: 'b();', match: 'exact' }] },
    },
  );
});
