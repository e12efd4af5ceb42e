import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_READ_LINES, readLines, readLinesTool } from '../../../../src/core/worker/readLines';

const TEXT = 'const a = 1;\r\nconst b = 2;\n  const c = 3;\n';

test('read_lines answers `N | text` for the lines asked, without line terminators', () => {
  assert.deepEqual(readLines(TEXT, { start: 1, end: 2 }), {
    ok: true,
    value: '1 | const a = 1;\n2 | const b = 2;',
  });
  assert.deepEqual(readLines(TEXT, { start: 3, end: 3 }), { ok: true, value: '3 |   const c = 3;' });
});

test('a range past the end is cut at the last line and says so; a start past it is an error', () => {
  assert.deepEqual(readLines(TEXT, { start: 2, end: 9 }), {
    ok: true,
    value: '2 | const b = 2;\n3 |   const c = 3;\n(end of file: it has 3 lines)',
  });
  assert.deepEqual(readLines(TEXT, { start: 4, end: 5 }), {
    ok: false,
    error: 'line 4 is past the end of the file, which has 3 lines',
  });
  assert.deepEqual(readLines(TEXT, { start: 3, end: 2 }), {
    ok: false,
    error: 'end (2) is before start (3)',
  });
  assert.deepEqual(readLines('', { start: 1, end: 1 }), {
    ok: false,
    error: 'the file is empty: there are no lines to read',
  });
});

test('bad input gets the schema error the model can act on', () => {
  assert.deepEqual(readLines(TEXT, { start: 0, end: 2 }), {
    ok: false,
    error: 'The tool input does not match the schema:\n  - start: Too small: expected number to be >=1',
  });
  assert.equal(readLines(TEXT, '{"start": 1, "end": 1}').ok, true, 'a JSON string is parsed');
});

test(`one read returns at most ${MAX_READ_LINES} lines and says where to go on`, () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n');
  const r = readLines(text, { start: 101, end: 900 });
  assert.ok(r.ok);
  const lines = r.value.split('\n');
  assert.equal(lines.length, MAX_READ_LINES + 1);
  assert.equal(lines[0], '101 | line 101');
  assert.equal(lines[MAX_READ_LINES - 1], '500 | line 500');
  assert.equal(
    lines[MAX_READ_LINES],
    `(at most ${MAX_READ_LINES} lines per read; read from line 501 for the rest)`,
  );
});

test('the tool is described for the model with its two fields', () => {
  assert.equal(readLinesTool.name, 'read_lines');
  assert.deepEqual(readLinesTool.inputSchema['required'], ['start', 'end']);
});
