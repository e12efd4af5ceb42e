/**
 * TypeScript's refactors through the CLI, in-process against the mock: a plan of two refactor steps on one
 * file runs with `--apply`, writes exactly the expected texts (a new file among them), exits 0, and the plan
 * call is the only model call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolUseReply } from '../../../mock-anthropic/server';
import { ExitCode } from '../../../../src/cli/exitCodes';
import { cli, cliMock } from '../../../support/cli';
import { isEditCall, isPlan } from '../../../support/mockRequests';
import { readTree, writeTree } from '../../../support/tempTree';
import { step, TSCONFIG } from './runDeterministic';

const suite = cliMock();

const SHOP = {
  'tsconfig.json': TSCONFIG,
  'src/config.ts': `export const BASE = 'https://shop.example.com';
`,
  'src/api.ts': `import { BASE } from './config';

export function fetchJson(path: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${BASE}\${path}#\${retries}\`);
}

export function listOrders(customer: string): Promise<string> {
  return fetchJson(\`/customers/\${customer}/orders\`, 1);
}
`,
  'src/cart.ts': `import { fetchJson } from './api';

export const cart = fetchJson('/cart', 2);
`,
};
const FILES = ['src/config.ts', 'src/api.ts', 'src/cart.ts', 'src/http.ts'];

test('destructure then move, planned on one file: --apply writes every file exactly, exit 0, no worker call', async () => {
  const dir = writeTree(SHOP);
  suite.mock.on(
    isPlan,
    toolUseReply({
      summary: 'Give fetchJson an options object and its own module.',
      subtasks: [
        step('destructureParams', 'src/api.ts', { symbol: 'fetchJson' }),
        step('moveToFile', 'src/api.ts', { symbol: 'fetchJson', to: 'src/http.ts' }),
      ],
    }),
  );
  const run = await cli(
    [
      'refactor',
      'make `fetchJson` take an options object and move it to src/http.ts',
      '--cwd',
      dir,
      '--apply',
      '--json',
    ],
    suite.env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.deepEqual(readTree(dir, FILES), {
    'src/config.ts': SHOP['src/config.ts'],
    'src/api.ts': `import { fetchJson } from './http';

export function listOrders(customer: string): Promise<string> {
  return fetchJson({ path: \`/customers/\${customer}/orders\`, retries: 1 });
}
`,
    'src/cart.ts': `import { fetchJson } from './http';

export const cart = fetchJson({ path: '/cart', retries: 2 });
`,
    'src/http.ts': `import { BASE } from './config';

export function fetchJson({ path, retries }: { path: string; retries: number; }): Promise<string> {
  return Promise.resolve(\`\${BASE}\${path}#\${retries}\`);
}
`,
  });
  const out = JSON.parse(run.stdout) as {
    outcomes: Array<{ file: string; handler: string; status: string; notes?: string; costUsd: number }>;
    changes: Array<{ file: string; isNew: boolean }>;
    estimate: { workersUsd: number };
    diagnostics: { introduced: unknown[] };
    conflicts: unknown[];
    rejected: unknown[];
  };
  assert.deepEqual(
    out.outcomes.map((o) => [o.file, o.handler, o.status, o.notes, o.costUsd]),
    [
      [
        'src/api.ts',
        'destructureParams',
        'done',
        'converted the parameters of fetchJson to a destructured object in 2 file(s)',
        0,
      ],
      ['src/api.ts', 'moveToFile', 'done', 'moved fetchJson to src/http.ts (new) in 3 file(s)', 0],
    ],
  );
  assert.deepEqual(
    out.changes.map((c) => [c.file, c.isNew]),
    [
      ['src/api.ts', false],
      ['src/cart.ts', false],
      ['src/http.ts', true],
    ],
  );
  assert.equal(out.estimate.workersUsd, 0);
  assert.deepEqual(out.diagnostics.introduced, []);
  assert.deepEqual(out.conflicts, []);
  assert.deepEqual(out.rejected, []);
  assert.match(run.stderr, /^Applied: src\/api\.ts, src\/cart\.ts, src\/http\.ts$/m);
  assert.equal(suite.mock.requests.length, 1, 'the plan call only');
  assert.ok(suite.mock.requests.every(isPlan));
  assert.equal(suite.mock.requests.filter(isEditCall).length, 0);
});
