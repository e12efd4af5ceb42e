import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeCauses, type CauseInput } from '../../../../src/core/run/causes';
import type { Diagnostic } from '../../../../src/core/runTypes';

/** Base and result texts by file; imports by file; a file in `changed` has a result text. */
function input(
  introduced: Diagnostic[],
  opts: {
    base: Record<string, string>;
    after?: Record<string, string>;
    imports?: Record<string, string[]>;
    owned?: string[];
  },
): CauseInput {
  const after = opts.after ?? {};
  return {
    introduced,
    changed: new Set(Object.keys(after)),
    owned: new Set(opts.owned ?? Object.keys(after)),
    importsOf: (file) => opts.imports?.[file] ?? [],
    resolve: (_from, specifier) => `src/${specifier.replace('./', '')}.ts`,
    textOf: (file) => after[file] ?? opts.base[file],
    baseTextOf: (file) => opts.base[file],
  };
}

const noExport = (file: string, name: string): Diagnostic => ({
  file,
  line: 1,
  code: 2305,
  message: `Module '"./http"' has no exported member '${name}'.`,
});

test("an importer's new name that the declaring file never exported: fixed in the declaring file", () => {
  const base = {
    'src/http.ts': 'export function fetchJson() {}\n',
    'src/users.ts': "import { fetchJson } from './http';\n",
  };
  const after = { 'src/users.ts': "import { requestJson } from './http';\n" };
  const d = noExport('src/users.ts', 'requestJson');
  const { targets, unattributed } = attributeCauses(
    input([d], { base, after, owned: ['src/users.ts', 'src/http.ts'] }),
  );
  assert.deepEqual(unattributed, []);
  assert.deepEqual(targets, [
    {
      file: 'src/http.ts',
      kind: 'repair',
      diagnostics: [d],
      pointsInto: ['src/users.ts'],
      cause: 'src/users.ts now imports `requestJson` from this file, which does not declare it',
    },
  ]);
});

test('the declaring file is a follow-up when the plan did not name it', () => {
  const base = {
    'src/http.ts': 'export function fetchJson() {}\n',
    'src/users.ts': "import { fetchJson } from './http';\n",
  };
  const after = { 'src/users.ts': "import { requestJson } from './http';\n" };
  const { targets } = attributeCauses(input([noExport('src/users.ts', 'requestJson')], { base, after }));
  assert.deepEqual(
    targets.map((t) => `${t.file} ${t.kind}`),
    ['src/http.ts follow-up'],
  );
});

test('an importer still using a name the declaring file renamed away: fixed in the importer, with the diff', () => {
  const base = {
    'src/http.ts': 'export function fetchJson() {}\n',
    'src/users.ts': "import { fetchJson } from './http';\n",
  };
  const after = { 'src/http.ts': 'export function requestJson() {}\n' };
  const d = noExport('src/users.ts', 'fetchJson');
  const { targets } = attributeCauses(
    input([d], { base, after, imports: { 'src/users.ts': ['src/http.ts'] } }),
  );
  assert.deepEqual(targets, [
    { file: 'src/users.ts', kind: 'follow-up', diagnostics: [d], pointsInto: ['src/http.ts'] },
  ]);
});

test('related information into a changed file makes a follow-up even without a direct import', () => {
  const d: Diagnostic = {
    file: 'src/app.ts',
    line: 3,
    code: 2554,
    message: 'Expected 2 arguments, but got 1.',
    related: [{ file: 'src/http.ts', line: 1, message: "An argument for 'options' was not provided." }],
  };
  const base = { 'src/http.ts': 'a', 'src/app.ts': 'b' };
  const { targets, unattributed } = attributeCauses(input([d], { base, after: { 'src/http.ts': 'c' } }));
  assert.deepEqual(unattributed, []);
  assert.deepEqual(targets, [
    { file: 'src/app.ts', kind: 'follow-up', diagnostics: [d], pointsInto: ['src/http.ts'] },
  ]);
});

test('an error outside the plan that no changed file explains is left unattributed; an owned one is repaired', () => {
  const stray: Diagnostic = { file: 'src/other.ts', line: 2, code: 2322, message: 'x' };
  const own: Diagnostic = { file: 'src/http.ts', line: 1, code: 2551, message: 'y' };
  const base = { 'src/http.ts': 'a', 'src/other.ts': 'b' };
  const { targets, unattributed } = attributeCauses(
    input([stray, own], { base, after: { 'src/http.ts': 'c' } }),
  );
  assert.deepEqual(unattributed, [stray]);
  assert.deepEqual(targets, [{ file: 'src/http.ts', kind: 'repair', diagnostics: [own], pointsInto: [] }]);
});
