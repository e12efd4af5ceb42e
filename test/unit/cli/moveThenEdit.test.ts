/**
 * A move followed by an llm edit of the moved file (`dependsOn` the move): the plan check accepts the new
 * path, the worker is sent the moved text under its new path, and `--apply` writes the moved file with the
 * edit and every importer updated. In-process CLI, real SDK, loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isEditCall, isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { toolUseReply, type MockRequestBody } from '../../mock-anthropic/server';
import { filesUnder, writeTree } from '../../support/tempTree';

const api = cliMock();

const PROJECT = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/util/format.ts': `import { pad } from './pad';

export function format(n: number): string {
  return pad(String(n));
}
`,
  'src/util/pad.ts': `export const pad = (s: string): string => s.padStart(4, ' ');
`,
  'src/report.ts': `import { format } from './util/format';

export const line = format(7);
`,
};

const MOVED = `import { pad } from '../util/pad';

/** Formats a count for the report. */
export function format(n: number): string {
  return pad(String(n));
}
`;

function script(dependsOn: string[] | undefined): void {
  api.mock.on(
    isPlan,
    toolUseReply({
      summary: 'Move format to src/text and document it.',
      subtasks: [
        {
          id: 'm',
          file: 'src/util/format.ts',
          handler: 'move',
          to: 'src/text/format.ts',
          instructions: 'move it',
          priority: 10,
        },
        {
          id: 'e',
          file: 'src/text/format.ts',
          handler: 'llm',
          instructions: 'Add a JSDoc line above `format`.',
          priority: 8,
          ...(dependsOn === undefined ? {} : { dependsOn }),
        },
      ],
    }),
  );
  // The search text holds the rewritten import: it exists only in the moved text, not in the original.
  api.mock.on(
    isWorker('src/text/format.ts'),
    toolUseReply({
      file: 'src/text/format.ts',
      edits: [
        {
          search: "import { pad } from '../util/pad';\n\nexport function format(",
          replace:
            "import { pad } from '../util/pad';\n\n/** Formats a count for the report. */\nexport function format(",
        },
      ],
    }),
  );
}

test('a move, then an llm edit of the moved file: the worker gets the moved text at its new path', async () => {
  const dir = writeTree(PROJECT);
  script(['m']);
  const run = await cli(
    ['refactor', 'move format to src/text and document it', '--cwd', dir, '--apply', '--json'],
    api.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const workers = api.mock.requests.filter(isEditCall);
  assert.equal(workers.length, 1, 'one worker call: the move needs none');
  assert.equal(workerFile(workers[0]!), 'src/text/format.ts');
  assert.ok(
    workers[0]!.userText.includes(
      `<file path="src/text/format.ts" (whole file)>\n${PROJECT['src/util/format.ts'].replace("'./pad'", "'../util/pad'")}`,
    ),
    workers[0]!.userText,
  );
  assert.ok(!workers[0]!.userText.includes("from './pad'"), 'not the text before the move');
  assert.deepEqual(filesUnder(dir), {
    'src/report.ts': `import { format } from './text/format';

export const line = format(7);
`,
    'src/text/format.ts': MOVED,
    'src/util/pad.ts': PROJECT['src/util/pad.ts'],
    'tsconfig.json': STRICT_TSCONFIG,
  });
  const report = JSON.parse(run.stdout) as {
    moved: unknown;
    outcomes: Array<{ id?: string; status: string }>;
  };
  assert.deepEqual(report.moved, [{ from: 'src/util/format.ts', to: 'src/text/format.ts' }]);
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['m', 'done'],
      ['e', 'done'],
    ],
  );
});

test('an llm step on the new path that does not depend on the move is rejected by the plan check', async () => {
  const dir = writeTree(PROJECT);
  script(undefined);
  const run = await cli(['refactor', 'move format to src/text and document it', '--cwd', dir], api.env);
  assert.equal(api.mock.requests.filter(isEditCall).length, 0, 'no worker was called');
  // Re-asked once with the problem; the second answer's step is rejected and only the move runs.
  const plans = api.mock.requests.filter(isPlan);
  assert.equal(plans.length, 2);
  const problem = 'src/text/format.ts: no such file in the workspace (use handler "create" for new files)';
  assert.ok(plans[1]!.userText.includes(problem), plans[1]!.userText);
  assert.match(run.stderr, /^ {2}rejected: src\/text\/format\.ts: no such file in the workspace/m);
  // The rejected step never ran: the move alone is not the whole change.
  assert.equal(run.code, ExitCode.partial, run.stderr);
  assert.ok(
    run.stderr.includes(
      '\nNot done: plan step src/text/format.ts rejected: no such file in the workspace ' +
        '(use handler "create" for new files). 2 file(s) changed',
    ),
    run.stderr,
  );
});

/** The mock's token count of a request: a quarter of the characters of what it is asked to count. */
function tokensOf(body: MockRequestBody): number {
  const { system, messages, tools } = body;
  return Math.ceil(JSON.stringify({ system, messages, tools }).length / 4);
}

test("the estimate of an llm step on the moved file's new path counts the request the worker is then sent", async () => {
  const dir = writeTree(PROJECT);
  script(['m']);
  api.mock.onCountTokens(
    () => true,
    (req) => ({ body: { input_tokens: tokensOf(req.body) } }),
  );
  const run = await cli(
    ['refactor', 'move format to src/text and document it', '--cwd', dir, '--json'],
    api.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const counted = api.mock.countTokensRequests.filter(isWorker('src/text/format.ts'));
  const sent = api.mock.requests.filter(isWorker('src/text/format.ts'));
  assert.equal(counted.length, 1);
  assert.equal(sent.length, 1);
  // Counted on the moved text (its import rewritten) and the importer the move changed, not on "does not exist".
  assert.ok(!counted[0]!.userText.includes('does not exist yet'), counted[0]!.userText);
  assert.ok(
    counted[0]!.userText.includes(
      `<file path="src/text/format.ts" (whole file)>\n${PROJECT['src/util/format.ts'].replace("'./pad'", "'../util/pad'")}`,
    ),
    counted[0]!.userText,
  );
  assert.ok(counted[0]!.userText.includes("import { format } from './text/format';"), counted[0]!.userText);
  // What was counted is exactly what the worker was sent.
  assert.deepEqual(counted[0]!.body.messages, sent[0]!.body.messages);
  assert.deepEqual(counted[0]!.body.system, sent[0]!.body.system);
  assert.deepEqual(counted[0]!.body.tools, sent[0]!.body.tools);
  const report = JSON.parse(run.stdout) as {
    estimate: { workerInputTokens: number; subtasks: Array<{ id: string; usd: number }> };
  };
  assert.equal(report.estimate.workerInputTokens, tokensOf(sent[0]!.body));
  assert.ok((report.estimate.subtasks.find((s) => s.id === 'e')?.usd ?? 0) > 0);
});
