import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../support/fetchProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;
let stateDir: string;
const FILES = ['src/http.ts', 'src/users.ts', 'src/orders.ts'];
const INSTRUCTION = 'make `fetchJson` take an options object';
const NEW_FILE = 'src/api/options.ts';
const NEW_TEXT = `export interface FetchOptions {
  method: string;
}
`;

before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => {
  mock.reset();
  stateDir = tempDir('orchestra-undo-state-');
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url, ORCHESTRA_STATE_DIR: stateDir };
});

/** The fetchJson refactor plus a created file in a new directory, applied. */
async function applyRun(dir: string): Promise<void> {
  const plan = {
    ...FETCH_PLAN,
    subtasks: [
      ...FETCH_PLAN.subtasks,
      { file: NEW_FILE, handler: 'create', instructions: 'Declare FetchOptions.', priority: 5 },
    ],
  };
  mock.on(isPlan, toolUseReply(plan));
  mock.on(isWorker(), (req) => {
    const file = workerFile(req) ?? '';
    return toolUseReply(file === NEW_FILE ? { file, content: NEW_TEXT } : FETCH_EDITS[file]!)(req);
  });
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, [...FILES, NEW_FILE]), { ...FETCH_AFTER, [NEW_FILE]: NEW_TEXT });
}

/** Every path under root (relative, sorted), to prove nothing is left behind and nothing extra written. */
function listing(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).map((f) => f.split('\\').join('/')).sort();
}

test('undo restores an applied run exactly: whole texts back, the created file and its directory removed', async () => {
  const dir = writeTree(FETCH_PROJECT);
  await applyRun(dir);
  // The record lives in the state dir, not in the workspace.
  assert.deepEqual(listing(dir), [
    'src',
    'src/api',
    'src/api/options.ts',
    'src/http.ts',
    'src/orders.ts',
    'src/users.ts',
    'tsconfig.json',
  ]);
  assert.equal(readdirSync(join(stateDir, 'last-run')).length, 1);
  const requests = mock.requests.length;

  const run = await cli(['undo', '--cwd', dir, '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), {
    'src/http.ts': `export async function fetchJson(url: string, method: string): Promise<unknown> {
  return { url, method };
}
`,
    'src/users.ts': `import { fetchJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return fetchJson(\`/users/\${id}\`, 'GET');
}
`,
    'src/orders.ts': `import { fetchJson } from './http';

export function createOrder(): Promise<unknown> {
  return fetchJson('/orders', 'POST');
}
`,
  });
  assert.deepEqual(listing(dir), ['src', 'src/http.ts', 'src/orders.ts', 'src/users.ts', 'tsconfig.json']);
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.equal(typeof report.appliedAt, 'string');
  delete report.appliedAt;
  assert.deepEqual(report, {
    undone: true,
    instruction: INSTRUCTION,
    restored: ['src/http.ts', 'src/orders.ts', 'src/users.ts'],
    removed: [NEW_FILE],
    removedDirs: ['src/api'],
    alreadyRestored: [],
  });
  assert.match(
    run.stderr,
    /^Undid "make `fetchJson` take an options object" \(applied [^)]+\): restored src\/http\.ts, src\/orders\.ts, src\/users\.ts; removed src\/api\/options\.ts \(created by the refactor\)\.\n$/,
  );
  assert.equal(mock.requests.length, requests, 'undo makes no model call');
  assert.deepEqual(readdirSync(join(stateDir, 'last-run')), [], 'the record is gone once undone');
});

test('undo refuses a file changed since the apply: exit 7, the file named, nothing written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  await applyRun(dir);
  const edited = `${FETCH_AFTER['src/users.ts']}// edited after the refactor\n`;
  writeFileSync(join(dir, 'src/users.ts'), edited);

  const run = await cli(['undo', '--cwd', dir], env);
  assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
  assert.equal(
    run.stderr,
    'error: Nothing was undone: src/users.ts (changed since the refactor was applied). Undo is all or nothing; ' +
      'put back what the refactor wrote in those files (or revert the run by hand), then run orchestra undo again.\n',
  );
  assert.deepEqual(readTree(dir, [...FILES, NEW_FILE]), {
    ...FETCH_AFTER,
    'src/users.ts': edited,
    [NEW_FILE]: NEW_TEXT,
  });

  // The record is kept: once the file holds what the run wrote again, undo goes through.
  writeFileSync(join(dir, 'src/users.ts'), FETCH_AFTER['src/users.ts']!);
  const retry = await cli(['undo', '--cwd', dir], env);
  assert.equal(retry.code, ExitCode.done, retry.stderr);
  assert.deepEqual(readTree(dir, FILES), Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]])));
  assert.equal(existsSync(join(dir, NEW_FILE)), false);
});

test('an edited created file and a deleted file are named too (--json lists them); nothing is written', async () => {
  const dir = writeTree(FETCH_PROJECT);
  await applyRun(dir);
  writeFileSync(join(dir, NEW_FILE), 'export {};\n');
  unlinkSync(join(dir, 'src/users.ts'));
  const run = await cli(['undo', '--cwd', dir, '--json'], env);
  assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    undone: false,
    edited: [
      { path: NEW_FILE, why: 'changed' },
      { path: 'src/users.ts', why: 'deleted' },
    ],
  });
  assert.match(
    run.stderr,
    /src\/api\/options\.ts \(changed since the refactor was applied\), src\/users\.ts \(deleted since the refactor was applied\)/,
  );
  assert.equal(readFileSync(join(dir, NEW_FILE), 'utf8'), 'export {};\n');
  assert.equal(existsSync(join(dir, 'src/users.ts')), false);
  assert.deepEqual(readTree(dir, ['src/http.ts', 'src/orders.ts']), {
    'src/http.ts': FETCH_AFTER['src/http.ts'],
    'src/orders.ts': FETCH_AFTER['src/orders.ts'],
  });
});

test('undo does nothing twice: the second says there is nothing to undo (exit 3) and writes nothing', async () => {
  const dir = writeTree(FETCH_PROJECT);
  await applyRun(dir);
  assert.equal((await cli(['undo', '--cwd', dir], env)).code, ExitCode.done);
  // The user writes the refactored text again by hand: a second undo must not touch it.
  writeFileSync(join(dir, 'src/http.ts'), FETCH_AFTER['src/http.ts']!);

  const second = await cli(['undo', '--cwd', dir, '--json'], env);
  assert.equal(second.code, ExitCode.nothingToChange, second.stderr);
  assert.equal(
    second.stderr,
    `Nothing to undo: no \`orchestra refactor --apply\` is recorded for ${dir} (or it was undone already).\n`,
  );
  assert.deepEqual(JSON.parse(second.stdout), { undone: false, edited: [] });
  assert.equal(readFileSync(join(dir, 'src/http.ts'), 'utf8'), FETCH_AFTER['src/http.ts']);
});

test('undo in a workspace that never applied anything: exit 3; a file already put back by hand is skipped', async () => {
  const fresh = writeTree(FETCH_PROJECT);
  const none = await cli(['undo', '--cwd', fresh], env);
  assert.equal(none.code, ExitCode.nothingToChange);

  const dir = writeTree(FETCH_PROJECT);
  await applyRun(dir);
  writeFileSync(join(dir, 'src/orders.ts'), FETCH_PROJECT['src/orders.ts']!); // undone by hand
  const run = await cli(['undo', '--cwd', dir, '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const report = JSON.parse(run.stdout) as { restored: string[]; alreadyRestored: string[] };
  assert.deepEqual(report.restored, ['src/http.ts', 'src/users.ts']);
  assert.deepEqual(report.alreadyRestored, ['src/orders.ts']);
  assert.deepEqual(readTree(dir, FILES), Object.fromEntries(FILES.map((f) => [f, FETCH_PROJECT[f]])));
});

test('a damaged record is refused with its path and the files are left alone', async () => {
  const dir = writeTree(FETCH_PROJECT);
  await applyRun(dir);
  const [name] = readdirSync(join(stateDir, 'last-run'));
  const recordFile = join(stateDir, 'last-run', name!);
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as {
    files: Array<{ path: string; before?: { text: string } }>;
  };
  record.files.find((f) => f.path === 'src/http.ts')!.before!.text = 'tampered\n';
  writeFileSync(recordFile, JSON.stringify(record));
  const run = await cli(['undo', '--cwd', dir], env);
  assert.equal(run.code, ExitCode.badInput);
  assert.equal(
    run.stderr,
    `error: The undo record ${recordFile} cannot be used: the text kept for src/http.ts does not match its hash. ` +
      'Delete it; the files were not touched.\n',
  );
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
});

test('undo takes no instruction', async () => {
  const run = await cli(['undo', 'something'], env);
  assert.equal(run.code, ExitCode.badInput);
  assert.match(run.stderr, /orchestra undo takes no arguments \(got "something"\)/);
});
