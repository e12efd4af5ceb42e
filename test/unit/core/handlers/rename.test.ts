/**
 * The rename handler as a run dispatches it: several renames in one run, two declared in one file, each
 * on the result of the ones before it, each with its own outcome; a refused rename is bad input.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { diagnosticsOf, rename, runRenames, USER_FILES as USERS } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

test('two renames declared in one file run in sequence: both land, even on one shared line', async () => {
  assert.deepEqual(diagnosticsOf(USERS), []);
  const run = await runRenames(
    USERS,
    [rename('src/users.ts', 'loadUser', 'fetchUser'), rename('src/users.ts', 'saveUser', 'storeUser')],
    mock.url,
  );
  assert.deepEqual(run.texts, {
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
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(run.outcomes, [
    {
      file: 'src/users.ts',
      handler: 'rename',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'renamed loadUser → fetchUser in 2 file(s)',
    },
    {
      file: 'src/users.ts',
      handler: 'rename',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'renamed saveUser → storeUser in 2 file(s)',
    },
  ]);
  assert.deepEqual(
    run.events.filter((e) => e.type === 'subtask'),
    [
      {
        type: 'subtask',
        file: 'src/users.ts',
        status: 'done',
        detail: 'renamed loadUser → fetchUser in 2 file(s)',
      },
      {
        type: 'subtask',
        file: 'src/users.ts',
        status: 'done',
        detail: 'renamed saveUser → storeUser in 2 file(s)',
      },
    ],
  );
  assert.equal(mock.requests.length, 0);
});

test('a later rename sees the earlier one: it may take the name the first one freed', async () => {
  // Run on the baseline, the second would be refused: users.ts already exports `saveUser`.
  const run = await runRenames(
    USERS,
    [rename('src/users.ts', 'saveUser', 'persistUser'), rename('src/users.ts', 'loadUser', 'saveUser')],
    mock.url,
  );
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [
      ['done', 'renamed saveUser → persistUser in 2 file(s)'],
      ['done', 'renamed loadUser → saveUser in 2 file(s)'],
    ],
  );
  assert.deepEqual(run.texts, {
    'src/users.ts': `export function saveUser(id: string): string {
  return \`user \${id}\`;
}

export function persistUser(id: string): boolean {
  return id.length > 0;
}
`,
    'src/page.ts': `import { saveUser, persistUser } from './users';

export function page(id: string): string {
  return persistUser(id) ? saveUser(id) : '';
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
});

test('a colliding new name is refused as bad input, naming the collision; the other rename still lands', async () => {
  const run = await runRenames(
    USERS,
    [rename('src/users.ts', 'loadUser', 'saveUser'), rename('src/users.ts', 'saveUser', 'storeUser')],
    mock.url,
  );
  assert.deepEqual(run.outcomes, [
    {
      file: 'src/users.ts',
      handler: 'rename',
      costUsd: 0,
      attempts: 0,
      status: 'failed',
      reason: 'rename loadUser → saveUser: users.ts already exports `saveUser`',
      errorReason: 'bad-input',
    },
    {
      file: 'src/users.ts',
      handler: 'rename',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'renamed saveUser → storeUser in 2 file(s)',
    },
  ]);
  assert.deepEqual(
    run.events.filter((e) => e.type === 'subtask').map((e) => [e.status, e.detail]),
    [
      ['failed', 'rename loadUser → saveUser: users.ts already exports `saveUser`'],
      ['done', 'renamed saveUser → storeUser in 2 file(s)'],
    ],
  );
  assert.deepEqual(run.texts, {
    'src/users.ts': USERS['src/users.ts'].replace('saveUser', 'storeUser'),
    'src/page.ts': USERS['src/page.ts'].replaceAll('saveUser', 'storeUser'),
  });
});

test('a new name taken by a local where a reference is used is refused with where it is declared', async () => {
  const files = {
    ...USERS,
    'src/report.ts': `import { loadUser } from './users';

export function report(id: string): string {
  const fetchUser = 'local';
  return loadUser(id) + fetchUser;
}
`,
  };
  const run = await runRenames(files, [rename('src/users.ts', 'loadUser', 'fetchUser')], mock.url);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.errorReason, o.reason]),
    [
      [
        'failed',
        'bad-input',
        'rename loadUser → fetchUser: `fetchUser` is already declared in scope in report.ts (report.ts:4); choose another name',
      ],
    ],
  );
  assert.deepEqual(run.texts, files);
});

test('a destructured property renamed to a name its type already has is refused', async () => {
  const files = {
    'src/options.ts': `export type Options = {
  retries: number;
  verbose: boolean;
};
`,
  };
  const run = await runRenames(files, [rename('src/options.ts', 'Options.retries', 'verbose')], mock.url);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.errorReason, o.reason]),
    [['failed', 'bad-input', 'rename Options.retries → verbose: Options already has a member `verbose`']],
  );
});
