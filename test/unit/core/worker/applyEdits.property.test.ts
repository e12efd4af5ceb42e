import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits } from '../../../../src/core/worker/applyEdits';

/** Distinct statement lines at random indentation, one of them edited through a whitespace-mangled copy. */
const scenario = fc
  .record({
    values: fc.uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 25 }),
    indents: fc.array(fc.constantFrom('', '  ', '    ', '\t'), { minLength: 25, maxLength: 25 }),
    pick: fc.nat(),
    spaces: fc.constantFrom(' ', '  ', '\t'),
    crlf: fc.boolean(),
  })
  .map(({ values, indents, pick, spaces, crlf }) => {
    const lines = values.map((v, i) => `${indents[i]}const v${v} = ${v};`);
    return { lines, index: pick % lines.length, spaces, eol: crlf ? '\r\n' : '\n' };
  });

test('a unique line is found exactly and through whitespace changes; the rest of the file is untouched', () => {
  fc.assert(
    fc.property(scenario, ({ lines, index, spaces, eol }) => {
      const text = lines.join(eol) + eol;
      const line = lines[index]!;
      const indent = /^\s*/.exec(line)![0];
      const expected = lines.map((l, i) => (i === index ? `${indent}let changed = 1;` : l)).join(eol) + eol;

      const exact = applyEdits(text, [{ search: line.trim(), replace: 'let changed = 1;' }]);
      assert.deepEqual(exact.ok && exact.value.text, expected);

      const mangled = line.trim().replace(/ /g, spaces);
      const fuzzy = applyEdits(text, [
        { search: `${spaces}${mangled}\n`, replace: `${spaces}let changed = 1;\n` },
      ]);
      // The replacement takes the file's indentation, whatever the model's copy used.
      assert.deepEqual(fuzzy.ok && fuzzy.value.text, expected);
    }),
    { numRuns: 300 },
  );
});
