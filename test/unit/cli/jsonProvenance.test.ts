/**
 * `refactor --json`: each change's `hunks[].origin` (the subtask, its handler, attempts and cost share, and
 * whether the repair round wrote the hunk, with its share) and `estimate.breakdown` (by kind of token and per
 * file), exact, for a two-file run against the mock with the prices and the token counts fixed by the test.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../support/cli';
import { STRICT_TSCONFIG } from '../../support/fetchProject';
import { isPlan, isRepair, isRetry, isWorker, workerFile } from '../../support/mockRequests';
import { tempDir, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;

before(async () => {
  mock = await MockAnthropic.start();
  env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: mock.url };
});
after(() => mock.close());
beforeEach(() => mock.reset());

const PROJECT = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/area.ts': `export function area(width: number, height: number): number {
  return width * height;
}
`,
  'src/report.ts': `import { area } from './area';

export const total = area(2, 3);
`,
};

const PLAN = {
  summary: 'Name the floor area and report a larger room.',
  subtasks: [
    { file: 'src/area.ts', handler: 'llm', instructions: 'Name the product floor.', priority: 10 },
    { file: 'src/report.ts', handler: 'llm', instructions: 'Report a 2 by 4 room.', priority: 8 },
  ],
};

/** $1 / $10 / $2 / $0.5 per million input / output / cache-write / cache-read tokens. */
const PRICES = {
  'test-model': { inputPerMTok: 1, outputPerMTok: 10, cacheWritePerMTok: 2, cacheReadPerMTok: 0.5 },
};

const reply = (file: string, search: string, replace: string, input: number, output: number) =>
  toolUseReply(
    { file, edits: [{ search, replace }] },
    { usage: { input_tokens: input, output_tokens: output } },
  );

function script(): void {
  mock.on(isPlan, toolUseReply(PLAN, { usage: { input_tokens: 1000, output_tokens: 100 } }));
  // The estimate's prompt counts: 4,000 tokens for area.ts's worker, 2,000 for report.ts's.
  mock.onCountTokens(
    () => true,
    (req) => ({ body: { input_tokens: workerFile(req) === 'src/area.ts' ? 4000 : 2000 } }),
  );
  // area.ts: the worker's edit misspells `height` (a new type error); the repair round fixes it.
  mock.on(isRepair('src/area.ts'), reply('src/area.ts', 'width * heigth', 'width * height', 700, 40));
  mock.on(
    isWorker('src/area.ts'),
    reply(
      'src/area.ts',
      '  return width * height;',
      '  const floor = width * heigth;\n  return floor;',
      500,
      50,
    ),
  );
  // report.ts: a first answer whose search text is not in the file, then the right one (2 attempts).
  mock.on(
    (req) => isWorker('src/report.ts')(req) && isRetry(req),
    reply('src/report.ts', 'area(2, 3)', 'area(2, 4)', 300, 30),
  );
  mock.on(isWorker('src/report.ts'), reply('src/report.ts', 'area(9, 9)', 'area(2, 4)', 300, 30));
}

test('--json: each hunk names its subtask, handler, attempts, cost share and repair; the estimate splits by kind and file', async () => {
  const dir = writeTree(PROJECT);
  const pricesFile = join(tempDir('orchestra-prices-'), 'prices.json');
  writeFileSync(pricesFile, JSON.stringify(PRICES));
  script();
  const run = await cli(
    [
      'refactor',
      'name the floor area',
      '--cwd',
      dir,
      '--json',
      '--model',
      'test-model',
      '--prices',
      pricesFile,
    ],
    env,
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  // 1 plan, area.ts's worker and repair, report.ts's two attempts; one token count per worker.
  assert.equal(mock.requests.length, 5);
  assert.equal(mock.requests.filter(isRepair('src/area.ts')).length, 1);
  assert.equal(mock.requests.filter(isWorker('src/report.ts')).length, 2);
  assert.equal(mock.countTokensRequests.length, 2);
  const json = JSON.parse(run.stdout) as {
    changes: Array<{ file: string; after: string; hunks: unknown }>;
    estimate: { breakdown: unknown; workersUsd: number };
  };
  assert.deepEqual(
    json.changes.map((c) => [c.file, c.after]),
    [
      [
        'src/area.ts',
        `export function area(width: number, height: number): number {
  const floor = width * height;
  return floor;
}
`,
      ],
      [
        'src/report.ts',
        `import { area } from './area';

export const total = area(2, 4);
`,
      ],
    ],
  );
  assert.deepEqual(
    json.changes.map((c) => c.hunks),
    [
      [
        {
          index: 0,
          line: 2,
          removed: 1,
          added: 2,
          origin: {
            // (500 × $1 + 50 × $10) / 1e6 for the worker's one call; the repair's (700 + 40 × 10) / 1e6.
            subtasks: [{ file: 'src/area.ts', handler: 'llm', attempts: 1, costShareUsd: 0.001 }],
            repair: true,
            repairCostShareUsd: 0.0011,
          },
        },
      ],
      [
        {
          index: 0,
          line: 3,
          removed: 1,
          added: 1,
          origin: {
            // Two calls of (300 + 30 × 10) / 1e6.
            subtasks: [{ file: 'src/report.ts', handler: 'llm', attempts: 2, costShareUsd: 0.0012 }],
            repair: false,
            repairCostShareUsd: 0,
          },
        },
      ],
    ],
  );
  // Input: the counted tokens × $1/M. Output: the allowance (half the prompt's estimated tokens + 200: 229
  // and 226 with the prompts as they are worded) × $10/M. The shared prefix is under the model's cacheable
  // minimum, so no cache write or read is estimated.
  assert.deepEqual(json.estimate.breakdown, {
    inputUsd: 0.006,
    outputUsd: 0.00455,
    cacheWriteUsd: 0,
    cacheReadUsd: 0,
    perFile: [
      { file: 'src/area.ts', inputUsd: 0.004, outputUsd: 0.00229, cacheWriteUsd: 0, cacheReadUsd: 0 },
      { file: 'src/report.ts', inputUsd: 0.002, outputUsd: 0.00226, cacheWriteUsd: 0, cacheReadUsd: 0 },
    ],
  });
  assert.equal(json.estimate.workersUsd, 0.01055);
});
