/**
 * A caller outside tsconfig's `include` (a package's `test/`) that keeps calling the old signature: the
 * facts list it, the check finds its new error, and the verdict is type-errors (exit 9), nothing written.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { RefactorResult } from '../../../src/core/runTypes';
import { API_KEY, cli } from '../../support/cli';
import { isPlan, isRepair, isWorker } from '../../support/mockRequests';
import { readTree, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;

before(async () => {
  mock = await MockAnthropic.start();
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url };
});
after(() => mock.close());
beforeEach(() => mock.reset());

const GREET = 'export function greet(name: string): string {\n  return `hi ${name}`;\n}\n';
const GREET_TEST =
  "import { greet } from '../source/greet';\n\nexport const greeting: string = greet('a');\n";
const PACKAGE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      types: [],
    },
    include: ['source'],
  }),
  'source/greet.ts': GREET,
  'test/greet.test.ts': GREET_TEST,
};

test('the plan misses a caller under test/ outside include: its new error is found, exit 9, nothing written', async () => {
  const dir = writeTree(PACKAGE);
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'greet takes an options object.',
      subtasks: [
        { file: 'source/greet.ts', handler: 'llm', instructions: 'Make greet take { name }.', priority: 10 },
      ],
    }),
  );
  mock.on(
    isWorker('source/greet.ts'),
    toolUseReply({
      file: 'source/greet.ts',
      edits: [
        {
          search: 'export function greet(name: string): string {\n  return `hi ${name}`;',
          replace:
            'export function greet(options: { name: string }): string {\n  return `hi ${options.name}`;',
        },
      ],
    }),
  );
  const run = await cli(
    ['refactor', 'make `greet` take an options object', '--cwd', dir, '--json', '--apply'],
    env,
  );
  assert.equal(run.code, ExitCode.typeErrors, run.stderr);
  const json = JSON.parse(run.stdout) as Omit<RefactorResult, 'facts'>;
  assert.deepEqual(json.diagnostics.introduced, [
    {
      file: 'test/greet.test.ts',
      line: 3,
      code: 2345,
      message: "Argument of type 'string' is not assignable to parameter of type '{ name: string; }'.",
    },
  ]);
  assert.equal(json.verdict.kind, 'type-errors');
  const planRequest = mock.requests.find(isPlan);
  assert.match(
    JSON.stringify(planRequest?.body),
    /test\/greet\.test\.ts/,
    'the facts offer the test file to the planner',
  );
  assert.equal(mock.requests.filter(isRepair()).length, 0, 'a file the run did not change is not repaired');
  assert.deepEqual(readTree(dir, ['source/greet.ts', 'test/greet.test.ts']), {
    'source/greet.ts': GREET,
    'test/greet.test.ts': GREET_TEST,
  });
});
