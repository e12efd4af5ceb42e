/**
 * The 'toNamedExport' and 'toDefaultExport' handlers: TypeScript's "Convert export" both ways by name, every
 * importer following (a default import's local name becomes an alias), no model call; a declaration that is
 * not exported the way the step needs is refused with why.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { isEditCall, isPlan } from '../../../support/mockRequests';
import { diagnosticsOf, runPlanned, runSteps, step } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

const MAIN = {
  'src/main.ts': `export default function main(argv: string[]): number {
  return argv.length;
}

export const VERSION = '1.0';
`,
  'src/cli.ts': `import run, { VERSION } from './main';

export const code = run(['--version', VERSION]);
`,
  'src/bin.ts': `import main from './main';

main([]);
`,
  'src/index.ts': `export { default as main } from './main';
`,
};

test('default → named: `export function`, every importer and re-export follows; no worker call', async () => {
  assert.deepEqual(diagnosticsOf(MAIN), []);
  const run = await runPlanned(
    mock,
    MAIN,
    [step('toNamedExport', 'src/main.ts', { symbol: 'main' })],
    'make `main` a named export',
  );
  assert.deepEqual(run.texts, {
    'src/main.ts': `export function main(argv: string[]): number {
  return argv.length;
}

export const VERSION = '1.0';
`,
    'src/cli.ts': `import { VERSION, main as run } from './main';

export const code = run(['--version', VERSION]);
`,
    'src/bin.ts': `import { main } from './main';

main([]);
`,
    'src/index.ts': `export { main } from './main';
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(run.result.outcomes, [
    {
      file: 'src/main.ts',
      handler: 'toNamedExport',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'made the default export main a named export in 4 file(s)',
    },
  ]);
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.equal(run.result.estimate.workersUsd, 0);
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
  assert.equal(run.requests.filter(isEditCall).length, 0);
});

const NET = {
  'src/net.ts': `export function fetchJson(url: string): Promise<string> {
  return Promise.resolve(url);
}

export const TIMEOUT = 30;
`,
  'src/users.ts': `import { fetchJson, TIMEOUT } from './net';

export const user = fetchJson(\`/users?timeout=\${TIMEOUT}\`);
`,
  'src/app.ts': `import { fetchJson } from './net';

export const ready = fetchJson('/health');
`,
};

test('named → default: `export default function`, importers take a default import; no worker call', async () => {
  const run = await runPlanned(
    mock,
    NET,
    [step('toDefaultExport', 'src/net.ts', { symbol: 'fetchJson' })],
    'make `fetchJson` the default export',
  );
  assert.deepEqual(run.texts, {
    'src/net.ts': `export default function fetchJson(url: string): Promise<string> {
  return Promise.resolve(url);
}

export const TIMEOUT = 30;
`,
    'src/users.ts': `import fetchJson, { TIMEOUT } from './net';

export const user = fetchJson(\`/users?timeout=\${TIMEOUT}\`);
`,
    'src/app.ts': `import fetchJson from './net';

export const ready = fetchJson('/health');
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.result.outcomes.map((o) => [o.handler, o.status, o.notes]),
    [['toDefaultExport', 'done', 'made fetchJson the default export in 3 file(s)']],
  );
  assert.equal(run.result.estimate.workersUsd, 0);
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
});

test('refused with why: default → named on a named export, named → default beside a default export', async () => {
  const run = await runSteps(
    MAIN,
    [
      step('toNamedExport', 'src/main.ts', { symbol: 'VERSION' }),
      step('toDefaultExport', 'src/main.ts', { symbol: 'VERSION' }),
      step('toDefaultExport', 'src/main.ts', { symbol: 'main' }),
    ],
    mock.url,
  );
  assert.deepEqual(
    run.outcomes.map((o) => [o.handler, o.status, o.errorReason, o.reason]),
    [
      [
        'toNamedExport',
        'failed',
        'bad-input',
        'toNamedExport VERSION (src/main.ts): `VERSION` is not declared as `export default` in src/main.ts',
      ],
      [
        'toDefaultExport',
        'failed',
        'bad-input',
        'toDefaultExport VERSION (src/main.ts): TypeScript does not offer "Convert named export to default export" ' +
          'there: This file already has a default export',
      ],
      [
        'toDefaultExport',
        'failed',
        'bad-input',
        'toDefaultExport main (src/main.ts): `main` is already the default export in src/main.ts',
      ],
    ],
  );
  assert.deepEqual(run.texts, MAIN);
  assert.equal(mock.requests.length, 0);
});
