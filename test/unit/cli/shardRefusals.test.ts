import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, cliMock } from '../../support/cli';
import { isWorker, workerFile } from '../../support/mockRequests';
import { TEST_MODELS } from '../../support/mockRun';
import { scriptShardRun, SHARD_FILES, SHARD_INSTRUCTION, SHARD_PROJECT } from '../../support/shardProject';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const api = cliMock();
const MODELS = [
  ...['--orchestrator-model', TEST_MODELS.orchestrator, '--worker-model', TEST_MODELS.worker],
  ...['--max-workers', '12'],
];
const ORIGINAL = Object.fromEntries(SHARD_FILES.map((f) => [f, SHARD_PROJECT[f] as string]));

/** A workspace, its plan file and (with `shards`) that many shard files, all in-process. */
async function planned(shards = 0): Promise<{ dir: string; out: string; plan: string; files: string[] }> {
  scriptShardRun(api.mock);
  const dir = writeTree(SHARD_PROJECT);
  const out = tempDir('orchestra-shards-');
  const plan = join(out, 'plan.json');
  const made = await cli(['plan', SHARD_INSTRUCTION, '--cwd', dir, '--out', plan, ...MODELS], api.env);
  assert.equal(made.code, ExitCode.done, made.stderr);
  const files: string[] = [];
  for (let i = 1; i <= shards; i++) {
    const file = join(out, `shard-${i}.json`);
    const run = await cli(['run', plan, '--shard', `${i}/${shards}`, '--out', file, '--cwd', dir], api.env);
    assert.equal(run.code, ExitCode.done, run.stderr);
    files.push(file);
  }
  return { dir, out, plan, files };
}

test('a plan file from another workspace state is refused by run (exit 7), naming the files, with no model call', async () => {
  const { dir, out, plan } = await planned();
  writeFileSync(join(dir, 'src/c.ts'), "export const cLabel = 'changed';\n");
  writeFileSync(join(dir, 'src/http.ts'), '// edited elsewhere\n' + SHARD_PROJECT['src/http.ts']);
  const calls = api.mock.requests.length;
  const run = await cli(
    ['run', plan, '--shard', '1/2', '--out', join(out, 'shard-1.json'), '--cwd', dir],
    api.env,
  );
  assert.equal(run.code, ExitCode.staleOrWriteFailed);
  assert.match(
    run.stderr,
    /^error: The plan was made on other file contents: src\/c\.ts, src\/http\.ts differ here from when it was planned\. /m,
  );
  assert.equal(api.mock.requests.length, calls);
  assert.throws(() => readFileSync(join(out, 'shard-1.json')), /ENOENT/);
});

test('merge refuses a shard whose base file changed (exit 7), naming the shard and the file; nothing is written', async () => {
  const { dir, files } = await planned(4);
  // Shard 4/4 ran b.ts and d.ts (the chain, the rename with report.ts, then the singletons onto the lightest).
  writeFileSync(join(dir, 'src/d.ts'), "export const dLabel = 'd'; // touched\n");
  const merge = await cli(['merge', ...files, '--cwd', dir, '--apply'], api.env);
  assert.equal(merge.code, ExitCode.staleOrWriteFailed);
  assert.match(
    merge.stderr,
    new RegExp(
      `^error: Files changed since the shards ran, so their results cannot be used: ${files[3]}: src/d\\.ts \\(subtask d\\); the plan: src/d\\.ts\\. `,
      'm',
    ),
  );
  assert.deepEqual(readTree(dir, SHARD_FILES), {
    ...ORIGINAL,
    'src/d.ts': "export const dLabel = 'd'; // touched\n",
  });
});

test('merge refuses a missing or a duplicate shard (exit 2) before any model call', async () => {
  const { dir, files } = await planned(4);
  const calls = api.mock.requests.length;
  const missing = await cli(['merge', files[0]!, files[1]!, files[3]!, '--cwd', dir], api.env);
  assert.equal(missing.code, ExitCode.badInput);
  assert.match(missing.stderr, /^error: shard 3\/4 is missing: merge exactly one file per shard\.$/m);
  const twice = await cli(
    ['merge', files[0]!, files[1]!, files[2]!, files[3]!, files[1]!, '--cwd', dir],
    api.env,
  );
  assert.equal(twice.code, ExitCode.badInput);
  assert.match(
    twice.stderr,
    new RegExp(
      `^error: shard 2/4 is given twice \\(${files[1]}, ${files[1]}\\): merge exactly one file per shard\\.$`,
      'm',
    ),
  );
  assert.equal(api.mock.requests.length, calls);
  assert.deepEqual(readTree(dir, SHARD_FILES), ORIGINAL);
});

test('merge refuses shards of two different plans, and a damaged plan or shard file says what is wrong (exit 2)', async () => {
  const first = await planned(2);
  const second = await planned(2);
  const mixed = await cli(['merge', first.files[0]!, second.files[1]!, '--cwd', first.dir], api.env);
  assert.equal(mixed.code, ExitCode.badInput);
  assert.match(
    mixed.stderr,
    new RegExp(`^error: ${second.files[1]} is a shard of another plan than ${first.files[0]}`, 'm'),
  );

  const text = readFileSync(first.plan, 'utf8');
  writeFileSync(first.plan, text.slice(0, 200));
  const cut = await cli(
    ['run', first.plan, '--shard', '1/2', '--out', join(first.out, 'x.json'), '--cwd', first.dir],
    api.env,
  );
  assert.equal(cut.code, ExitCode.badInput);
  assert.match(
    cut.stderr,
    new RegExp(`^error: ${first.plan} is not valid JSON \\(.*\\); it is damaged\\.$`, 'm'),
  );

  const json = JSON.parse(text) as { plan: { subtasks: Array<{ file: unknown }> } };
  json.plan.subtasks[0]!.file = 42;
  writeFileSync(first.plan, JSON.stringify(json));
  const bad = await cli(
    ['run', first.plan, '--shard', '1/2', '--out', join(first.out, 'x.json'), '--cwd', first.dir],
    api.env,
  );
  assert.equal(bad.code, ExitCode.badInput);
  assert.match(
    bad.stderr,
    new RegExp(
      `^error: ${first.plan} is not a usable plan file \\(plan\\.subtasks\\.0\\.file: .*\\); write it again with orchestra plan --out\\.$`,
      'm',
    ),
  );

  const shard = JSON.parse(readFileSync(first.files[0]!, 'utf8')) as { plan: { instruction: string } };
  shard.plan.instruction = 'something else';
  writeFileSync(first.files[0]!, JSON.stringify(shard));
  const tampered = await cli(['merge', ...first.files, '--cwd', first.dir], api.env);
  assert.equal(tampered.code, ExitCode.badInput);
  assert.match(
    tampered.stderr,
    new RegExp(
      `^error: ${first.files[0]} is damaged: its plan does not match the plan hash it names\\.$`,
      'm',
    ),
  );
});

test('run needs --out and a valid --shard; a shard runs only its share of the workers', async () => {
  const { dir, out, plan } = await planned();
  const noOut = await cli(['run', plan, '--shard', '1/2', '--cwd', dir], api.env);
  assert.equal(noOut.code, ExitCode.badInput);
  assert.match(noOut.stderr, /^error: orchestra run needs --out FILE \(e\.g\. --out shard-1\.json\)\.$/m);
  const badSpec = await cli(
    ['run', plan, '--shard', '3/2', '--out', join(out, 's.json'), '--cwd', dir],
    api.env,
  );
  assert.equal(badSpec.code, ExitCode.badInput);
  assert.match(badSpec.stderr, /^error: Invalid option --shard 3\/2: I must be between 1 and 2\.$/m);
  const before = api.mock.requests.filter(isWorker()).length;
  const one = await cli(['run', plan, '--shard', '1/2', '--out', join(out, 's.json'), '--cwd', dir], api.env);
  assert.equal(one.code, ExitCode.done, one.stderr);
  // 2 shards balanced by the workers' estimated tokens: the chain (3 workers) and d.ts; the rename with
  // report.ts, a.ts, b.ts and c.ts (four workers of smaller requests) in shard 2.
  assert.deepEqual(
    api.mock.requests
      .filter(isWorker())
      .slice(before)
      .map((r) => workerFile(r))
      .sort(),
    ['src/d.ts', 'src/http.ts', 'src/orders.ts', 'src/users.ts'],
  );
  const shard = JSON.parse(readFileSync(join(out, 's.json'), 'utf8')) as {
    budgetUsd: number;
    records: Array<{ id: string }>;
  };
  assert.equal(shard.budgetUsd, 0.5);
  assert.deepEqual(
    shard.records.map((r) => r.id),
    ['sig', 'users', 'orders', 'd'],
  );
});

test('run and merge refuse the flags that shape the plan (it runs as it was made), and run the merge’s', async () => {
  const { dir, out, plan } = await planned();
  const shard = ['run', plan, '--shard', '1/2', '--out', join(out, 's.json'), '--cwd', dir];
  const model = await cli([...shard, '--model', 'claude-opus-4-1', '--max-workers', '3'], api.env);
  assert.equal(model.code, ExitCode.badInput);
  assert.match(
    model.stderr,
    /^error: orchestra run runs the plan as it was made: --model, --max-workers are settings of orchestra plan; plan again to change them\.$/m,
  );
  const apply = await cli([...shard, '--apply'], api.env);
  assert.equal(apply.code, ExitCode.badInput);
  assert.match(
    apply.stderr,
    /^error: orchestra run neither merges nor writes: give --apply to orchestra merge\.$/m,
  );
  const merge = await cli(['merge', join(out, 's.json'), '--cwd', dir, '--worker-model', 'x'], api.env);
  assert.equal(merge.code, ExitCode.badInput);
  assert.match(
    merge.stderr,
    /^error: orchestra merge runs the plan as it was made: --worker-model is a setting of orchestra plan; plan again to change it\.$/m,
  );
});
