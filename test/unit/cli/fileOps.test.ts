/**
 * `orchestra refactor --apply` with a move and a delete: the files on disk exactly, `--json` listing them, the
 * diff showing a rename and a deleted file, a failure mid-apply restoring everything, a move onto an existing
 * file refused, and `orchestra undo` putting it all back. In-process CLI, real SDK, loopback mock.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isEditCall, isPlan, isWorker } from '../../support/mockRequests';
import { tempDir, writeTree } from '../../support/tempTree';
import { lockFolder } from '../../faults/helpers';

let mock: MockAnthropic;
let env: Record<string, string>;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => {
  mock.reset();
  env = {
    ANTHROPIC_API_KEY: API_KEY,
    ANTHROPIC_BASE_URL: mock.url,
    ORCHESTRA_STATE_DIR: tempDir('orchestra-fileops-state-'),
  };
});

const PROJECT = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/util/a.ts': `import { b } from './b';

export const a = (): number => b() + 1;
`,
  'src/util/b.ts': `export function b(): number {
  return 1;
}
`,
  'src/legacy.ts': `export function oldFormat(n: number): string {
  return n.toFixed(2);
}
`,
  'src/report.ts': `import { oldFormat } from './legacy';
import { a } from './util/a';

export const line = oldFormat(a());
`,
};

const AFTER = {
  'src/report.ts': `import { a } from './vendor/a';

export const line = String(a());
`,
  'src/util/b.ts': PROJECT['src/util/b.ts'],
  'src/vendor/a.ts': `import { b } from '../util/b';

export const a = (): number => b() + 1;
`,
  'tsconfig.json': STRICT_TSCONFIG,
};

const INSTRUCTION = 'move a to src/vendor and drop the legacy formatter';

function script(to = 'src/vendor/a.ts'): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'Move a, drop legacy.',
      subtasks: [
        { file: 'src/util/a.ts', handler: 'move', to, instructions: 'move it', priority: 10 },
        {
          file: 'src/legacy.ts',
          handler: 'delete',
          instructions: 'unused after the report change',
          priority: 9,
        },
        { file: 'src/report.ts', handler: 'llm', instructions: 'stop using oldFormat', priority: 8 },
      ],
    }),
  );
  mock.on(
    isWorker('src/report.ts'),
    toolUseReply({
      file: 'src/report.ts',
      edits: [
        { search: "import { oldFormat } from './legacy';\n", replace: '' },
        { search: 'oldFormat(a())', replace: 'String(a())' },
      ],
    }),
  );
}

/** Every file under root with its text. */
function files(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const rel = path.relative(root, path.join(f.parentPath, f.name)).split(path.sep).join('/');
    out[rel] = readFileSync(path.join(root, rel), 'utf8');
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

test('--apply moves, deletes and writes; --json lists them; undo restores every file', async () => {
  const dir = writeTree(PROJECT);
  script();
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply', '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(files(dir), AFTER);
  const report = JSON.parse(run.stdout) as {
    moved: unknown;
    deleted: unknown;
    changes: Array<{ file: string; movedFrom?: string; deleted?: boolean; isNew: boolean }>;
  };
  assert.deepEqual(report.moved, [{ from: 'src/util/a.ts', to: 'src/vendor/a.ts' }]);
  assert.deepEqual(report.deleted, ['src/legacy.ts']);
  assert.deepEqual(
    report.changes.map(({ file, movedFrom, deleted, isNew }) => ({ file, movedFrom, deleted, isNew })),
    [
      { file: 'src/legacy.ts', movedFrom: undefined, deleted: true, isNew: false },
      { file: 'src/report.ts', movedFrom: undefined, deleted: undefined, isNew: false },
      { file: 'src/vendor/a.ts', movedFrom: 'src/util/a.ts', deleted: undefined, isNew: false },
    ],
  );
  assert.match(
    run.stderr,
    /^Applied: src\/report\.ts, src\/util\/a\.ts → src\/vendor\/a\.ts, src\/legacy\.ts \(deleted\)$/m,
  );
  assert.equal(mock.requests.filter(isEditCall).length, 1, 'one worker: the move and the delete need none');

  const undo = await cli(['undo', '--cwd', dir, '--json'], env);
  assert.equal(undo.code, ExitCode.done, undo.stderr);
  assert.deepEqual(files(dir), PROJECT);
  const undone = JSON.parse(undo.stdout) as Record<string, unknown>;
  assert.deepEqual(
    [undone.restored, undone.removed, undone.removedDirs],
    [['src/legacy.ts', 'src/report.ts', 'src/util/a.ts'], ['src/vendor/a.ts'], ['src/vendor']],
  );
});

test('the dry run shows the move as a rename with its changes and the delete as a deleted file', async () => {
  const dir = writeTree(PROJECT);
  script();
  const run = await cli(['refactor', INSTRUCTION, '--cwd', dir], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(
    run.stdout,
    [
      'diff --git a/src/legacy.ts b/src/legacy.ts',
      'deleted file mode 100644',
      '--- a/src/legacy.ts',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      '-export function oldFormat(n: number): string {',
      '-  return n.toFixed(2);',
      '-}',
      'diff --git a/src/report.ts b/src/report.ts',
      '--- a/src/report.ts',
      '+++ b/src/report.ts',
      '@@ -1,4 +1,3 @@',
      "-import { oldFormat } from './legacy';",
      "-import { a } from './util/a';",
      "+import { a } from './vendor/a';",
      ' ',
      '-export const line = oldFormat(a());',
      '+export const line = String(a());',
      'diff --git a/src/util/a.ts b/src/vendor/a.ts',
      'rename from src/util/a.ts',
      'rename to src/vendor/a.ts',
      '--- a/src/util/a.ts',
      '+++ b/src/vendor/a.ts',
      '@@ -1,3 +1,3 @@',
      "-import { b } from './b';",
      "+import { b } from '../util/b';",
      ' ',
      ' export const a = (): number => b() + 1;',
      '',
    ].join('\n'),
  );
  assert.deepEqual(files(dir), PROJECT, 'a dry run writes nothing');
});

test('a failure mid-apply restores everything: the deleted file, the edit, the moved file', async (t) => {
  const dir = writeTree(PROJECT);
  // The move's new folder exists but takes no new entries: the delete and the edit are done by then.
  mkdirSync(path.join(dir, 'src/vendor'));
  const unlock = lockFolder(path.join(dir, 'src/vendor'));
  if (!unlock) return t.skip('cannot make a folder refuse writes here');
  try {
    script();
    const run = await cli(['refactor', INSTRUCTION, '--cwd', dir, '--apply'], env);
    assert.equal(run.code, ExitCode.staleOrWriteFailed, run.stderr);
    assert.match(
      run.stderr,
      /Could not write src\/vendor\/a\.ts \([^)]*\); the 2 file\(s\) already written were restored\. Check permissions and re-run\./,
    );
  } finally {
    unlock();
  }
  assert.deepEqual(files(dir), PROJECT);
});

test('a move onto an existing file is refused at planning (re-asked once) and nothing is written', async () => {
  const dir = writeTree(PROJECT);
  const move = {
    file: 'src/util/a.ts',
    handler: 'move',
    to: 'src/util/b.ts',
    instructions: 'move it',
    priority: 10,
  };
  mock.on(isPlan, toolUseReply({ summary: 'Move a.', subtasks: [move] }));
  const run = await cli(['refactor', 'rename a to b', '--cwd', dir, '--apply'], env);
  // Every subtask rejected: the plan is unusable, as for any plan naming nothing that can run.
  assert.equal(run.code, ExitCode.invalidModelOutput, run.stderr);
  assert.match(
    run.stderr,
    /src\/util\/a\.ts: src\/util\/b\.ts already exists; a move never overwrites a file/,
  );
  assert.equal(mock.requests.filter(isPlan).length, 2);
  assert.deepEqual(files(dir), PROJECT);
});
