/**
 * The estimate of an llm step whose request a deterministic step changes before it runs: dispatch runs the
 * rename first and re-builds the worker's request on the renamed texts (its own file renamed, or the files
 * its dependency changed), so the estimate must count that request, not the one built on the baseline.
 * In-process CLI, real SDK, loopback mock: what `count_tokens` was asked is compared with what was sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isPlan, isWorker } from '../../support/mockRequests';
import { toolUseReply, type MockRequestBody } from '../../mock-anthropic/server';
import { writeTree } from '../../support/tempTree';

const api = cliMock();

const PROJECT = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/a.ts': `export function total(n: number): number {
  return n * 2;
}
`,
  'src/report.ts': `import { total } from './a';

export const line = total(7);
`,
  'src/notes.ts': `export const note = 'seven';
`,
};

const RENAME = {
  id: 'r',
  file: 'src/a.ts',
  handler: 'rename',
  instructions: 'rename total to sum',
  priority: 10,
  rename: { from: 'total', to: 'sum' },
};

/** The mock's token count of a request: a quarter of the characters of what it is asked to count. */
function tokensOf(body: MockRequestBody): number {
  const { system, messages, tools } = body;
  return Math.ceil(JSON.stringify({ system, messages, tools }).length / 4);
}

interface Report {
  estimate: { workerInputTokens: number; subtasks: Array<{ id: string; usd: number }> };
  outcomes: Array<{ id?: string; status: string }>;
}

/** Runs the plan (a deterministic step, then one llm step) without applying; the report and the worker's requests. */
async function run(
  edit: Record<string, unknown>,
  worker: { search: string; replace: string },
  step: Record<string, unknown> = RENAME,
  instruction = 'rename total to sum and edit',
) {
  const dir = writeTree(PROJECT);
  const file = edit['file'] as string;
  api.mock.on(
    isPlan,
    toolUseReply({ summary: 'One deterministic step, then an llm edit.', subtasks: [step, edit] }),
  );
  api.mock.on(isWorker(file), toolUseReply({ file, edits: [worker] }));
  api.mock.onCountTokens(
    () => true,
    (req) => ({ body: { input_tokens: tokensOf(req.body) } }),
  );
  const result = await cli(['refactor', instruction, '--cwd', dir, '--json'], api.env);
  assert.equal(result.code, ExitCode.done, result.stderr);
  const counted = api.mock.countTokensRequests.filter(isWorker(file));
  const sent = api.mock.requests.filter(isWorker(file));
  assert.equal(counted.length, 1, 'one count for the worker request');
  assert.equal(sent.length, 1, 'one worker call');
  return { report: JSON.parse(result.stdout) as Report, counted: counted[0]!, sent: sent[0]! };
}

test('an llm step on a file a rename changes first is estimated on the renamed text it is sent', async () => {
  // The search text exists only after the rename: the worker is sent the renamed file.
  const { report, counted, sent } = await run(
    {
      id: 'e',
      file: 'src/report.ts',
      handler: 'llm',
      instructions: 'Report 8 instead of 7.',
      priority: 8,
    },
    { search: 'export const line = sum(7);', replace: 'export const line = sum(8);' },
  );
  assert.ok(
    counted.userText.includes(
      `<file path="src/report.ts" (whole file)>\nimport { sum } from './a';\n\nexport const line = sum(7);\n`,
    ),
    counted.userText,
  );
  assert.ok(!counted.userText.includes('total'), 'not the text before the rename');
  assert.deepEqual(counted.body.messages, sent.body.messages);
  assert.deepEqual(counted.body.system, sent.body.system);
  assert.deepEqual(counted.body.tools, sent.body.tools);
  assert.equal(report.estimate.workerInputTokens, tokensOf(sent.body));
  assert.ok((report.estimate.subtasks.find((s) => s.id === 'e')?.usd ?? 0) > 0);
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['r', 'done'],
      ['e', 'done'],
    ],
  );
});

test('an llm step that depends on a rename is estimated with the files the rename changed, as it is sent', async () => {
  const { report, counted, sent } = await run(
    {
      id: 'e',
      file: 'src/notes.ts',
      handler: 'llm',
      instructions: 'Say eight instead of seven.',
      priority: 8,
      dependsOn: ['r'],
    },
    { search: "export const note = 'seven';", replace: "export const note = 'eight';" },
  );
  // The dependency's changes go with the request: the renamed declaration, counted as sent.
  assert.ok(counted.userText.includes('export function sum(n: number): number {'), counted.userText);
  assert.deepEqual(counted.body.messages, sent.body.messages);
  assert.deepEqual(counted.body.system, sent.body.system);
  assert.deepEqual(counted.body.tools, sent.body.tools);
  assert.equal(report.estimate.workerInputTokens, tokensOf(sent.body));
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['r', 'done'],
      ['e', 'done'],
    ],
  );
});

test('an llm step on an importer of a file a move moves is estimated on the importer as the move rewrote it', async () => {
  const move = {
    id: 'm',
    file: 'src/a.ts',
    handler: 'move',
    to: 'src/lib/a.ts',
    instructions: 'move it into src/lib',
    priority: 10,
  };
  const { report, counted, sent } = await run(
    { id: 'e', file: 'src/report.ts', handler: 'llm', instructions: 'Report 8 instead of 7.', priority: 8 },
    {
      search: "from './lib/a';\n\nexport const line = total(7);",
      replace: "from './lib/a';\n\nexport const line = total(8);",
    },
    move,
    'move a.ts into src/lib and edit',
  );
  assert.ok(
    counted.userText.includes(
      `<file path="src/report.ts" (whole file)>\nimport { total } from './lib/a';\n\nexport const line = total(7);\n`,
    ),
    counted.userText,
  );
  assert.deepEqual(counted.body.messages, sent.body.messages);
  assert.equal(report.estimate.workerInputTokens, tokensOf(sent.body));
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['m', 'done'],
      ['e', 'done'],
    ],
  );
});
