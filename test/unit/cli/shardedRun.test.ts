import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../../src/cli/exitCodes';
import { TEST_MODELS } from '../../support/mockRun';
import { cli, cliMock } from '../../support/cli';
import { isPlan, isWorker } from '../../support/mockRequests';
import {
  cliProcess,
  scriptShardRun,
  SHARD_AFTER,
  SHARD_FILES,
  SHARD_INSTRUCTION,
  SHARD_PROJECT,
} from '../../support/shardProject';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const api = cliMock();
const MODELS = [
  ...['--orchestrator-model', TEST_MODELS.orchestrator, '--worker-model', TEST_MODELS.worker],
  ...['--max-workers', '12'],
];

test('plan, 4 shard processes (the built CLI) and merge give exactly the single-process result, with as many worker calls', async () => {
  const single = writeTree(SHARD_PROJECT);
  scriptShardRun(api.mock);
  // The single-process run in-process (the same runCli), to spare the loaded machine one more process.
  const one = await cli(['refactor', SHARD_INSTRUCTION, '--cwd', single, '--apply', ...MODELS], api.env);
  assert.equal(one.code, ExitCode.done, one.stderr);
  assert.deepEqual(readTree(single, SHARD_FILES), SHARD_AFTER);
  const singleWorkers = api.mock.requests.filter(isWorker()).length;
  assert.equal(singleWorkers, 8);

  api.mock.reset();
  scriptShardRun(api.mock);
  const dir = writeTree(SHARD_PROJECT);
  const out = tempDir('orchestra-shards-');
  // Plan and merge in-process (the same runCli); the four shards as separate processes of the built CLI.
  const plan = await cli(
    ['plan', SHARD_INSTRUCTION, '--cwd', dir, '--out', join(out, 'plan.json'), ...MODELS],
    api.env,
  );
  assert.equal(plan.code, ExitCode.done, plan.stderr);
  assert.equal(api.mock.requests.filter(isWorker()).length, 0, 'plan runs no worker');
  const shards = await Promise.all(
    [1, 2, 3, 4].map((i) =>
      cliProcess(
        [
          'run',
          join(out, 'plan.json'),
          '--shard',
          `${i}/4`,
          '--out',
          join(out, `shard-${i}.json`),
          '--cwd',
          dir,
        ],
        api.env,
      ),
    ),
  );
  for (const s of shards) assert.equal(s.code, ExitCode.done, s.stderr);
  // The chain; the rename with the worker on a file it changes; then the singletons onto the lightest shards.
  assert.deepEqual(
    [1, 2, 3, 4].map((i) => shardIds(join(out, `shard-${i}.json`))),
    [
      ['sig', 'users', 'orders'],
      ['title', 'fmt'],
      ['a', 'c'],
      ['b', 'd'],
    ],
  );
  assert.deepEqual(
    readTree(dir, SHARD_FILES),
    SHARD_PROJECT_TEXTS(),
    'a shard writes nothing to the workspace',
  );
  const merge = await cli(
    ['merge', ...[1, 2, 3, 4].map((i) => join(out, `shard-${i}.json`)), '--cwd', dir, '--apply'],
    api.env,
  );
  assert.equal(merge.code, ExitCode.done, merge.stderr);
  assert.deepEqual(readTree(dir, SHARD_FILES), SHARD_AFTER);
  assert.equal(api.mock.requests.filter(isWorker()).length, singleWorkers);
  assert.equal(api.mock.requests.filter(isPlan).length, 1);
  // The merge's report counts the plan's and the shards' calls: the same usage and cost as one process.
  assert.equal(usageLine(merge.stderr), usageLine(one.stderr));
  assert.match(usageLine(merge.stderr), /^Usage: 9 calls, /);
});

function SHARD_PROJECT_TEXTS(): Record<string, string> {
  return Object.fromEntries(SHARD_FILES.map((f) => [f, SHARD_PROJECT[f] as string]));
}

function shardIds(file: string): string[] {
  const shard = JSON.parse(readFileSync(file, 'utf8')) as { records: Array<{ id: string }> };
  return shard.records.map((r) => r.id);
}

function usageLine(stderr: string): string {
  return /^Usage: .*$/m.exec(stderr)?.[0] ?? '(no usage line)';
}
