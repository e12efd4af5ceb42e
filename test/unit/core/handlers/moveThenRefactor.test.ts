/**
 * A TypeScript refactor step after a move in the same plan: the refactor runs on the moved file at its new
 * path and must find its importers and re-exporters as the move left them (the baseline's import graph
 * knows them only at the old path). Whole expected texts of every file, no model call.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { diagnosticsOf, runSteps, step, TSCONFIG, type RenameRun } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

function move(file: string, to: string): Subtask {
  return { id: 'm', file, handler: 'move', to, instructions: `move ${file} to ${to}`, priority: 10 };
}

/** The texts after the run, the moved file only at its new path. */
function finalTexts(run: RenameRun, moved: string): Record<string, string> {
  const { [moved]: _old, ...rest } = run.texts;
  return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}

const NET = {
  'src/base.ts': `export const base = 'https://api.example.com';
`,
  'src/net.ts': `import { base } from './base';

/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${base}\${url}#\${retries}\`);
}

export function parse(text: string) {
  return text.split(',');
}
`,
  'src/users.ts': `import { fetchJson, parse } from './net';

export async function loadUser(id: string): Promise<string[]> {
  return parse(await fetchJson(\`/users/\${id}\`, 3));
}
`,
  'src/index.ts': `export { fetchJson, parse } from './net';
`,
  'src/app.ts': `import { fetchJson } from './index';

export const ready = fetchJson('/health', 0);
`,
};

/** What every scenario's run leaves besides the barrel: the moved file split, its importer following both. */
const MOVED = {
  'src/app.ts': NET['src/app.ts'],
  'src/base.ts': NET['src/base.ts'],
  'src/lib/http.ts': `import { base } from '../base';

/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${base}\${url}#\${retries}\`);
}
`,
  'src/lib/net.ts': `export function parse(text: string) {
  return text.split(',');
}
`,
  'src/users.ts': `import { parse } from './lib/net';
import { fetchJson } from './lib/http';

export async function loadUser(id: string): Promise<string[]> {
  return parse(await fetchJson(\`/users/\${id}\`, 3));
}
`,
};

/**
 * Moves src/net.ts to src/lib/net.ts, then moves `fetchJson` out of it to src/lib/http.ts: both steps done, no
 * model call, every file's whole text (`index` the barrel's), and no type error when `typeChecked`.
 */
async function doTest(files: Record<string, string>, index: string, typeChecked: boolean): Promise<void> {
  const run = await runSteps(
    files,
    [
      move('src/net.ts', 'src/lib/net.ts'),
      {
        ...step('moveToFile', 'src/lib/net.ts', { symbol: 'fetchJson', to: 'src/lib/http.ts' }),
        id: 'f',
        dependsOn: ['m'],
      },
    ],
    mock.url,
  );
  assert.deepEqual(
    run.outcomes.map((o) => [o.file, o.status, o.reason]),
    [
      ['src/net.ts', 'done', undefined],
      ['src/lib/net.ts', 'done', undefined],
    ],
  );
  const { 'tsconfig.json': _config, ...texts } = finalTexts(run, 'src/net.ts');
  assert.deepEqual(texts, { ...MOVED, 'src/index.ts': index });
  if (typeChecked) assert.deepEqual(diagnosticsOf(texts), []);
  assert.equal(mock.requests.length, 0, 'no model call');
}

test('a move, then "Move to file" on the moved file: importers and the barrel follow it from its new path', async () => {
  await doTest(
    NET,
    `export { parse } from './lib/net';
export { fetchJson } from './lib/http';
`,
    true,
  );
});

test('a move, then "Move to file" on the moved file: an `export *` barrel names it from its new file', async () => {
  await doTest(
    { ...NET, 'src/index.ts': "export * from './net';\n" },
    `export * from './lib/net';
export { fetchJson } from './lib/http';
`,
    true,
  );
});

test('a move, then "Move to file": a barrel importing through a `paths` alias is found at the new path', async () => {
  const base = JSON.parse(TSCONFIG) as { compilerOptions: Record<string, unknown> };
  const paths = { baseUrl: '.', paths: { '@app/*': ['src/*'] } };
  const tsconfig = JSON.stringify({ ...base, compilerOptions: { ...base.compilerOptions, ...paths } });
  const files = {
    ...NET,
    'tsconfig.json': tsconfig,
    'src/index.ts': "export { fetchJson, parse } from '@app/net';\n",
  };
  await doTest(
    files,
    `export { parse } from '@app/lib/net';
export { fetchJson } from './lib/http';
`,
    false,
  );
});
