/**
 * A later wave's worker request, rebuilt on the texts its dependencies left, is fitted to the model's context
 * window: the files its dependencies changed are shortened (diff, outline, left out) before the request is
 * refused; one that still does not fit (its own file has outgrown the window) is refused before it is sent,
 * naming the file (no call made), and the run says so. In-process CLI with a small `--context-window`, real
 * SDK, loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { SubtaskOutcome } from '../../../src/core/runTypes';
import { cli, cliMock } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isPlan, isWorker, type MatchedRequest } from '../../support/mockRequests';
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
const MAIN_AFTER = `import { fetchJson, ROUTES } from './net';
export const data = fetchJson(ROUTES['/a'] ?? '/a');
`;
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

test("a later wave's request whose dependency no longer fits the window is sent with that file shortened to its outline", async () => {
  const dir = writeTree({ 'tsconfig.json': STRICT_TSCONFIG, 'src/net.ts': NET, 'src/main.ts': MAIN });
  script();
  // Room for each first request (under 2,000 prompt tokens + 8,192 output), not for the 7,700-token table.
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
  const main = api.mock.requests.filter(isWorker('src/main.ts'));
  assert.equal(main.length, 1, 'sent, not refused');
  const text = main[0]!.userText;
  assert.ok(text.includes(`<file path="src/main.ts" (whole file)>\n${MAIN}\n</file>`), text);
  assert.ok(
    text.includes(
      `<file path="src/net.ts" (outline: its top-level lines only, the rest left out to fit claude-haiku-4-5's context window, changed by decl)>
export const ROUTES: Record<string, string> = {
  … (600 lines left out)
};
export function fetchJson(url: string): Promise<unknown> {
  … (1 line left out)
}
</file>`,
    ),
    text,
  );
  assert.ok(!text.includes("'/route/0'"), 'the table itself is left out');
  const report = JSON.parse(run.stdout) as {
    outcomes: SubtaskOutcome[];
    changes: Array<{ file: string; after: string }>;
  };
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['decl', 'done'],
      ['call', 'done'],
    ],
  );
  assert.deepEqual(
    report.changes.map((c) => [c.file, c.after]),
    [
      ['src/main.ts', MAIN_AFTER],
      ['src/net.ts', NEW_NET],
    ],
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
});

/** What the first step on main.ts adds: a call per route, each naming `fetchJson`, about 10,000 tokens. */
const CALLS = Array.from(
  { length: 600 },
  (_, i) => `export const r${i} = fetchJson('/route/${i}/handler-number-${i}');`,
);
const GROWN_MAIN = `${MAIN}${CALLS.join('\n')}\n`;

const firstStep = (req: MatchedRequest): boolean =>
  isWorker('src/main.ts')(req) && req.userText.includes('Your subtask: Add a call per route.');
const secondStep = (req: MatchedRequest): boolean =>
  isWorker('src/main.ts')(req) && req.userText.includes('Your subtask: Wrap');

test("a later wave's rebuilt request whose own file outgrew the context window is refused before it is sent, naming the file", async () => {
  const dir = writeTree({ 'tsconfig.json': STRICT_TSCONFIG, 'src/net.ts': NET, 'src/main.ts': MAIN });
  api.mock.on(
    isPlan,
    toolUseReply({
      summary: 'Add a call per route; then wrap the calls.',
      subtasks: [
        {
          id: 'decl',
          file: 'src/main.ts',
          handler: 'llm',
          instructions: 'Add a call per route.',
          priority: 9,
        },
        {
          id: 'call',
          file: 'src/main.ts',
          handler: 'llm',
          instructions: 'Wrap each `fetchJson` call in a try.',
          priority: 8,
          dependsOn: ['decl'],
        },
      ],
    }),
  );
  api.mock.on(
    firstStep,
    toolUseReply({
      file: 'src/main.ts',
      edits: [
        {
          search: "export const data = fetchJson('/a');\n",
          replace: GROWN_MAIN.slice(MAIN.indexOf('export const data')),
        },
      ],
    }),
  );
  // Room for each first request (under 2,000 prompt tokens + 8,192 output), not for the grown file: every
  // line of it names `fetchJson`, so no excerpt is shorter.
  const run = await cli(
    [
      'refactor',
      'add a call per route to main.ts, then wrap each `fetchJson` call',
      '--cwd',
      dir,
      '--json',
      '--context-window',
      'claude-haiku-4-5=12000',
    ],
    api.env,
  );
  assert.equal(api.mock.requests.filter(firstStep).length, 1);
  assert.equal(api.mock.requests.filter(secondStep).length, 0, 'the refused request was not sent');
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
    /^src\/main\.ts \(call\): the worker's request needs about \d+ tokens \(prompt \+ 8192 output\) but claude-haiku-4-5's context window is 12000: lower orchestra\.workerFileTokens \(--worker-file-tokens\), set a larger window in orchestra\.contextWindows, or use a model with a larger one\. It was not sent\.$/,
  );
  assert.deepEqual(
    report.changes.map((c) => [c.file, c.after]),
    [['src/main.ts', GROWN_MAIN]],
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
