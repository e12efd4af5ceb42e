/**
 * The 'extractType' handler: TypeScript's "Extract to type alias" / "Extract to interface" for the inline
 * type a declaration is annotated with, named by the step, exported beside an exported declaration; no
 * model call. A taken name or a non-literal annotation is refused.
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

const CONFIG = {
  'src/config.ts': `export const config: { host: string; port: number } = { host: 'localhost', port: 8080 };

function connect(options: { timeout: number; secure: boolean }, retries: number) {
  return options.secure ? options.timeout * retries : 0;
}

export class Server {
  limits: { connections: number; body: string } = { connections: 10, body: '1mb' };
  start() {
    return connect({ timeout: 5, secure: true }, 3);
  }
}
`,
  'src/app.ts': `import { config } from './config';

export const url = \`http://\${config.host}:\${config.port}\`;
`,
};

test("an exported variable's inline type becomes an exported interface with the step's name; no worker call", async () => {
  assert.deepEqual(diagnosticsOf(CONFIG), []);
  const run = await runPlanned(
    mock,
    CONFIG,
    [step('extractType', 'src/config.ts', { symbol: 'config', name: 'Config', kind: 'interface' })],
    'give the type of `config` a name',
  );
  assert.deepEqual(run.texts, {
    'src/config.ts': `export interface Config {
  host: string;
  port: number;
}

export const config: Config = { host: 'localhost', port: 8080 };

function connect(options: { timeout: number; secure: boolean }, retries: number) {
  return options.secure ? options.timeout * retries : 0;
}

export class Server {
  limits: { connections: number; body: string } = { connections: 10, body: '1mb' };
  start() {
    return connect({ timeout: 5, secure: true }, 3);
  }
}
`,
    'src/app.ts': CONFIG['src/app.ts'],
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(run.result.outcomes, [
    {
      file: 'src/config.ts',
      handler: 'extractType',
      costUsd: 0,
      attempts: 0,
      status: 'done',
      notes: 'extracted the type of config to interface Config',
    },
  ]);
  assert.deepEqual(run.result.diagnostics.introduced, []);
  assert.equal(run.result.estimate.workersUsd, 0);
  assert.equal(run.requests.length, 1, 'the plan call only');
  assert.ok(run.requests.every(isPlan));
  assert.equal(run.requests.filter(isEditCall).length, 0);
});

test("a local function's parameter type becomes a (local) type alias; a class property's, an exported interface", async () => {
  const run = await runSteps(
    CONFIG,
    [
      step('extractType', 'src/config.ts', { symbol: 'connect.options', name: 'ConnectOptions' }),
      step('extractType', 'src/config.ts', { symbol: 'Server.limits', name: 'Limits', kind: 'interface' }),
    ],
    mock.url,
  );
  assert.deepEqual(run.texts, {
    'src/config.ts': `export const config: { host: string; port: number } = { host: 'localhost', port: 8080 };

type ConnectOptions = {
  timeout: number;
  secure: boolean;
};

function connect(options: ConnectOptions, retries: number) {
  return options.secure ? options.timeout * retries : 0;
}

export interface Limits {
  connections: number;
  body: string;
}

export class Server {
  limits: Limits = { connections: 10, body: '1mb' };
  start() {
    return connect({ timeout: 5, secure: true }, 3);
  }
}
`,
    'src/app.ts': CONFIG['src/app.ts'],
  });
  assert.deepEqual(diagnosticsOf(run.texts), []);
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.notes]),
    [
      ['done', 'extracted the type of connect.options to type ConnectOptions'],
      ['done', 'extracted the type of Server.limits to interface Limits'],
    ],
  );
  assert.equal(mock.requests.length, 0);
});

test('refused with why: a name the file already uses, an annotation that is not an inline object type', async () => {
  const run = await runSteps(
    CONFIG,
    [
      step('extractType', 'src/config.ts', { symbol: 'config', name: 'Server' }),
      step('extractType', 'src/config.ts', { symbol: 'connect.retries', name: 'Retries' }),
      step('extractType', 'src/config.ts', { symbol: 'connect.missing', name: 'Missing' }),
    ],
    mock.url,
  );
  assert.deepEqual(
    run.outcomes.map((o) => [o.status, o.errorReason, o.reason]),
    [
      [
        'failed',
        'bad-input',
        'extractType config (src/config.ts): `Server` is already used in src/config.ts; choose another name',
      ],
      [
        'failed',
        'bad-input',
        'extractType connect.retries (src/config.ts): `connect.retries` is annotated with `number`, not an inline object type',
      ],
      [
        'failed',
        'bad-input',
        'extractType connect.missing (src/config.ts): `connect` in src/config.ts has no parameter or property `missing`',
      ],
    ],
  );
  assert.deepEqual(run.texts, CONFIG);
  assert.equal(mock.requests.length, 0);
});
