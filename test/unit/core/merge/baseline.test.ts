import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changedNames,
  environmentalSignature,
  environmentSummary,
  isEnvironmental,
  mayShow,
  signatureOf,
  unmatched,
} from '../../../../src/core/merge/baseline';
import type { Diagnostic } from '../../../../src/core/runTypes';

const d = (line: number, code: number, message: string, file = 'src/a.ts'): Diagnostic => ({
  file,
  line,
  code,
  message,
});

test('the same error on a shifted line has the same signature', () => {
  const m = "Type 'number' is not assignable to type 'string'.";
  assert.equal(signatureOf(d(1, 2322, m)), signatureOf(d(40, 2322, m)));
  assert.deepEqual(unmatched([d(1, 2322, m)], [d(40, 2322, m)]), []);
});

test('an error about a renamed local matches its old spelling', () => {
  const names = changedNames('let total = 1;\ntotal = "x";\n', 'let sum = 1;\nsum = "x";\n');
  assert.deepEqual([...names].sort(), ['sum', 'total']);
  const before = d(2, 6133, "'total' is declared but its value is never read.");
  const after = d(2, 6133, "'sum' is declared but its value is never read.");
  assert.equal(signatureOf(before, names), signatureOf(after, names));
  assert.deepEqual(unmatched([before], [after], names), []);
  // Without the change's names they are different errors.
  assert.deepEqual(unmatched([before], [after]), [after]);
});

test('a different code or a different type in the message is a different error', () => {
  const names = new Set(['total', 'sum']);
  const m = "Type 'number' is not assignable to type 'string'.";
  assert.notEqual(signatureOf(d(1, 2322, m), names), signatureOf(d(1, 2345, m), names));
  const other = d(1, 2322, "Type 'boolean' is not assignable to type 'string'.");
  assert.notEqual(signatureOf(d(1, 2322, m), names), signatureOf(other, names));
  assert.deepEqual(unmatched([d(1, 2322, m)], [other], names), [other]);
});

test('counts are kept: two identical errors before and three after is one new', () => {
  const m = "Cannot find name 'describe'.";
  const after = [d(3, 2304, m), d(7, 2304, m), d(9, 2304, m)];
  assert.deepEqual(unmatched([d(1, 2304, m), d(2, 2304, m)], after), [d(9, 2304, m)]);
});

test('environmental: test globals, bare packages, .ts extensions, type definitions; not relative modules', () => {
  const env = [
    d(1, 2582, "Cannot find name 'describe'. Do you need to install type definitions for a test runner?"),
    d(1, 2304, "Cannot find name 'expect'."),
    d(1, 2307, "Cannot find module 'zod' or its corresponding type declarations."),
    d(1, 2792, "Cannot find module '@scope/pkg/sub'. Did you mean to set the 'moduleResolution' option?"),
    d(
      1,
      5097,
      "An import path can only end with a '.ts' extension when 'allowImportingTsExtensions' is enabled.",
    ),
    d(1, 7016, "Could not find a declaration file for module 'left-pad'."),
    d(1, 2688, "Cannot find type definition file for 'node'."),
  ];
  for (const x of env) assert.equal(isEnvironmental(x), true, x.message);
  const notEnv = [
    d(1, 2307, "Cannot find module './missing' or its corresponding type declarations."),
    d(1, 2304, "Cannot find name 'totl'."),
    d(1, 2322, "Type 'number' is not assignable to type 'string'."),
  ];
  for (const x of notEnv) assert.equal(isEnvironmental(x), false, x.message);
});

test('a missing package has one signature across files and subpaths', () => {
  const a = d(1, 2307, "Cannot find module 'zod' or its corresponding type declarations.", 'src/a.ts');
  const b = d(9, 2307, "Cannot find module 'zod/v4' or its corresponding type declarations.", 'src/b.ts');
  const c = d(9, 2307, "Cannot find module 'vitest' or its corresponding type declarations.", 'src/b.ts');
  assert.equal(environmentalSignature(a), environmentalSignature(b));
  assert.notEqual(environmentalSignature(a), environmentalSignature(c));
});

test('the summary names the packages and globals once each, sorted', () => {
  assert.equal(environmentSummary([]), '');
  assert.equal(
    environmentSummary([
      d(1, 2307, "Cannot find module 'zod' or its corresponding type declarations."),
      d(2, 2307, "Cannot find module 'vitest' or its corresponding type declarations."),
      d(3, 2307, "Cannot find module 'zod' or its corresponding type declarations.", 'src/b.ts'),
      d(4, 2582, "Cannot find name 'it'. Do you need to install type definitions for a test runner?"),
      d(5, 2304, "Cannot find name 'expect'."),
      d(
        6,
        5097,
        "An import path can only end with a '.ts' extension when 'allowImportingTsExtensions' is enabled.",
      ),
    ]),
    'not checked: 2 packages are not installed: vitest, zod; test globals have no type definitions: expect, it; ' +
      '`.ts` extensions in imports are not enabled (allowImportingTsExtensions)',
  );
});

test('mayShow picks files that import the package or call the global, not ones that merely mention it', () => {
  const zod = d(1, 2307, "Cannot find module 'zod' or its corresponding type declarations.");
  assert.equal(mayShow("import { z } from 'zod';\n", zod), true);
  assert.equal(mayShow('import { z } from "zod/v4";\n', zod), true);
  assert.equal(mayShow("import { z } from 'zodiac';\n// zod\n", zod), false);
  const it = d(1, 2593, "Cannot find name 'it'. Do you need to install type definitions for a test runner?");
  assert.equal(mayShow("it('adds', () => {});\n", it), true);
  assert.equal(mayShow("  it.each([1])('x', () => {});\n", it), true);
  assert.equal(mayShow('// split it up\nconst exit = () => quit();\n', it), false);
  const tsExt = d(
    1,
    5097,
    "An import path can only end with a '.ts' extension when 'allowImportingTsExtensions' is enabled.",
  );
  assert.equal(mayShow("import { a } from './a.ts';\n", tsExt), true);
  assert.equal(mayShow("import { a } from './a';\n", tsExt), false);
});
