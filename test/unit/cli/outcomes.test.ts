/**
 * Every outcome tells the truth: unchanged files with their reason, new type errors (exit 9, not written
 * without --allow-type-errors), old names left after a rename. Scope: strictScope.test.ts; rename-only
 * plans: renameOnly.test.ts. The CLI in-process, the real SDK over HTTP against the loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type {
  OutOfScopeHunk,
  RemainingObligation,
  RunVerdict,
  SubtaskOutcome,
} from '../../../src/core/runTypes';
import { cli, cliMock } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT, STRICT_TSCONFIG } from '../../support/fetchProject';
import { isPlan, isRepair, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const suite = cliMock();

interface Report {
  outcomes: SubtaskOutcome[];
  obligations: RemainingObligation[];
  outOfScope: OutOfScopeHunk[];
  verdict: RunVerdict;
  diagnostics: { introduced: Array<{ file: string; line: number; code: number; message: string }> };
  changes: Array<{ file: string; after: string }>;
  seeds: string[];
}

function llmPlan(files: string[], instructions: string): unknown {
  return {
    summary: 'The change, file by file.',
    subtasks: files.map((file) => ({ file, handler: 'llm', instructions, priority: 5 })),
  };
}

const TRIO: Record<string, string> = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/a.ts': 'export const alpha = 1;\n\nexport function useAlpha(): number {\n  return alpha + 1;\n}\n',
  'src/b.ts': "import { alpha } from './a';\n\nexport const beta = alpha * 2;\n",
};

test('a worker that answers with no edits: unchanged with its reason in --json and the summary, exit 8', async () => {
  const dir = writeTree(TRIO);
  suite.mock.on(
    isPlan,
    toolUseReply(llmPlan(['src/a.ts', 'src/b.ts'], 'Add a comment above the line using alpha.')),
  );
  suite.mock.on(
    isWorker('src/a.ts'),
    toolUseReply({
      file: 'src/a.ts',
      edits: [{ search: '  return alpha', replace: '  // one more\n  return alpha' }],
    }),
  );
  suite.mock.on(
    isWorker('src/b.ts'),
    toolUseReply({ file: 'src/b.ts', edits: [], notes: 'beta is documented by its name already' }),
  );
  const run = await cli(
    ['refactor', 'document every use of `alpha`', '--cwd', dir, '--json', '--apply'],
    suite.env,
  );
  assert.equal(run.code, ExitCode.partial, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  const b = report.outcomes.find((o) => o.file === 'src/b.ts')!;
  assert.equal(b.status, 'unchanged');
  assert.equal(b.reason ?? b.notes, 'beta is documented by its name already');
  assert.deepEqual(report.obligations, [
    {
      subtask: 'src/b.ts',
      kind: 'unchanged',
      file: 'src/b.ts',
      message:
        'src/b.ts: the plan says this file must change; it is unchanged: beta is documented by its name already',
    },
  ]);
  assert.equal(report.verdict.kind, 'partial');
  assert.match(run.stderr, /^unchanged: src\/b\.ts: beta is documented by its name already$/m);
  assert.match(
    run.stderr,
    /^» Not done: src\/b\.ts unchanged: beta is documented by its name already\. 1 file\(s\) changed, \$0\.\d{4}$/m,
  );
  assert.doesNotMatch(run.stderr, /Done:/);
  // The partial result is written: the file that changed, and only it.
  assert.deepEqual(readTree(dir, ['src/a.ts', 'src/b.ts']), {
    'src/a.ts':
      'export const alpha = 1;\n\nexport function useAlpha(): number {\n  // one more\n  return alpha + 1;\n}\n',
    'src/b.ts': "import { alpha } from './a';\n\nexport const beta = alpha * 2;\n",
  });
  assert.equal(suite.mock.requests.filter(isWorker('src/a.ts')).length, 1);
  assert.ok(suite.mock.requests.filter(isWorker('src/b.ts')).length >= 1);
});

/** Only http.ts is planned: its new signature breaks both callers, which the run does not change. */
function scriptSignatureOnly(): void {
  suite.mock.on(
    isPlan,
    toolUseReply({
      summary: 'fetchJson takes options.',
      subtasks: [
        { file: 'src/http.ts', handler: 'llm', instructions: 'Take { method } options.', priority: 10 },
      ],
    }),
  );
  suite.mock.on(isWorker('src/http.ts'), toolUseReply(FETCH_EDITS['src/http.ts']));
}

const TYPE_ERRORS = [
  "new type error: src/orders.ts:4 TS2345 Argument of type 'string' is not assignable to parameter of type '{ method: string; }'.",
  "new type error: src/users.ts:4 TS2345 Argument of type 'string' is not assignable to parameter of type '{ method: string; }'.",
];

test('new type errors: exit 9, listed, and --apply writes nothing', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptSignatureOnly();
  // Without follow-ups the callers' errors stay as the change left them (with them, followUps.test.ts).
  const run = await cli(
    ['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--apply', '--no-follow-ups'],
    suite.env,
  );
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  for (const line of TYPE_ERRORS) assert.ok(run.stderr.includes(`\n${line}\n`), line);
  assert.match(run.stderr, /^» Not done: 2 new type errors\. 1 file\(s\) changed, \$0\.\d{4}$/m);
  assert.match(
    run.stderr,
    /^Not written: the result has 2 new type errors \(listed above\); .* --allow-type-errors/m,
  );
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), {
    'src/http.ts': FETCH_PROJECT['src/http.ts'],
    'src/users.ts': FETCH_PROJECT['src/users.ts'],
    'src/orders.ts': FETCH_PROJECT['src/orders.ts'],
  });
  // The errors are in files the run did not change: nothing to repair, so no repair call.
  assert.equal(suite.mock.requests.filter(isRepair()).length, 0);
  assert.equal(suite.mock.requests.length, 2);
});

test('new type errors with --apply --allow-type-errors: written, and still exit 9', async () => {
  const dir = writeTree(FETCH_PROJECT);
  scriptSignatureOnly();
  const run = await cli(
    [
      'refactor',
      'make `fetchJson` take an options object',
      '--cwd',
      dir,
      '--apply',
      '--allow-type-errors',
      '--no-follow-ups',
    ],
    suite.env,
  );
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  assert.match(run.stderr, /^Applied: src\/http\.ts$/m);
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), {
    'src/http.ts': FETCH_AFTER['src/http.ts'],
    'src/users.ts': FETCH_PROJECT['src/users.ts'],
    'src/orders.ts': FETCH_PROJECT['src/orders.ts'],
  });
});

const RENAME = 'rename `fetchJson` to `requestJson`';
const RENAME_STEP = 'Rename fetchJson to requestJson in this file.';

test('a rename by workers that leaves one reference to the old name: listed by file and line, not exit 0', async () => {
  const dir = writeTree(FETCH_PROJECT);
  suite.mock.on(isPlan, toolUseReply(llmPlan(['src/http.ts', 'src/users.ts', 'src/orders.ts'], RENAME_STEP)));
  const edits: Record<string, Array<{ search: string; replace: string }>> = {
    'src/http.ts': [{ search: 'function fetchJson(', replace: 'function requestJson(' }],
    'src/users.ts': [
      { search: 'import { fetchJson }', replace: 'import { requestJson }' },
      { search: 'return fetchJson(', replace: 'return requestJson(' },
    ],
    // The import is renamed, the call is not.
    'src/orders.ts': [{ search: 'import { fetchJson }', replace: 'import { requestJson }' }],
  };
  suite.mock.on(isWorker(), (req) =>
    toolUseReply({ file: workerFile(req), edits: edits[workerFile(req) ?? ''] })(req),
  );
  suite.mock.on(
    isRepair(),
    toolUseReply({ file: 'src/orders.ts', edits: [], notes: 'cannot tell what to call' }),
  );
  const run = await cli(['refactor', RENAME, '--cwd', dir, '--json'], suite.env);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(
    report.obligations.map((o) => o.message),
    ['src/orders.ts:4: `fetchJson` is still referenced; the plan renames it to `requestJson`'],
  );
  assert.match(run.stderr, /^left to do: src\/orders\.ts:4: `fetchJson` is still referenced; /m);
  // The left-over reference does not compile either; the repair round got it and could not fix it.
  assert.deepEqual(
    report.diagnostics.introduced.map((d) => `${d.file}:${d.line} TS${d.code}`),
    ['src/orders.ts:4 TS2304'],
  );
  assert.ok(suite.mock.requests.filter(isRepair()).length >= 1);
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
});

test('a rename that keeps the old name as an alias compiles, but the old name is left: exit 8', async () => {
  const dir = writeTree(FETCH_PROJECT);
  suite.mock.on(isPlan, toolUseReply(llmPlan(['src/http.ts', 'src/users.ts', 'src/orders.ts'], RENAME_STEP)));
  suite.mock.on(isWorker('src/http.ts'), (req) =>
    toolUseReply({
      file: 'src/http.ts',
      edits: [
        {
          search: 'export async function fetchJson(url: string, method: string): Promise<unknown> {',
          replace: 'export async function requestJson(url: string, method: string): Promise<unknown> {',
        },
        {
          search: '  return { url, method };\n}\n',
          replace: '  return { url, method };\n}\n\nexport const fetchJson = requestJson;\n',
        },
      ],
    })(req),
  );
  const renamed: Record<string, string> = {
    'src/users.ts': `import { requestJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return requestJson(\`/users/\${id}\`, 'GET');
}
`,
    'src/orders.ts': `import { requestJson } from './http';

export function createOrder(): Promise<unknown> {
  return requestJson('/orders', 'POST');
}
`,
  };
  suite.mock.on(isWorker(), (req) =>
    toolUseReply({ file: workerFile(req), content: renamed[workerFile(req) ?? ''] })(req),
  );
  const run = await cli(['refactor', RENAME, '--cwd', dir, '--json'], suite.env);
  assert.equal(run.code, ExitCode.partial, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.diagnostics.introduced, []);
  assert.deepEqual(report.obligations, [
    {
      subtask: 'src/http.ts',
      kind: 'old-name',
      file: 'src/http.ts',
      line: 5,
      message: 'src/http.ts:5: `fetchJson` is still referenced; the plan renames it to `requestJson`',
    },
  ]);
  assert.equal(report.verdict.kind, 'partial');
  assert.match(
    run.stderr,
    /^» Not done: 1 reference to a renamed name left \(first at src\/http\.ts:5\)\. /m,
  );
});
