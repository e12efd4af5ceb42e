/**
 * The scope check through the CLI: a worker answer with the right edits plus an unrelated comment and a local
 * renamed elsewhere — both hunks marked out of scope, kept (exit 8) or dropped with --strict-scope (exit 0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { OutOfScopeHunk } from '../../../src/core/runTypes';
import { cli, cliMock } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

const suite = cliMock();

interface Report {
  outOfScope: OutOfScopeHunk[];
}

function llmPlan(files: string[], instructions: string): unknown {
  return {
    summary: 'The change, file by file.',
    subtasks: files.map((file) => ({ file, handler: 'llm', instructions, priority: 5 })),
  };
}

const HTTP_WITH_RETRY = `export async function fetchJson(url: string, method: string): Promise<unknown> {
  return { url, method };
}

export function retryDelay(attempt: number): number {
  const base = 100;
  return base * 2 ** attempt;
}
`;

/** The right edits to http.ts, plus an unrelated comment and a local renamed in another function. */
function scriptOverreach(): void {
  suite.mock.on(
    isPlan,
    toolUseReply(llmPlan(['src/http.ts', 'src/users.ts', 'src/orders.ts'], 'Pass { method }.')),
  );
  suite.mock.on(isWorker('src/http.ts'), (req) =>
    toolUseReply({
      file: 'src/http.ts',
      edits: [
        ...FETCH_EDITS['src/http.ts']!.edits,
        {
          search: 'export function retryDelay',
          replace: '// TODO: tidy this up\nexport function retryDelay',
        },
        {
          search: '  const base = 100;\n  return base * 2',
          replace: '  const initial = 100;\n  return initial * 2',
        },
      ],
    })(req),
  );
  suite.mock.on(isWorker(), (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req));
}

const HTTP_WANTED = `export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {
  return { url, method: options.method };
}

export function retryDelay(attempt: number): number {
  const base = 100;
  return base * 2 ** attempt;
}
`;

const OVERREACH = [
  { subtask: 'src/http.ts', file: 'src/http.ts', line: 5, removed: [], added: ['// TODO: tidy this up'] },
  {
    subtask: 'src/http.ts',
    file: 'src/http.ts',
    line: 6,
    removed: ['  const base = 100;', '  return base * 2 ** attempt;'],
    added: ['  const initial = 100;', '  return initial * 2 ** attempt;'],
  },
];

test('out-of-scope hunks (an unrelated comment, a local renamed elsewhere) are marked and kept: exit 8', async () => {
  const dir = writeTree({ ...FETCH_PROJECT, 'src/http.ts': HTTP_WITH_RETRY });
  scriptOverreach();
  const run = await cli(
    ['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--json', '--apply'],
    suite.env,
  );
  assert.equal(run.code, ExitCode.partial, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(
    report.outOfScope,
    OVERREACH.map((h) => ({ ...h, dropped: false })),
  );
  assert.match(run.stderr, /^out of scope: src\/http\.ts:5 \(kept, 1 line\): \+ \/\/ TODO: tidy this up$/m);
  assert.match(run.stderr, /^out of scope: src\/http\.ts:6 \(kept, 2 lines\): \+ const initial = 100;$/m);
  assert.match(run.stderr, /^» Not done: 2 out-of-scope hunks kept\. 3 file\(s\) changed, /m);
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), {
    ...FETCH_AFTER,
    'src/http.ts': `export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {
  return { url, method: options.method };
}

// TODO: tidy this up
export function retryDelay(attempt: number): number {
  const initial = 100;
  return initial * 2 ** attempt;
}
`,
  });
});

test('--strict-scope drops the out-of-scope hunks before the merge; the wanted edits are applied: exit 0', async () => {
  const dir = writeTree({ ...FETCH_PROJECT, 'src/http.ts': HTTP_WITH_RETRY });
  scriptOverreach();
  const run = await cli(
    [
      'refactor',
      'make `fetchJson` take an options object',
      '--cwd',
      dir,
      '--json',
      '--apply',
      '--strict-scope',
    ],
    suite.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(
    report.outOfScope,
    OVERREACH.map((h) => ({ ...h, dropped: true })),
  );
  assert.match(
    run.stderr,
    /^out of scope: src\/http\.ts:5 \(dropped, 1 line\): \+ \/\/ TODO: tidy this up$/m,
  );
  assert.match(run.stderr, /^» Done: 3 file\(s\) changed, /m);
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), {
    ...FETCH_AFTER,
    'src/http.ts': HTTP_WANTED,
  });
});
