/**
 * A move inside a package whose package.json maps deep imports through an `exports` "./*" pattern: an importer
 * that reaches the file by package name (`@acme/lib/util`) keeps a package-name specifier to its new place
 * (`@acme/lib/helpers`), not the `paths` alias or the relative path TypeScript's file rename would write.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { runPlanned } from './runDeterministic';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import { isEditCall, isPlan } from '../../../support/mockRequests';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

function move(file: string, to: string): Subtask {
  return { file, handler: 'move', instructions: `move ${file} to ${to}`, priority: 10, to };
}

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    lib: ['ES2022'],
    types: [],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
    baseUrl: '.',
    paths: { '@lib/*': ['packages/lib/src/*'] },
  },
  include: ['packages'],
});

const LIB_PACKAGE = JSON.stringify({ name: '@acme/lib', version: '1.0.0', exports: { './*': './src/*.ts' } });

const FILES = {
  'tsconfig.json': TSCONFIG,
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*'] }),
  'packages/lib/package.json': LIB_PACKAGE,
  'packages/lib/src/util.ts': `export function pad(s: string): string {
  return s.padStart(4, ' ');
}
`,
  'packages/lib/src/other.ts': `import { pad } from './util';

export const padded = pad('x');
`,
  'packages/app/package.json': JSON.stringify({ name: '@acme/app', version: '1.0.0' }),
  'packages/app/src/main.ts': `import { pad } from '@acme/lib/util';
import type {} from '@acme/lib/other';

export const line = pad('7');

export async function later(): Promise<string> {
  const mod = await import('@acme/lib/util');
  return mod.pad('8');
}
`,
};

test('a deep package import through an exports "./*" pattern follows the move as a package path', async () => {
  const run = await runPlanned(
    mock,
    FILES,
    [move('packages/lib/src/util.ts', 'packages/lib/src/helpers.ts')],
    'rename the util module to helpers',
  );
  assert.deepEqual(run.texts, {
    'tsconfig.json': TSCONFIG,
    'package.json': FILES['package.json'],
    'packages/lib/package.json': LIB_PACKAGE,
    'packages/lib/src/helpers.ts': FILES['packages/lib/src/util.ts'],
    'packages/lib/src/other.ts': `import { pad } from './helpers';

export const padded = pad('x');
`,
    'packages/app/package.json': FILES['packages/app/package.json'],
    'packages/app/src/main.ts': `import { pad } from '@acme/lib/helpers';
import type {} from '@acme/lib/other';

export const line = pad('7');

export async function later(): Promise<string> {
  const mod = await import('@acme/lib/helpers');
  return mod.pad('8');
}
`,
  });
  assert.deepEqual(
    run.result.changes.map((c) => [c.file, c.movedFrom ?? null]),
    [
      ['packages/app/src/main.ts', null],
      ['packages/lib/src/helpers.ts', 'packages/lib/src/util.ts'],
      ['packages/lib/src/other.ts', null],
    ],
  );
});

test('the moved deep import resolves in the type-check: no new error, no repair call, done', async () => {
  const run = await runPlanned(
    mock,
    FILES,
    [move('packages/lib/src/util.ts', 'packages/lib/src/helpers.ts')],
    'rename the util module to helpers',
  );
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.deepEqual(run.result.diagnostics.after, []);
  assert.equal(run.requests.filter(isPlan).length, 1);
  assert.equal(run.requests.filter(isEditCall).length, 0, 'no worker, repair or follow-up call');
  assert.equal(run.requests.length, 1);
  assert.deepEqual(run.result.verdict, {
    kind: 'done',
    message: 'Done: 3 file(s) changed, $0.0010',
    problems: [],
  });
});
