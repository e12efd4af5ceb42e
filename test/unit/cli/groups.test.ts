/**
 * File groups end to end through the CLI (in-process, the real SDK over HTTP against the loopback mock): one
 * declaration subtask and one group naming the symbol's references, expanded to one worker per caller.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;

before(async () => {
  mock = await MockAnthropic.start();
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url };
});
after(() => mock.close());
beforeEach(() => mock.reset());

const INSTRUCTION = 'make `fetchJson` take an options object';

const PROJECT: Record<string, string> = {
  ...FETCH_PROJECT,
  'src/carts.ts': `import { fetchJson } from './http';

export function saveCart(): Promise<unknown> {
  return fetchJson('/carts', 'PUT');
}
`,
  // Mentions the name, references nothing: not a member.
  'src/notes.ts': '// fetchJson is the one HTTP helper\nexport const notes = 1;\n',
};

const FILES = Object.keys(PROJECT).filter((f) => f.startsWith('src/'));

const EDITS: Record<string, { file: string; edits: Array<{ search: string; replace: string }> }> = {
  ...FETCH_EDITS,
  'src/carts.ts': {
    file: 'src/carts.ts',
    edits: [{ search: "fetchJson('/carts', 'PUT')", replace: "fetchJson('/carts', { method: 'PUT' })" }],
  },
};

/** The plan: ONE subtask for the declaration, ONE group for every caller. */
const GROUP_PLAN = {
  summary: 'fetchJson takes an options object instead of a method argument.',
  subtasks: [
    {
      file: 'src/http.ts',
      handler: 'llm',
      id: 'decl',
      instructions: 'Change the signature to fetchJson(url, options: { method: string }).',
      priority: 10,
    },
    {
      file: 'callers of fetchJson',
      handler: 'llm',
      id: 'callers',
      dependsOn: ['decl'],
      group: { references: { symbol: 'fetchJson', declaredIn: 'src/http.ts' } },
      instructions: 'Pass { method } instead of the method string.',
      priority: 8,
    },
  ],
};

function script(): void {
  mock.on(isPlan, toolUseReply(GROUP_PLAN));
  mock.on(isWorker(), (req) => toolUseReply(EDITS[workerFile(req) ?? '']!)(req));
}

test('a group of 3 callers + the declaration: 4 workers, every file as expected, written with --apply', async () => {
  const dir = writeTree(PROJECT);
  script();
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--max-workers', '5000', '--apply'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.filter(isPlan).length, 1);
  const workers = mock.requests.filter(isWorker()).map((r) => workerFile(r));
  assert.deepEqual(workers.sort(), ['src/carts.ts', 'src/http.ts', 'src/orders.ts', 'src/users.ts']);
  // The declaration's worker ran first: the callers depend on the group's dependency.
  assert.equal(workerFile(mock.requests.filter(isWorker())[0]!), 'src/http.ts');
  assert.deepEqual(readTree(dir, FILES), {
    ...FETCH_AFTER,
    'src/carts.ts': `import { fetchJson } from './http';

export function saveCart(): Promise<unknown> {
  return fetchJson('/carts', { method: 'PUT' });
}
`,
    'src/notes.ts': PROJECT['src/notes.ts'],
  });
});

test('the cap drops the group members beyond --max-workers, and says which', async () => {
  const dir = writeTree(PROJECT);
  script();
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--max-workers', '3', '--json'], env);
  // Over the cap is re-asked once (the mock answers the same), then capped in code: members in path order.
  assert.equal(mock.requests.filter(isPlan).length, 2);
  assert.match(
    mock.requests.filter(isPlan)[1]!.userText,
    /the plan has 4 subtasks \(a group counts each of its files\) but at most 3 are allowed/,
  );
  assert.deepEqual(
    mock.requests
      .filter(isWorker())
      .map((r) => workerFile(r))
      .sort(),
    ['src/carts.ts', 'src/http.ts', 'src/orders.ts'],
  );
  const out = JSON.parse(run.stdout) as {
    droppedFiles: string[];
    changes: Array<{ file: string }>;
    estimate: { breakdown: { perFile: Array<{ file: string }> } };
  };
  assert.deepEqual(out.droppedFiles, ['src/users.ts']);
  // The estimate prices each member that runs.
  assert.deepEqual(
    out.estimate.breakdown.perFile.map((p) => p.file),
    ['src/http.ts', 'src/carts.ts', 'src/orders.ts'],
  );
  assert.deepEqual(
    out.changes.map((c) => c.file),
    ['src/carts.ts', 'src/http.ts', 'src/orders.ts'],
  );
  assert.match(run.stderr, /dropped \(over the maxWorkers cap\): src\/users\.ts/);
});

test('a group matching nothing is re-asked with why, then refused: no worker runs (exit 5)', async () => {
  const dir = writeTree(PROJECT);
  const plan = {
    summary: 'Migrate the API clients.',
    subtasks: [
      {
        file: 'api clients',
        handler: 'llm',
        group: { glob: 'src/clients/**/*.ts' },
        instructions: 'Pass { method }.',
        priority: 8,
      },
    ],
  };
  mock.on(isPlan, toolUseReply(plan));
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir], env);
  assert.equal(run.code, ExitCode.invalidModelOutput, run.stderr);
  const plans = mock.requests.filter(isPlan);
  assert.equal(plans.length, 2);
  assert.ok(
    plans[1]!.userText.includes(
      'group s1 ("api clients"): files matching src/clients/**/*.ts matched no workspace file; ' +
        'leave the group out or name its files',
    ),
    plans[1]!.userText,
  );
  assert.equal(mock.requests.filter(isWorker()).length, 0);
  assert.match(
    run.stderr,
    /group s1 \("api clients"\): files matching src\/clients\/\*\*\/\*\.ts matched no workspace file/,
  );
  assert.deepEqual(readTree(dir, FILES), Object.fromEntries(FILES.map((f) => [f, PROJECT[f]])));
});

test('--max-workers 5001 is refused before any request', async () => {
  const run = await cli(['refactor', INSTRUCTION, '--max-workers', '5001'], env);
  assert.equal(run.code, ExitCode.badInput);
  assert.match(run.stderr, /^error: Invalid option --max-workers: .*5000/m);
  assert.equal(mock.requests.length, 0);
});

test('the plan output shows the group as one line with its files; --json lists every member and the groups', async () => {
  const dir = writeTree(PROJECT);
  script();
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const lines = run.stderr.split('\n');
  const from = lines.findIndex((l) => l.startsWith('Plan: '));
  const planLines = lines.slice(
    from + 1,
    lines.findIndex((l) => l.startsWith('Models: ')),
  );
  const price = String.raw`claude-haiku-4-5 \$\d+\.\d+`;
  assert.equal(planLines.length, 3, run.stderr);
  assert.match(
    planLines[0]!,
    new RegExp(String.raw`^  decl src/http\.ts  \[llm, p10, ${price}\]  Change the signature`),
  );
  assert.match(
    planLines[1]!,
    new RegExp(
      String.raw`^  callers group "callers of fetchJson": Pass \{ method \} instead of the method string\. — 3 files  ` +
        String.raw`\[llm, p8, ${price}, after decl\]$`,
    ),
  );
  assert.equal(
    planLines[2],
    '    references of fetchJson (declared in src/http.ts): src/carts.ts, src/orders.ts, src/users.ts',
  );
  const out = JSON.parse(run.stdout) as {
    plan: { subtasks: Array<{ id: string; file: string }> };
    groups: Array<{ id: string; members: Array<{ id: string; file: string }>; matched: number }>;
  };
  assert.deepEqual(
    out.plan.subtasks.map((s) => `${s.id} ${s.file}`),
    ['decl src/http.ts', 'callers.1 src/carts.ts', 'callers.2 src/orders.ts', 'callers.3 src/users.ts'],
  );
  assert.deepEqual(
    out.groups.map((g) => [g.id, g.matched, g.members.map((m) => m.id)]),
    [['callers', 3, ['callers.1', 'callers.2', 'callers.3']]],
  );
});
