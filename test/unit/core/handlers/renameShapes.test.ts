/**
 * The rename handler on the shapes that broke real code: destructuring, shorthands, `export { a as b }`,
 * re-exports, JSDoc `@param` paths. Each test gives every file's whole expected text and checks that the
 * result compiles on its own (as its baseline does), with no model call.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic } from '../../../mock-anthropic/server';
import { diagnosticsOf, rename, runRenames } from './runDeterministic';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => mock.reset());

/** One rename declared in `file`; `expected` holds every file's text afterwards. */
async function doTest(
  files: Record<string, string>,
  args: { file: string; from: string; to: string },
  expected: Record<string, string>,
): Promise<void> {
  assert.deepEqual(diagnosticsOf(files), [], 'the baseline compiles');
  const run = await runRenames(files, [rename(args.file, args.from, args.to)], mock.url);
  const changed = Object.keys(files).filter((f) => files[f] !== expected[f]).length;
  assert.deepEqual(
    run.outcomes.map((o) => ({ file: o.file, status: o.status, notes: o.notes, reason: o.reason })),
    [
      {
        file: args.file,
        status: 'done',
        notes: `renamed ${args.from} → ${args.to} in ${changed} file(s)`,
        reason: undefined,
      },
    ],
  );
  assert.deepEqual(run.texts, expected);
  assert.deepEqual(diagnosticsOf(run.texts), [], 'the result compiles');
  assert.equal(mock.requests.length, 0, 'a rename calls no model');
}

const OPTIONS = {
  'src/options.ts': `export interface Options {
  retries: number;
  verbose: boolean;
}
`,
  'src/run.ts': `import type { Options } from './options';

export function describe(opts: Options): string {
  const { retries, verbose } = opts;
  return verbose ? \`retrying \${retries} times\` : String(retries);
}

export function doubled({ retries }: Options): number {
  return retries * 2;
}
`,
};

test('a destructured property: the binding keeps its local name, so its uses still compile', async () => {
  await doTest(
    OPTIONS,
    { file: 'src/options.ts', from: 'Options.retries', to: 'maxRetries' },
    {
      'src/options.ts': `export interface Options {
  maxRetries: number;
  verbose: boolean;
}
`,
      'src/run.ts': `import type { Options } from './options';

export function describe(opts: Options): string {
  const { maxRetries: retries, verbose } = opts;
  return verbose ? \`retrying \${retries} times\` : String(retries);
}

export function doubled({ maxRetries: retries }: Options): number {
  return retries * 2;
}
`,
    },
  );
});

const SETTINGS = {
  'src/config.ts': `export const timeout = 30;

export const settings = { timeout, retries: 3 };
`,
  'src/total.ts': `import { settings, timeout } from './config';

export const total = settings.timeout + timeout;
`,
};

test('a variable used as a shorthand property: the property keeps its name (`{ timeout: seconds }`)', async () => {
  await doTest(
    SETTINGS,
    { file: 'src/config.ts', from: 'timeout', to: 'timeoutSeconds' },
    {
      'src/config.ts': `export const timeoutSeconds = 30;

export const settings = { timeout: timeoutSeconds, retries: 3 };
`,
      'src/total.ts': `import { settings, timeoutSeconds } from './config';

export const total = settings.timeout + timeoutSeconds;
`,
    },
  );
});

const POINT = {
  'src/point.ts': `export interface Point {
  x: number;
  y: number;
}

export function point(x: number, y: number): Point {
  return { x, y };
}
`,
  'src/shift.ts': `import { point, type Point } from './point';

export function length(p: Point): number {
  return Math.hypot(p.x, p.y);
}

export function shifted(x: number): Point {
  const y = 1;
  const moved: Point = { x, y };
  return moved.x > 0 ? moved : point(0, y);
}
`,
};

test('a property written as an object literal shorthand: the value keeps its name (`{ left: x }`)', async () => {
  await doTest(
    POINT,
    { file: 'src/point.ts', from: 'Point.x', to: 'left' },
    {
      'src/point.ts': `export interface Point {
  left: number;
  y: number;
}

export function point(x: number, y: number): Point {
  return { left: x, y };
}
`,
      'src/shift.ts': `import { point, type Point } from './point';

export function length(p: Point): number {
  return Math.hypot(p.left, p.y);
}

export function shifted(x: number): Point {
  const y = 1;
  const moved: Point = { left: x, y };
  return moved.left > 0 ? moved : point(0, y);
}
`,
    },
  );
});

const MATH = {
  'src/math.ts': `function add(a: number, b: number): number {
  return a + b;
}

export { add as sum };
`,
  // The comment spells the old name, so the file is among those the rename loads and searches.
  'src/three.ts': `import { sum } from './math';

/** One and two: \`sum\` is how math.ts exports add. */
export const three = sum(1, 2);
`,
};

test('`export { add as sum }`: the local is renamed, the exported name and its importers stay', async () => {
  await doTest(
    MATH,
    { file: 'src/math.ts', from: 'add', to: 'plus' },
    {
      'src/math.ts': `function plus(a: number, b: number): number {
  return a + b;
}

export { plus as sum };
`,
      'src/three.ts': MATH['src/three.ts'],
    },
  );
});

const BARRELS = {
  'src/core/user.ts': `export function loadUser(id: string): string {
  return \`user \${id}\`;
}

export const DEFAULT_ID = '0';
`,
  'src/core/index.ts': `export { loadUser } from './user';
export { DEFAULT_ID as defaultId } from './user';
`,
  'src/all.ts': `export * from './core/user';
`,
  'src/app.ts': `import { loadUser, defaultId } from './core/index';
import * as core from './core/index';
import { loadUser as load } from './all';

export const user = loadUser(defaultId);
export const again = core.loadUser('1');
export const third = load('2');
export const api = { loadUser };
`,
};

test('re-exports (`export { x } from`, `export *`) take the new name, and so does every importer', async () => {
  await doTest(
    BARRELS,
    { file: 'src/core/user.ts', from: 'loadUser', to: 'fetchUser' },
    {
      'src/core/user.ts': `export function fetchUser(id: string): string {
  return \`user \${id}\`;
}

export const DEFAULT_ID = '0';
`,
      'src/core/index.ts': `export { fetchUser } from './user';
export { DEFAULT_ID as defaultId } from './user';
`,
      'src/all.ts': BARRELS['src/all.ts'],
      'src/app.ts': `import { fetchUser, defaultId } from './core/index';
import * as core from './core/index';
import { fetchUser as load } from './all';

export const user = fetchUser(defaultId);
export const again = core.fetchUser('1');
export const third = load('2');
export const api = { loadUser: fetchUser };
`,
    },
  );
});

test('an aliased re-export (`export { DEFAULT_ID as defaultId } from`) keeps its public name', async () => {
  await doTest(
    BARRELS,
    { file: 'src/core/user.ts', from: 'DEFAULT_ID', to: 'FALLBACK_ID' },
    {
      ...BARRELS,
      'src/core/user.ts': BARRELS['src/core/user.ts'].replace('DEFAULT_ID', 'FALLBACK_ID'),
      'src/core/index.ts': `export { loadUser } from './user';
export { FALLBACK_ID as defaultId } from './user';
`,
    },
  );
});

const GREET = {
  'src/greet.ts': `export interface GreetOptions {
  name: string;
  excited?: boolean;
}

/**
 * Greets someone.
 * @param options - how to greet
 * @param options.name - who is greeted
 * @param {boolean} [options.excited] - end with an exclamation mark
 * @param times how many times
 */
export function greet(options: GreetOptions, times: number): string {
  const text = \`Hello, \${options.name}\${options.excited ? '!' : '.'}\`;
  return text.repeat(times);
}
`,
  'src/main.ts': `import { greet } from './greet';

export const hello = greet({ name: 'Ada' }, 2);
`,
};

test('a parameter documented with JSDoc `@param` and `@param options.name` paths', async () => {
  await doTest(
    GREET,
    { file: 'src/greet.ts', from: 'options', to: 'opts' },
    {
      'src/greet.ts': `export interface GreetOptions {
  name: string;
  excited?: boolean;
}

/**
 * Greets someone.
 * @param opts - how to greet
 * @param opts.name - who is greeted
 * @param {boolean} [opts.excited] - end with an exclamation mark
 * @param times how many times
 */
export function greet(opts: GreetOptions, times: number): string {
  const text = \`Hello, \${opts.name}\${opts.excited ? '!' : '.'}\`;
  return text.repeat(times);
}
`,
      'src/main.ts': GREET['src/main.ts'],
    },
  );
});

test('a property named in a JSDoc `@param options.name` path', async () => {
  await doTest(
    GREET,
    { file: 'src/greet.ts', from: 'GreetOptions.name', to: 'person' },
    {
      'src/greet.ts': `export interface GreetOptions {
  person: string;
  excited?: boolean;
}

/**
 * Greets someone.
 * @param options - how to greet
 * @param options.person - who is greeted
 * @param {boolean} [options.excited] - end with an exclamation mark
 * @param times how many times
 */
export function greet(options: GreetOptions, times: number): string {
  const text = \`Hello, \${options.person}\${options.excited ? '!' : '.'}\`;
  return text.repeat(times);
}
`,
      'src/main.ts': `import { greet } from './greet';

export const hello = greet({ person: 'Ada' }, 2);
`,
    },
  );
});
