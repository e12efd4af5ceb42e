import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseToolInput, toolFromSchema } from '../../../../src/core/llm/structured';
import { OrchestraError } from '../../../../src/core/errors';

const Edits = z.object({
  file: z.string().min(1),
  edits: z.array(z.object({ search: z.string().min(1), replace: z.string() })),
  notes: z.string().default(''),
});

test('toolFromSchema emits the JSON schema without $schema; defaulted fields are optional for the model', () => {
  const tool = toolFromSchema('submit_edits', 'Submit the edits.', Edits);
  assert.equal(tool.name, 'submit_edits');
  assert.equal(tool.description, 'Submit the edits.');
  assert.equal('$schema' in tool.inputSchema, false);
  assert.equal(tool.inputSchema['type'], 'object');
  assert.deepEqual(tool.inputSchema['required'], ['file', 'edits']);
  assert.deepEqual(Object.keys(tool.inputSchema['properties'] as object), ['file', 'edits', 'notes']);
});

test('toolFromSchema refuses a non-object schema', () => {
  assert.throws(() => toolFromSchema('t', 'd', z.string()), OrchestraError);
});

test('parseToolInput accepts objects and JSON strings, applying defaults', () => {
  const value = { file: 'a.ts', edits: [{ search: 'foo', replace: 'bar' }] };
  assert.deepEqual(parseToolInput(Edits, value), { ok: true, value: { ...value, notes: '' } });
  assert.deepEqual(parseToolInput(Edits, JSON.stringify(value)), {
    ok: true,
    value: { ...value, notes: '' },
  });
});

test('parseToolInput lists issues as path: message (the text sent back to the model)', () => {
  const result = parseToolInput(Edits, { file: '', edits: [{ search: '', replace: 3 }] });
  assert.deepEqual(result, {
    ok: false,
    error: [
      'The tool input does not match the schema:',
      '  - file: Too small: expected string to have >=1 characters',
      '  - edits.0.search: Too small: expected string to have >=1 characters',
      '  - edits.0.replace: Invalid input: expected string, received number',
    ].join('\n'),
  });
});

test('parseToolInput caps the list at five issues and names the root', () => {
  const many = z.object({
    a: z.string(),
    b: z.string(),
    c: z.string(),
    d: z.string(),
    e: z.string(),
    f: z.string(),
    g: z.string(),
  });
  const result = parseToolInput(many, {});
  assert.equal(result.ok, false);
  assert.equal(result.ok ? '' : result.error.split('\n').at(-1), '  ... and 2 more issue(s)');
  assert.deepEqual(parseToolInput(many, 42), {
    ok: false,
    error:
      'The tool input does not match the schema:\n  - (root): Invalid input: expected object, received number',
  });
});

test('parseToolInput reports bad JSON and a missing tool call', () => {
  const bad = parseToolInput(Edits, '{"file": "a.ts", ');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /^The tool input is not valid JSON: /);
  assert.deepEqual(parseToolInput(Edits, undefined), {
    ok: false,
    error: 'No tool input was returned: answer by calling the tool.',
  });
});
