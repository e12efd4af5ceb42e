/** Renames through the CLI, in-process against the mock: only the plan call is made. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../../mock-anthropic/server';
import { ExitCode } from '../../../../src/cli/exitCodes';
import { cli, cliMock } from '../../../support/cli';
import { isPlan } from '../../../support/mockRequests';
import { readTree, writeTree } from '../../../support/tempTree';
import { rename, TSCONFIG, USER_FILES } from './runDeterministic';

const suite = cliMock();

const USERS = { 'tsconfig.json': TSCONFIG, ...USER_FILES };
const FILES = ['src/users.ts', 'src/page.ts'];

function planRenames(...renames: Array<[string, string]>): void {
  const subtasks = renames.map(([from, to]) => rename('src/users.ts', from, to));
  suite.mock.on(isPlan, toolUseReply({ summary: 'Rename the user functions.', subtasks }));
}

test('a refused rename (the new name is taken) exits 2 with the collision named; nothing is written', async () => {
  const dir = writeTree(USERS);
  planRenames(['loadUser', 'saveUser']);
  const run = await cli(['refactor', 'rename loadUser to saveUser', '--cwd', dir, '--apply'], suite.env);
  assert.equal(run.code, ExitCode.badInput, run.stderr);
  assert.match(
    run.stderr,
    /^failed: src\/users\.ts: rename loadUser → saveUser: users\.ts already exports `saveUser`$/m,
  );
  assert.doesNotMatch(run.stderr, /invalid model output/i);
  assert.equal(run.stdout, '');
  assert.equal(suite.mock.requests.length, 1, 'the plan call only');
  assert.deepEqual(readTree(dir, FILES), {
    'src/users.ts': USERS['src/users.ts'],
    'src/page.ts': USERS['src/page.ts'],
  });
});

test('two renames declared in one file: --apply writes both, exit 0, no worker call', async () => {
  const dir = writeTree(USERS);
  planRenames(['loadUser', 'fetchUser'], ['saveUser', 'storeUser']);
  const run = await cli(
    ['refactor', 'rename loadUser and saveUser', '--cwd', dir, '--apply', '--json'],
    suite.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), {
    'src/users.ts': `export function fetchUser(id: string): string {
  return \`user \${id}\`;
}

export function storeUser(id: string): boolean {
  return id.length > 0;
}
`,
    'src/page.ts': `import { fetchUser, storeUser } from './users';

export function page(id: string): string {
  return storeUser(id) ? fetchUser(id) : '';
}
`,
  });
  const out = JSON.parse(run.stdout) as {
    outcomes: Array<{ file: string; status: string; notes?: string }>;
    conflicts: unknown[];
    diagnostics: { introduced: unknown[] };
  };
  assert.deepEqual(
    out.outcomes.map((o) => [o.file, o.status, o.notes]),
    [
      ['src/users.ts', 'done', 'renamed loadUser → fetchUser in 2 file(s)'],
      ['src/users.ts', 'done', 'renamed saveUser → storeUser in 2 file(s)'],
    ],
  );
  assert.deepEqual(out.conflicts, []);
  assert.deepEqual(out.diagnostics.introduced, []);
  assert.equal(suite.mock.requests.length, 1, 'the plan call only');
});
