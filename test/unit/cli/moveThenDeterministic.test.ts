/**
 * A move followed by deterministic steps on the moved file's new path (each `dependsOn` the move): a rename of
 * a symbol declared in it, and TypeScript's convert-default-to-named refactor on it. The plan check accepts the
 * new path, the steps run on the moved text with no worker call, and `--apply` writes every file as expected,
 * the old path gone. In-process CLI, real SDK, loopback mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isEditCall, isPlan } from '../../support/mockRequests';
import { toolUseReply } from '../../mock-anthropic/server';
import { filesUnder, writeTree } from '../../support/tempTree';

const api = cliMock();

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

interface MoveThen {
  project: Record<string, string>;
  instruction: string;
  /** The plan's summary; its subtasks are `MOVE`, then `step`. */
  summary: string;
  /** The deterministic step on the moved file, which depends on the move. */
  step: { id: string } & Record<string, unknown>;
  /** Every file on disk after `--apply`. */
  expected: Record<string, string>;
}

/** Runs `refactor --apply --json` on the plan "move, then step": both done, no worker call, the files exactly `expected`. */
async function doTest(c: MoveThen): Promise<void> {
  const dir = writeTree(c.project);
  api.mock.on(isPlan, toolUseReply({ summary: c.summary, subtasks: [MOVE, c.step] }));
  const run = await cli(['refactor', c.instruction, '--cwd', dir, '--apply', '--json'], api.env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(
    api.mock.requests.filter(isEditCall).length,
    0,
    'no worker call: both steps are deterministic',
  );
  assert.equal(api.mock.requests.filter(isPlan).length, 1, `the plan was accepted as given: ${run.stderr}`);
  assert.deepEqual(filesUnder(dir), c.expected);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(report.moved, [{ from: 'src/a.ts', to: 'src/lib/a.ts' }]);
  assert.deepEqual(
    report.outcomes.map((o) => [o.id, o.status]),
    [
      ['m', 'done'],
      [c.step.id, 'done'],
    ],
  );
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
  await doTest({
    project: RENAME_PROJECT,
    instruction: 'move a.ts into src/lib and rename `total` to `sum`',
    summary: 'Move a.ts into src/lib and rename total to sum.',
    step: {
      id: 'r',
      file: 'src/lib/a.ts',
      handler: 'rename',
      instructions: 'rename total to sum',
      priority: 9,
      rename: { from: 'total', to: 'sum' },
      dependsOn: ['m'],
    },
    expected: {
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
    },
  });
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
  await doTest({
    project: DEFAULT_PROJECT,
    instruction: 'move a.ts into src/lib and make `total` a named export',
    summary: 'Move a.ts into src/lib and make its default export named.',
    step: {
      id: 'n',
      file: 'src/lib/a.ts',
      handler: 'toNamedExport',
      instructions: 'make total a named export',
      priority: 9,
      toNamedExport: { symbol: 'total' },
      dependsOn: ['m'],
    },
    expected: {
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
    },
  });
});
