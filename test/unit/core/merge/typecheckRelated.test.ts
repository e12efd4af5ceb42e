import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeContext } from '../../../../src/core/merge/changeContext';
import { compareDiagnostics } from '../../../../src/core/merge/typecheck';
import { STRICT_TSCONFIG } from '../../../support/fetchProject';
import { tempWorkspace } from '../../../support/merge';

test("a new error carries the compiler's related location in the workspace (the declaration it points at)", () => {
  const ws = tempWorkspace({
    'tsconfig.json': STRICT_TSCONFIG,
    'src/http.ts': 'export function get(url: string): string {\n  return url;\n}\n',
    'src/app.ts': "import { get } from './http';\n\nexport const x = get('/x');\n",
  });
  const after = 'export function get(url: string, options: { method: string }): string {\n  return url;\n}\n';
  const { introduced } = compareDiagnostics(ws, [{ file: 'src/http.ts', after }]);
  assert.deepEqual(introduced, [
    {
      file: 'src/app.ts',
      line: 3,
      code: 2554,
      message: 'Expected 2 arguments, but got 1.',
      related: [{ file: 'src/http.ts', line: 1, message: "An argument for 'options' was not provided." }],
    },
  ]);
});

test('the context of a changed file: the declarations the change altered, after it, and its diff', () => {
  const before = 'export const a = 1;\n\nexport function get(url: string): string {\n  return url;\n}\n';
  const after =
    'export const a = 1;\n\nexport function get(url: string, n: number): string {\n  return url;\n}\n';
  const context = changeContext({ file: 'src/http.ts', before, after, beforeHash: 'h', isNew: false });
  assert.equal(
    context.declarations,
    'export function get(url: string, n: number): string {\n  return url;\n}',
  );
  assert.equal(
    context.diff,
    `diff --git a/src/http.ts b/src/http.ts
--- a/src/http.ts
+++ b/src/http.ts
@@ -1,5 +1,5 @@
 export const a = 1;
 
-export function get(url: string): string {
+export function get(url: string, n: number): string {
   return url;
 }
`,
  );
});
