import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { TEST_MODELS } from '../../support/mockRun';
import { scriptShardRun, SHARD_INSTRUCTION, SHARD_PROJECT } from '../../support/shardProject';
import { tempDir, writeTree } from '../../support/tempTree';

const api = cliMock();
const MODELS = [
  ...['--orchestrator-model', TEST_MODELS.orchestrator, '--worker-model', TEST_MODELS.worker],
  ...['--max-workers', '12'],
];

type Json = Record<string, unknown>;

test('merge --json has exactly refactor --json’s fields and values: changes, outcomes, verdict, usage, diagnostics', async () => {
  scriptShardRun(api.mock);
  const single = await cli(
    ['refactor', SHARD_INSTRUCTION, '--cwd', writeTree(SHARD_PROJECT), '--json', ...MODELS],
    api.env,
  );
  assert.equal(single.code, ExitCode.done, single.stderr);

  const dir = writeTree(SHARD_PROJECT);
  const out = tempDir('orchestra-shards-');
  const plan = join(out, 'plan.json');
  assert.equal(
    (await cli(['plan', SHARD_INSTRUCTION, '--cwd', dir, '--out', plan, ...MODELS], api.env)).code,
    0,
  );
  const shards = [1, 2, 3].map((i) => join(out, `shard-${i}.json`));
  for (const [i, file] of shards.entries()) {
    const run = await cli(['run', plan, '--shard', `${i + 1}/3`, '--out', file, '--cwd', dir], api.env);
    assert.equal(run.code, ExitCode.done, run.stderr);
  }
  const merged = await cli(['merge', ...shards, '--cwd', dir, '--json'], api.env);
  assert.equal(merged.code, ExitCode.done, merged.stderr);

  const a = JSON.parse(single.stdout) as Json;
  const b = JSON.parse(merged.stdout) as Json;
  assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
  for (const key of [
    'changes',
    'outcomes',
    'verdict',
    'usage',
    'diagnostics',
    'obligations',
    'outOfScope',
    'conflicts',
    'plan',
    'seeds',
    'moved',
    'deleted',
    'rejected',
    'roles',
    'droppedFiles',
    'cancelled',
  ])
    assert.deepEqual(b[key], a[key], key);
  // The estimate is the plan's, counted once when planning.
  assert.deepEqual((b.estimate as Json).totalUsd, (a.estimate as Json).totalUsd);
  assert.match(merged.stderr, /^Dry run: nothing written \(use --apply\)\.$/m);
});
