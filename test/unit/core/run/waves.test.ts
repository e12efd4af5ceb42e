/**
 * Several steps per file, in order: subtask ids and `dependsOn` waves end to end, through the real SDK to the
 * loopback mock (what each worker was sent, in which order, on which model).
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { executeRun, planRun, runRefactor } from '../../../../src/core/pipeline';
import { exitCodeForVerdict, ExitCode } from '../../../../src/cli/exitCodes';
import { isPlan, isWorker, workerFile } from '../../../support/mockRequests';
import { mockDeps, TEST_MODELS } from '../../../support/mockRun';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] });

const USERS = `export function loadUser(id: string): string {
  return \`user:\${id}\`;
}
export function saveUser(id: string): void {
  console.log(loadUser(id));
}
`;
const APP = `import { loadUser, saveUser } from './users';
saveUser(loadUser('1'));
`;

test('two renames declared in one file, then an llm step on it that depends on them and starts from their text', async () => {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Rename both and document fetchUser.',
      subtasks: [
        {
          id: 'r1',
          file: 'src/users.ts',
          handler: 'rename',
          instructions: 'rename',
          priority: 9,
          rename: { from: 'loadUser', to: 'fetchUser' },
        },
        {
          id: 'r2',
          file: 'src/users.ts',
          handler: 'rename',
          instructions: 'rename',
          priority: 9,
          rename: { from: 'saveUser', to: 'storeUser' },
        },
        {
          id: 'doc',
          file: 'src/users.ts',
          handler: 'llm',
          instructions: 'Add a JSDoc line above `fetchUser`.',
          priority: 5,
          dependsOn: ['r1', 'r2'],
        },
      ],
    }),
  );
  // This search text exists only in the renamed file: the step must start from the renames' result.
  mock.on(
    isWorker('src/users.ts'),
    toolUseReply({
      file: 'src/users.ts',
      edits: [
        {
          search: 'export function fetchUser(',
          replace: '/** Fetches a user. */\nexport function fetchUser(',
        },
      ],
    }),
  );
  const deps = await mockDeps(mock, { 'tsconfig.json': TSCONFIG, 'src/users.ts': USERS, 'src/app.ts': APP });
  const result = await runRefactor(deps, {
    instruction: 'rename `loadUser` to `fetchUser` and `saveUser` to `storeUser`, and document fetchUser',
  });
  const workers = mock.requests.filter(isWorker());
  assert.equal(workers.length, 1);
  assert.ok(workers[0]!.userText.includes('export function fetchUser(id: string): string {'));
  assert.ok(workers[0]!.userText.includes('console.log(fetchUser(id));'));
  assert.ok(!workers[0]!.userText.includes('loadUser'), 'the worker saw the renamed file, not the baseline');
  assert.deepEqual(Object.fromEntries(result.changes.map((c) => [c.file, c.after])), {
    'src/app.ts': `import { fetchUser, storeUser } from './users';
storeUser(fetchUser('1'));
`,
    'src/users.ts': `/** Fetches a user. */
export function fetchUser(id: string): string {
  return \`user:\${id}\`;
}
export function storeUser(id: string): void {
  console.log(fetchUser(id));
}
`,
  });
  assert.deepEqual(
    result.outcomes.map((o) => [o.id, o.file, o.status]),
    [
      ['r1', 'src/users.ts', 'done'],
      ['r2', 'src/users.ts', 'done'],
      ['doc', 'src/users.ts', 'done'],
    ],
  );
  assert.deepEqual(result.conflicts, []);
  assert.equal(result.verdict.kind, 'done', result.verdict.message);
});

const NET = `export function fetchJson(url: string, retries: number): Promise<unknown> {
  return Promise.resolve({ url, retries });
}
`;
const NEW_DECL =
  'export function fetchJson({ url, retries }: { url: string; retries: number }): Promise<unknown> {';
const MAIN = `import { fetchJson } from './net';
export const data = fetchJson('/a', 3);
`;
const OTHER = `export const other = 1;
`;

function declarationPlan(extra: object[] = []): object {
  return {
    summary: 'fetchJson takes an options object.',
    subtasks: [
      {
        id: 'decl',
        file: 'src/net.ts',
        handler: 'llm',
        instructions: 'Make fetchJson take one options object { url, retries }.',
        priority: 10,
        tier: 'strong',
      },
      {
        id: 'call',
        file: 'src/main.ts',
        handler: 'llm',
        instructions: 'Call fetchJson with the options object it now takes.',
        priority: 8,
        tier: 'fast',
        dependsOn: ['decl'],
      },
      ...extra,
    ],
  };
}

test("a caller's worker runs after the declaration's and is sent the declaration as changed, on its tier's model", async () => {
  mock.on(isPlan, toolUseReply(declarationPlan()));
  mock.on(
    isWorker('src/net.ts'),
    toolUseReply(
      {
        file: 'src/net.ts',
        edits: [
          {
            search: 'export function fetchJson(url: string, retries: number): Promise<unknown> {',
            replace: NEW_DECL,
          },
        ],
      },
      { delayMs: 150 },
    ),
  );
  mock.on(
    isWorker('src/main.ts'),
    toolUseReply({
      file: 'src/main.ts',
      edits: [{ search: "fetchJson('/a', 3)", replace: "fetchJson({ url: '/a', retries: 3 })" }],
    }),
  );
  const deps = await mockDeps(mock, { 'tsconfig.json': TSCONFIG, 'src/net.ts': NET, 'src/main.ts': MAIN });
  const result = await runRefactor(deps, { instruction: 'make `fetchJson` take an options object' });
  const workers = mock.requests.filter(isWorker());
  assert.deepEqual(workers.map(workerFile), ['src/net.ts', 'src/main.ts']);
  const [decl, call] = workers;
  // It started only after the declaration's reply (delayed 150 ms) had come back.
  assert.ok(
    call!.receivedAtMs - decl!.receivedAtMs >= 150,
    `${call!.receivedAtMs - decl!.receivedAtMs} ms apart`,
  );
  assert.ok(
    call!.userText.includes(`<file path="src/net.ts" (whole file, changed by decl)>\n${NEW_DECL}`),
    call!.userText,
  );
  assert.ok(!decl!.userText.includes('changed by'), decl!.userText);
  assert.equal(decl!.body.model, TEST_MODELS.orchestrator, 'strong = the orchestrator model by default');
  assert.equal(call!.body.model, TEST_MODELS.worker, 'fast = the worker model by default');
  assert.deepEqual(Object.fromEntries(result.changes.map((c) => [c.file, c.after])), {
    'src/main.ts': `import { fetchJson } from './net';
export const data = fetchJson({ url: '/a', retries: 3 });
`,
    'src/net.ts': `${NEW_DECL}
  return Promise.resolve({ url, retries });
}
`,
  });
  assert.deepEqual(result.diagnostics.introduced, []);
  assert.equal(result.verdict.kind, 'done', result.verdict.message);
});

test('a dependency that fails: its dependent is skipped with a reason naming it; the verdict is partial (exit 8)', async () => {
  mock.on(
    isPlan,
    toolUseReply(
      declarationPlan([
        { id: 'other', file: 'src/other.ts', handler: 'llm', instructions: 'Add a comment.', priority: 3 },
      ]),
    ),
  );
  // Twice an edit that does not apply: the declaration's worker fails after its retry.
  mock.on(
    isWorker('src/net.ts'),
    toolUseReply({ file: 'src/net.ts', edits: [{ search: 'function nowhere(', replace: 'x' }] }),
  );
  mock.on(
    isWorker('src/other.ts'),
    toolUseReply({
      file: 'src/other.ts',
      edits: [{ search: 'export const other', replace: '// other\nexport const other' }],
    }),
  );
  const files = { 'tsconfig.json': TSCONFIG, 'src/net.ts': NET, 'src/main.ts': MAIN, 'src/other.ts': OTHER };
  const result = await runRefactor(await mockDeps(mock, files), {
    instruction: 'make `fetchJson` take an options object',
  });
  assert.equal(
    mock.requests.filter(isWorker('src/main.ts')).length,
    0,
    'the dependent never reached the model',
  );
  assert.equal(mock.requests.filter(isWorker('src/net.ts')).length, 2);
  const byId = new Map(result.outcomes.map((o) => [o.id, o]));
  assert.equal(byId.get('decl')?.status, 'failed');
  assert.equal(byId.get('other')?.status, 'done');
  const call = byId.get('call');
  assert.equal(call?.status, 'skipped-dependency');
  assert.equal(call?.file, 'src/main.ts');
  assert.equal(
    call?.reason,
    `its dependency decl (src/net.ts) failed: ${byId.get('decl')?.reason}; it was not started`,
  );
  assert.deepEqual(
    result.changes.map((c) => c.file),
    ['src/other.ts'],
  );
  assert.equal(result.verdict.kind, 'partial');
  assert.match(
    result.verdict.message,
    /src\/main\.ts skipped-dependency: its dependency decl \(src\/net\.ts\) failed/,
  );
  assert.equal(exitCodeForVerdict(result.verdict), ExitCode.partial);
});

test('tiers: one strong and three fast subtasks each go to their model, and the estimate prices each at it', async () => {
  const files: Record<string, string> = {
    'tsconfig.json': TSCONFIG,
    'src/model.ts': 'export type Id = string;\n',
  };
  const users = ['src/u0.ts', 'src/u1.ts', 'src/u2.ts'];
  for (const [i, f] of users.entries())
    files[f] = `import type { Id } from './model';\nexport const u${i}: Id = '${i}';\n`;
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Brand Id.',
      subtasks: [
        { file: 'src/model.ts', handler: 'llm', instructions: 'Brand `Id`.', priority: 10, tier: 'strong' },
        ...users.map((file) => ({
          file,
          handler: 'llm',
          instructions: 'Cast to `Id`.',
          priority: 5,
          tier: 'fast',
        })),
      ],
    }),
  );
  mock.on(isWorker(), (r) => toolUseReply({ file: workerFile(r), edits: [], notes: 'nothing to do' })(r));
  const config = { models: { ...TEST_MODELS, fast: 'claude-haiku-4-5', strong: 'claude-opus-4-5' } };
  const deps = await mockDeps(mock, files, config);
  const planned = await planRun(deps, { instruction: 'brand `Id`' });
  const subtasks = planned.estimate.subtasks ?? [];
  assert.deepEqual(
    subtasks.map((s) => [s.file, s.handler, s.tier, s.model]),
    [
      ['src/model.ts', 'llm', 'strong', 'claude-opus-4-5'],
      ['src/u0.ts', 'llm', 'fast', 'claude-haiku-4-5'],
      ['src/u1.ts', 'llm', 'fast', 'claude-haiku-4-5'],
      ['src/u2.ts', 'llm', 'fast', 'claude-haiku-4-5'],
    ],
  );
  const sum = subtasks.reduce((s, x) => s + x.usd, 0);
  assert.ok(Math.abs(sum - planned.estimate.workersUsd) < 1e-12, `${sum} vs ${planned.estimate.workersUsd}`);
  // Opus 4.5 costs 5× Haiku 4.5 per token; the strong worker's prompt is no shorter than a fast one's.
  for (const fast of subtasks.slice(1))
    assert.ok(subtasks[0]!.usd > 4 * fast.usd, `${subtasks[0]!.usd} vs ${fast.usd}`);
  await executeRun(deps, planned);
  const models = Object.fromEntries(
    mock.requests.filter(isWorker()).map((r) => [workerFile(r), r.body.model]),
  );
  assert.deepEqual(models, {
    'src/model.ts': 'claude-opus-4-5',
    'src/u0.ts': 'claude-haiku-4-5',
    'src/u1.ts': 'claude-haiku-4-5',
    'src/u2.ts': 'claude-haiku-4-5',
  });
});

test('the CLI plan output shows each step with its id, handler, tier, model and estimate; deterministic steps at $0', async () => {
  const { formatPlan } = await import('../../../../src/core/report');
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Rename, then adapt.',
      subtasks: [
        {
          id: 'ren',
          file: 'src/users.ts',
          handler: 'rename',
          instructions: 'rename',
          priority: 9,
          rename: { from: 'loadUser', to: 'fetchUser' },
        },
        {
          id: 'app',
          file: 'src/app.ts',
          handler: 'llm',
          instructions: 'Log the user.',
          priority: 5,
          tier: 'fast',
          dependsOn: ['ren'],
        },
      ],
    }),
  );
  const deps = await mockDeps(mock, { 'tsconfig.json': TSCONFIG, 'src/users.ts': USERS, 'src/app.ts': APP });
  const planned = await planRun(deps, { instruction: 'rename `loadUser` to `fetchUser`' });
  const app = planned.estimate.subtasks?.[1];
  assert.ok(app && app.usd > 0);
  assert.deepEqual(formatPlan(planned).split('\n').slice(0, 3), [
    'Plan: Rename, then adapt.',
    '  ren src/users.ts  [rename, p9, $0.0000]  rename',
    `  app src/app.ts  [llm, fast, p5, claude-haiku-4-5 $${app.usd.toFixed(app.usd < 0.01 ? 4 : 3)}, after ren]  Log the user.`,
  ]);
});
