/**
 * A move followed by deterministic steps on the moved file's new path (each `dependsOn` the move): a rename of
 * a symbol declared in it, and TypeScript's convert-default-to-named refactor on it. The plan check accepts the
 * new path, the steps run on the moved text with no worker call, and `--apply` writes every file as expected,
 * the old path gone. In-process CLI, real SDK, loopback mock.
 */
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isEditCall, isPlan } from '../../support/mockRequests';
import { toolUseReply } from '../../mock-anthropic/server';
import { writeTree } from '../../support/tempTree';

const api = cliMock();

/** Every file under root with its text, sorted by path. */
function filesUnder(root: string): Record<string, string> {
  const out: Array<[string, string]> = [];
  for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const rel = path.relative(root, path.join(f.parentPath, f.name)).split(path.sep).join('/');
    out.push([rel, readFileSync(path.join(root, rel), 'utf8')]);
  }
  return Object.fromEntries(out.sort(([x], [y]) => x.localeCompare(y)));
}

const MOVE = {
  id: 'm',
  file: 'src/a.ts',
  handler: 'move',
  to: 'src/lib/a.ts',
  instructions: 'move it into src/lib',
  priority: 10,
};

interface Report {
  moved: unknown;
  outcomes: Array<{ id?: string; status: string }>;
}

const RENAME_PROJECT = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/a.ts': `import { pad } from './pad';

export function total(n: number): string {
  return pad(String(n));
}
`,
  'src/pad.ts': `export const pad = (s: string): string => s.padStart(4, ' ');
`,
  'src/report.ts': `import { total } from './a';

export const line = total(7);
`,
};

test('a move, then a rename of a symbol declared in the moved file: both run on the new path, no worker call', async () => {
  const dir = writeTree(RENAME_PROJECT);
  api.mock.on(
    isPlan,
    toolUseReply({
      summary: 'Move a.ts into src/lib and rename total to sum.',
      subtasks: [
        MOVE,
        {
          id: 'r',
          file: 'src/lib/a.ts',
          handler: 'rename',
          instructions: 'rename total to sum',
          priority: 9,
          rename: { from: 'total', to: 'sum' },
          dependsOn: ['m'],
        },
      ],
    }),
  );
  const run = await cli(
    ['refactor', 'move a.ts into src/lib and rename `total` to `sum`', '--cwd', dir, '--apply', '--json'],
    api.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(
    api.mock.requests.filter(isEditCall).length,
    0,
    'no worker call: both steps are deterministic',
  );
  assert.equal(api.mock.requests.filter(isPlan).length, 1, `the plan was accepted as given: ${run.stderr}`);
  assert.deepEqual(filesUnder(dir), {
    'src/lib/a.ts': `import { pad } from '../pad';

export function sum(n: number): string {
  return pad(String(n));
}
`,
    'src/pad.ts': RENAME_PROJECT['src/pad.ts'],
    'src/report.ts': `import { sum } from './lib/a';

export const line = sum(7);
`,
    'tsconfig.json': STRICT_TSCONFIG,
  });
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.moved, [{ from: 'src/a.ts', to: 'src/lib/a.ts' }]);
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['m', 'done'],
      ['r', 'done'],
    ],
  );
});

const DEFAULT_PROJECT = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/a.ts': `import { pad } from './pad';

export default function total(n: number): string {
  return pad(String(n));
}
`,
  'src/pad.ts': `export const pad = (s: string): string => s.padStart(4, ' ');
`,
  'src/report.ts': `import total from './a';

export const line = total(7);
`,
  // Imports the default under another name: only the import graph finds it, not the declaration's name.
  'src/tally.ts': `import count from './a';

export const tally = count(3);
`,
};

test('a move, then a convert-default-to-named refactor on the moved file: importers follow both, no worker call', async () => {
  const dir = writeTree(DEFAULT_PROJECT);
  api.mock.on(
    isPlan,
    toolUseReply({
      summary: 'Move a.ts into src/lib and make its default export named.',
      subtasks: [
        MOVE,
        {
          id: 'n',
          file: 'src/lib/a.ts',
          handler: 'toNamedExport',
          instructions: 'make total a named export',
          priority: 9,
          toNamedExport: { symbol: 'total' },
          dependsOn: ['m'],
        },
      ],
    }),
  );
  const run = await cli(
    ['refactor', 'move a.ts into src/lib and make `total` a named export', '--cwd', dir, '--apply', '--json'],
    api.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(
    api.mock.requests.filter(isEditCall).length,
    0,
    'no worker call: both steps are deterministic',
  );
  assert.equal(api.mock.requests.filter(isPlan).length, 1, `the plan was accepted as given: ${run.stderr}`);
  assert.deepEqual(filesUnder(dir), {
    'src/lib/a.ts': `import { pad } from '../pad';

export function total(n: number): string {
  return pad(String(n));
}
`,
    'src/pad.ts': DEFAULT_PROJECT['src/pad.ts'],
    'src/report.ts': `import { total } from './lib/a';

export const line = total(7);
`,
    'src/tally.ts': `import { total as count } from './lib/a';

export const tally = count(3);
`,
    'tsconfig.json': STRICT_TSCONFIG,
  });
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.moved, [{ from: 'src/a.ts', to: 'src/lib/a.ts' }]);
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['m', 'done'],
      ['n', 'done'],
    ],
  );
});
