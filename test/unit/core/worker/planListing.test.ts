import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planListing } from '../../../../src/core/worker/planListing';

const sub = (file: string, instructions: string, handler = 'llm') => ({
  file,
  handler,
  instructions,
  priority: 5,
});

test('a small plan lists every subtask', () => {
  const subtasks = [
    sub('src/http.ts', 'take { method }'),
    ...['a', 'b'].map((f) => sub(`src/${f}.ts`, 'pass it')),
  ];
  assert.equal(
    planListing(subtasks),
    '- src/http.ts (llm): take { method }\n- src/a.ts (llm): pass it\n- src/b.ts (llm): pass it',
  );
});

test("a group's members are one line, the same size for 9 members or 5,000", () => {
  const listing = (n: number): string =>
    planListing([
      sub('src/http.ts', 'take { method }'),
      ...Array.from({ length: n }, (_, i) => sub(`src/f${String(i).padStart(4, '0')}.ts`, 'pass { method }')),
      sub('src/main.ts', 'log it'),
    ]);
  assert.equal(
    listing(9),
    '- src/http.ts (llm): take { method }\n' +
      '- 9 files (llm), each: pass { method } (src/f0000.ts, src/f0001.ts, src/f0002.ts, src/f0003.ts, src/f0004.ts and 4 more)\n' +
      '- src/main.ts (llm): log it',
  );
  // Only the two counts grow (by three digits each).
  assert.equal(listing(5000).length, listing(9).length + 6);
  assert.match(
    listing(5000),
    /- 5000 files \(llm\), each: pass \{ method \} \(src\/f0000\.ts, .* and 4995 more\)/,
  );
});
