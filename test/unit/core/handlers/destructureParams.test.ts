/**
 * The 'destructureParams' handler: TypeScript's "Convert parameters to destructured object" by name, with
 * every call rewritten (through a barrel too) and no model call; a function passed as a value is refused.
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
  'src/net.ts': `/** Fetches JSON from the API. */
export function fetchJson(url: string, retries: number): Promise<string> {
  return Promise.resolve(\`\${url}#\${retries}\`);
}
`,
  'src/users.ts': `import { fetchJson } from './net';

export function loadUser(id: string): Promise<string> {
  return fetchJson(\`/users/\${id}\`, 3);
}
`,
  'src/index.ts': `export { fetchJson } from './net';
`,
  'src/app.ts': `import { fetchJson as get } from './index';

export const ready = get('/health', 0);
`,
};

test('a function takes one destructured object: every call is rewritten, aliased and through a barrel; no worker call', async () => {
  assert.deepEqual(diagnosticsOf(NET), []);
  const run = await runPlanned(
    mock,
    NET,
    [step('destructureParams', 'src/net.ts', { symbol: 'fetchJson' })],
    'make `fetchJson` take an options object',
  );
  assert.deepEqual(run.texts, {
    'src/net.ts': `/** Fetches JSON from the API. */
export function fetchJson({ url, retries }: { url: string; retries: number; }): Promise<string> {
  return Promise.resolve(\`\${url}#\${retries}\`);
}
`,
    'src/users.ts': `import { fetchJson } from './net';

export function loadUser(id: string): Promise<string> {
  return fetchJson({ url: \`/users/\${id}\`, retries: 3 });
}
`,
    'src/index.ts': NET['src/index.ts'],
    'src/app.ts': `import { fetchJson as get } from './index';

export const ready = get({ url: '/health', retries: 0 });
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(run.result.outcomes, [
    {
      file: 'src/net.ts',
      handler: 'destructureParams',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'converted the parameters of fetchJson to a destructured object in 3 file(s)',
    },
  ]);
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.equal(run.result.estimate.workersUsd, 0);
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
  assert.equal(run.requests.filter(isEditCall).length, 0);
});

const SHAPES = {
  'src/shapes.ts': `export const area = (width: number, height: number) => width * height;

export class Canvas {
  draw(x: number, y: number, label: string) {
    return \`\${label}@\${x},\${y}:\${area(x, y)}\`;
  }
}
`,
  'src/page.ts': `import { Canvas } from './shapes';

export const html = new Canvas().draw(1, 2, 'dot');
`,
};

test('an arrow function in a const and a class method, two steps on one file, each on the result of the one before', async () => {
  const run = await runSteps(
    SHAPES,
    [
      step('destructureParams', 'src/shapes.ts', { symbol: 'area' }),
      step('destructureParams', 'src/shapes.ts', { symbol: 'Canvas.draw' }),
    ],
    mock.url,
  );
  assert.deepEqual(run.texts, {
    'src/shapes.ts': `export const area = ({ width, height }: { width: number; height: number; }) => width * height;

export class Canvas {
  draw({ x, y, label }: { x: number; y: number; label: string; }) {
    return \`\${label}@\${x},\${y}:\${area({ width: x, height: y })}\`;
  }
}
`,
    'src/page.ts': `import { Canvas } from './shapes';

export const html = new Canvas().draw({ x: 1, y: 2, label: 'dot' });
`,
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [
      ['done', 'converted the parameters of area to a destructured object in 1 file(s)'],
      ['done', 'converted the parameters of Canvas.draw to a destructured object in 2 file(s)'],
    ],
  );
  assert.equal(mock.requests.length, 0);
});

test('a function also passed as a value is refused as bad input: TypeScript changes nothing, neither does the step', async () => {
  const files = {
    ...NET,
    'src/retry.ts': `import { fetchJson } from './net';

export const attempts = [fetchJson];
`,
  };
  const run = await runSteps(
    files,
    [step('destructureParams', 'src/net.ts', { symbol: 'fetchJson' })],
    mock.url,
  );
  assert.deepEqual(run.outcomes, [
    {
      file: 'src/net.ts',
      handler: 'destructureParams',
      costUsd: 0,
      attempts: 0,
      status: 'failed',
      reason:
        'destructureParams fetchJson (src/net.ts): "Convert parameters to destructured object": TypeScript found ' +
        'nothing it could change (it converts only a function whose every use is a call; one passed as a value is left alone)',
      errorReason: 'bad-input',
    },
  ]);
  assert.deepEqual(run.texts, files);
  assert.equal(mock.requests.length, 0);
});
