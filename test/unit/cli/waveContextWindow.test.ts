/**
 * A later wave's worker request, rebuilt on the texts its dependencies left, is checked against the model's
 * context window like the first one: it is refused before it is sent, naming the file (no call made), and
 * the run says so. In-process CLI with a small `--context-window`, real SDK, loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { SubtaskOutcome } from '../../../src/core/runTypes';
import { cli, cliMock } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isPlan, isWorker } from '../../support/mockRequests';
import { toolUseReply } from '../../mock-anthropic/server';
import { writeTree } from '../../support/tempTree';

const api = cliMock();

const NET = `export function fetchJson(url: string): Promise<unknown> {
  return Promise.resolve(url);
}
`;
const MAIN = `import { fetchJson } from './net';
export const data = fetchJson('/a');
`;
/** What the declaration's worker adds: about 7,700 tokens, more than the window leaves. */
const TABLE = Array.from({ length: 600 }, (_, i) => `  '/route/${i}': 'handler number ${i} of the table',`);
const NEW_NET = `export const ROUTES: Record<string, string> = {
${TABLE.join('\n')}
};
${NET}`;

function script(): void {
  api.mock.on(
    isPlan,
    toolUseReply({
      summary: 'Add a route table; callers use it.',
      subtasks: [
        { id: 'decl', file: 'src/net.ts', handler: 'llm', instructions: 'Add ROUTES.', priority: 9 },
        {
          id: 'call',
          file: 'src/main.ts',
          handler: 'llm',
          instructions: 'Look the URL up in ROUTES.',
          priority: 8,
          dependsOn: ['decl'],
        },
      ],
    }),
  );
  api.mock.on(
    isWorker('src/net.ts'),
    toolUseReply({
      file: 'src/net.ts',
      edits: [
        {
          search: 'export function fetchJson(',
          replace: `${NEW_NET.slice(0, -NET.length)}export function fetchJson(`,
        },
      ],
    }),
  );
  api.mock.on(
    isWorker('src/main.ts'),
    toolUseReply({
      file: 'src/main.ts',
      edits: [
        {
          search: "import { fetchJson } from './net';",
          replace: "import { fetchJson, ROUTES } from './net';",
        },
        { search: "fetchJson('/a')", replace: "fetchJson(ROUTES['/a'] ?? '/a')" },
      ],
    }),
  );
}

test("a later wave's rebuilt request over the context window is refused before it is sent, naming the file", async () => {
  const dir = writeTree({ 'tsconfig.json': STRICT_TSCONFIG, 'src/net.ts': NET, 'src/main.ts': MAIN });
  script();
  // Room for each first request (under 2,000 prompt tokens + 8,192 output), not for 7,700 more.
  const run = await cli(
    [
      'refactor',
      'add a route table to net.ts and use it in main.ts',
      '--cwd',
      dir,
      '--json',
      '--context-window',
      'claude-haiku-4-5=12000',
    ],
    api.env,
  );
  assert.equal(api.mock.requests.filter(isWorker('src/net.ts')).length, 1);
  assert.equal(
    api.mock.requests.filter(isWorker('src/main.ts')).length,
    0,
    'the refused request was not sent',
  );
  const report = JSON.parse(run.stdout) as {
    outcomes: SubtaskOutcome[];
    changes: Array<{ file: string; after: string }>;
  };
  const call = report.outcomes.find((o) => o.id === 'call');
  assert.equal(call?.status, 'failed');
  assert.equal(call?.attempts, 0);
  assert.equal(call?.errorReason, 'bad-input');
  assert.match(
    call?.reason ?? '',
    /^src\/main\.ts: the worker's request needs about \d+ tokens \(prompt \+ 8192 output\) but claude-haiku-4-5's context window is 12000: lower orchestra\.workerFileTokens \(--worker-file-tokens\), set a larger window in orchestra\.contextWindows, or use a model with a larger one\. It was not sent\.$/,
  );
  assert.deepEqual(
    report.changes.map((c) => [c.file, c.after]),
    [['src/net.ts', NEW_NET]],
  );
  // The same exit code as a first request refused for its window: the settings have to change.
  assert.equal(run.code, ExitCode.badInput, run.stderr);
});

test('the same plan with a window that holds the rebuilt request sends it, with the changed file', async () => {
  const dir = writeTree({ 'tsconfig.json': STRICT_TSCONFIG, 'src/net.ts': NET, 'src/main.ts': MAIN });
  script();
  const run = await cli(
    [
      'refactor',
      'add a route table to net.ts and use it in main.ts',
      '--cwd',
      dir,
      '--context-window',
      'claude-haiku-4-5=40000',
    ],
    api.env,
  );
  const main = api.mock.requests.filter(isWorker('src/main.ts'));
  assert.equal(main.length, 1);
  assert.ok(main[0]!.userText.includes("'/route/599': 'handler number 599 of the table',"));
  assert.equal(run.code, ExitCode.done, run.stderr);
});
