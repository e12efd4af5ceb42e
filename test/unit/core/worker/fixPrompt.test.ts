import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelRequest } from '../../../../src/core/llm/modelClient';
import { buildFixRequest } from '../../../../src/core/worker/fixPrompt';

const TEMPLATE: ModelRequest = {
  role: 'worker',
  model: 'claude-haiku-4-5',
  maxTokens: 1024,
  tool: { name: 'submit_edits', description: 'edits', inputSchema: { type: 'object' } },
  system: [{ text: 'shared worker prefix', cache: true }],
  messages: [],
  label: 'src/a.ts',
};

test('a follow-up request: the errors with related locations, the changed declaration, its diff, the whole file', () => {
  const request = buildFixRequest({
    kind: 'follow-up',
    file: 'src/app.ts',
    text: "import { get } from './http';\nget('/x');\n",
    diagnostics: [
      {
        file: 'src/app.ts',
        line: 2,
        code: 2554,
        message: 'Expected 2 arguments, but got 1.',
        related: [{ file: 'src/http.ts', line: 1, message: "An argument for 'options' was not provided." }],
      },
    ],
    pointsInto: [
      {
        file: 'src/http.ts',
        declarations: 'export function get(url: string, options: {}) {}',
        diff: '-export function get(url: string) {}\n+export function get(url: string, options: {}) {}\n',
      },
    ],
    template: TEMPLATE,
    fileTokens: 1000,
    label: 'follow-up:src/app.ts',
  });
  assert.equal(request.role, 'follow-up');
  assert.equal(request.label, 'follow-up:src/app.ts');
  assert.deepEqual(request.system, TEMPLATE.system);
  assert.equal(request.messages.length, 1);
  assert.equal(
    request.messages[0]!.content,
    `Your file: src/app.ts

Your subtask (added by the type-check): this file is outside the plan, but the refactoring changed declarations it uses and the type-check found new errors in it. Keep the refactoring; fix this file to match it.

New type errors:
- line 2: TS2554 Expected 2 arguments, but got 1.
  related: src/http.ts:1: An argument for 'options' was not provided.

<definition path="src/http.ts" (declarations the change altered, after it)>
export function get(url: string, options: {}) {}
</definition>

<definition path="src/http.ts" (diff of the change)>
-export function get(url: string) {}
+export function get(url: string, options: {}) {}

</definition>

<file path="src/app.ts" (whole file, after the refactoring)>
import { get } from './http';
get('/x');

</file>`,
  );
});

test('a repair of a file too large to send whole: an excerpt around its errors, read_lines for the rest', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `const v${i + 1} = ${i + 1};`);
  const request = buildFixRequest({
    kind: 'repair',
    file: 'src/big.ts',
    text: `${lines.join('\n')}\n`,
    diagnostics: [{ file: 'src/big.ts', line: 30, code: 2322, message: 'bad' }],
    pointsInto: [],
    template: TEMPLATE,
    fileTokens: 0,
    label: 'repair:src/big.ts',
  });
  const content = request.messages[0]!.content as string;
  assert.equal(request.role, 'repair');
  assert.match(
    content,
    /^Your subtask: the refactoring left new type errors in this file\. Fix them without undoing the refactoring\. Keep the refactoring; fix this file to match it\.$/m,
  );
  assert.ok(
    content.includes(
      '<file path="src/big.ts" (excerpt of a 40-line file after the refactoring, around the errors; read_lines shows any other line)>\n…\n18 | const v18 = 18;\n',
    ),
    content,
  );
  assert.ok(content.includes('30 | const v30 = 30;\n'), content);
  assert.ok(content.endsWith('40 | const v40 = 40;\n</file>'), content);
  assert.ok(!content.includes('17 | const v17'), content);
});
