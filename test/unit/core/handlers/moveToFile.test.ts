/**
 * The 'moveToFile' handler: TypeScript's "Move to file" / "Move to a new file" by declaration name, with no
 * model call. Imports go along, importers and barrels follow; a move TypeScript gets wrong is refused.
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

test('moves a declaration to a new file: its import and JSDoc go along, importers and the barrel follow, no worker call', async () => {
  assert.deepEqual(diagnosticsOf(NET), []);
  const run = await runPlanned(
    mock,
    NET,
    [step('moveToFile', 'src/net.ts', { symbol: 'fetchJson', to: 'src/http.ts' })],
    'move `fetchJson` to src/http.ts',
  );
  assert.deepEqual(run.texts, {
    'src/base.ts': NET['src/base.ts'],
    'src/net.ts': `export function parse(text: string) {
  return text.split(',');
}
`,
    'src/users.ts': `import { parse } from './net';
import { fetchJson } from './http';

export async function loadUser(id: string): Promise<string[]> {
  return parse(await fetchJson(\`/users/\${id}\`, 3));
}
`,
    'src/index.ts': `export { parse } from './net';
export { fetchJson } from './http';
`,
    'src/app.ts': NET['src/app.ts'],
    'src/http.ts': `import { base } from './base';

/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${base}\${url}#\${retries}\`);
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.result.changes.map((c) => [c.file, c.isNew]),
    [
      ['src/http.ts', true],
      ['src/index.ts', false],
      ['src/net.ts', false],
      ['src/users.ts', false],
    ],
  );
  assert.deepEqual(run.result.outcomes, [
    {
      file: 'src/net.ts',
      handler: 'moveToFile',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'moved fetchJson to src/http.ts (new) in 4 file(s)',
    },
  ]);
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.equal(run.result.estimate.workersUsd, 0, 'a deterministic step costs nothing');
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
  assert.equal(run.requests.filter(isEditCall).length, 0);
});

test('moves into an existing file, which then has what it needed from the old one', async () => {
  const run = await runSteps(
    NET,
    [step('moveToFile', 'src/net.ts', { symbol: 'parse', to: 'src/base.ts' })],
    mock.url,
  );
  assert.deepEqual(run.texts, {
    'src/base.ts': `export const base = 'https://api.example.com';

export function parse(text: string) {
  return text.split(',');
}
`,
    'src/net.ts': `import { base } from './base';

/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${base}\${url}#\${retries}\`);
}
`,
    'src/users.ts': `import { fetchJson } from './net';
import { parse } from './base';

export async function loadUser(id: string): Promise<string[]> {
  return parse(await fetchJson(\`/users/\${id}\`, 3));
}
`,
    'src/index.ts': `export { fetchJson } from './net';
export { parse } from './base';
`,
    'src/app.ts': NET['src/app.ts'],
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [['done', 'moved parse to src/base.ts in 4 file(s)']],
  );
  assert.equal(mock.requests.length, 0);
});

test('two moves to one new file run in sequence: the second finds the file the first created', async () => {
  const run = await runSteps(
    NET,
    [
      step('moveToFile', 'src/net.ts', { symbol: 'fetchJson', to: 'src/http.ts' }),
      step('moveToFile', 'src/net.ts', { symbol: 'parse', to: 'src/http.ts' }),
    ],
    mock.url,
  );
  assert.deepEqual(run.texts, {
    'src/base.ts': NET['src/base.ts'],
    'src/net.ts': '',
    'src/users.ts': `import { parse } from './http';
import { fetchJson } from './http';

export async function loadUser(id: string): Promise<string[]> {
  return parse(await fetchJson(\`/users/\${id}\`, 3));
}
`,
    'src/index.ts': `export { parse } from './http';
export { fetchJson } from './http';
`,
    'src/app.ts': NET['src/app.ts'],
    'src/http.ts': `import { base } from './base';

/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${base}\${url}#\${retries}\`);
}

export function parse(text: string) {
  return text.split(',');
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [
      ['done', 'moved fetchJson to src/http.ts (new) in 4 file(s)'],
      ['done', 'moved parse to src/http.ts in 4 file(s)'],
    ],
  );
  assert.equal(mock.requests.length, 0);
});

test('without `to`, "Move to a new file" names it after the declaration; `export *` barrels name it from there', async () => {
  const files = { ...NET, 'src/index.ts': `export * from './net';\n` };
  const run = await runSteps(files, [step('moveToFile', 'src/net.ts', { symbol: 'parse' })], mock.url);
  assert.deepEqual(run.texts, {
    'src/base.ts': NET['src/base.ts'],
    'src/net.ts': `import { base } from './base';

/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${base}\${url}#\${retries}\`);
}
`,
    'src/users.ts': `import { fetchJson } from './net';
import { parse } from './parse';

export async function loadUser(id: string): Promise<string[]> {
  return parse(await fetchJson(\`/users/\${id}\`, 3));
}
`,
    'src/index.ts': `export * from './net';
export { parse } from './parse';
`,
    'src/app.ts': NET['src/app.ts'],
    'src/parse.ts': `export function parse(text: string) {
  return text.split(',');
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [['done', 'moved parse to src/parse.ts (new) in 4 file(s)']],
  );
});

test('a private declaration the moved one uses stays, exported for it: TypeScript moves only what it is asked to', async () => {
  const files = {
    'src/api.ts': `const BASE = 'https://shop.example.com';

export function fetchJson(path: string): Promise<string> {
  return Promise.resolve(BASE + path);
}

export const home = fetchJson('/');
`,
  };
  const run = await runSteps(
    files,
    [step('moveToFile', 'src/api.ts', { symbol: 'fetchJson', to: 'src/http.ts' })],
    mock.url,
  );
  assert.deepEqual(run.texts, {
    'src/api.ts': `import { fetchJson } from './http';

export const BASE = 'https://shop.example.com';

export const home = fetchJson('/');
`,
    'src/http.ts': `import { BASE } from './api';

export function fetchJson(path: string): Promise<string> {
  return Promise.resolve(BASE + path);
}
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [['done', 'moved fetchJson to src/http.ts (new) in 2 file(s)']],
  );
});

const MAIN = {
  'src/main.ts': `export default function main(argv: string[]): number {
  return argv.length;
}

export const VERSION = '1.0';
`,
  'src/cli.ts': `import run, { VERSION } from './main';

export const code = run(['--version', VERSION]);
`,
};

test('a move TypeScript gets wrong (a default import beside named ones) is refused with the errors; nothing is proposed', async () => {
  const run = await runSteps(
    MAIN,
    [step('moveToFile', 'src/main.ts', { symbol: 'main', to: 'src/run.ts' })],
    mock.url,
  );
  assert.deepEqual(run.outcomes, [
    {
      file: 'src/main.ts',
      handler: 'moveToFile',
      costUsd: 0,
      attempts: 0,
      status: 'failed',
      reason:
        'moveToFile main (src/main.ts): "Move to file" would leave type errors (src/cli.ts:1 \'=\' expected.; ' +
        "src/cli.ts:4 Cannot find name 'VERSION'.); nothing was changed, so do this one with an llm subtask",
      errorReason: 'bad-input',
    },
  ]);
  assert.deepEqual(run.texts, MAIN);
  assert.equal(mock.requests.length, 0);
});

test('a target that exists outside the workspace files (excluded by the tsconfig) is refused, never replaced', async () => {
  const files = { ...NET, 'vendor/http.ts': `export const vendored = true;\n` };
  const run = await runSteps(
    files,
    [step('moveToFile', 'src/net.ts', { symbol: 'fetchJson', to: 'vendor/http.ts' })],
    mock.url,
  );
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.errorReason, o.reason]),
    [
      [
        'failed',
        'bad-input',
        "moveToFile fetchJson (src/net.ts): vendor/http.ts exists but is not one of the workspace's source files (excluded or skipped)",
      ],
    ],
  );
  assert.deepEqual(run.texts, files);
});
