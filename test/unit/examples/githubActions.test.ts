/**
 * The GitHub Actions example: every workflow file passes action-validator (and a broken copy does not), and
 * its step scripts, run here with the environment GitHub gives each job (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * RUNNER_TEMP, the matrix value) and the artifacts copied between jobs as upload/download would, perform the
 * sharded run against the mock with the built CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolUseReply } from '../../mock-anthropic/server';
import { cliMock, CLI_BINARY } from '../../support/cli';
import { isPlan, isWorker } from '../../support/mockRequests';
import { TEST_MODELS } from '../../support/mockRun';
import { REPO_ROOT } from '../../support/paths';
import { scriptShardRun, SHARD_AFTER, SHARD_FILES, SHARD_PROJECT } from '../../support/shardProject';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const EXAMPLE = join(REPO_ROOT, 'examples', 'github-actions');
const SCRIPTS = join(EXAMPLE, 'scripts');
const VALIDATOR = join(REPO_ROOT, 'node_modules', '.bin', 'action-validator');
const api = cliMock();

function validate(file: string): { code: number | null; out: string } {
  const run = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

test('every workflow of the example passes action-validator; a broken copy fails it', () => {
  const files = readdirSync(EXAMPLE).filter((f) => f.endsWith('.yml'));
  assert.deepEqual(files.sort(), ['caller.yml', 'orchestra-sharded.yml']);
  for (const f of files) {
    const { code, out } = validate(join(EXAMPLE, f));
    assert.equal(code, 0, `${f}: ${out}`);
  }
  // The same workflow with a job that says neither where it runs nor what it uses.
  const text = readFileSync(join(EXAMPLE, 'orchestra-sharded.yml'), 'utf8');
  const broken = text.replace(
    '  merge:\n    needs: [plan, shard]\n    runs-on: ubuntu-latest\n',
    '  merge:\n    needs: [plan, shard]\n',
  );
  assert.notEqual(broken, text, 'the broken copy must differ');
  const dir = tempDir('orchestra-workflow-');
  writeFileSync(join(dir, 'broken.yml'), broken);
  const bad = validate(join(dir, 'broken.yml'));
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /"errors"/);
});

interface Job {
  code: number | null;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** One step script as one job of the workflow: its own RUNNER_TEMP, output and summary files. */
async function job(script: string, env: Record<string, string>): Promise<Job> {
  const temp = tempDir('runner-temp-');
  const outputFile = join(temp, '..', `${temp.split('/').pop()}-output`);
  const summaryFile = `${outputFile}-summary`;
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const child = spawn('bash', [join(SCRIPTS, script)], {
    env: {
      PATH: process.env.PATH ?? '',
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ORCHESTRA_CLI: `${process.execPath} ${CLI_BINARY}`,
      ...api.env,
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code, stderr, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

test('the step scripts run plan → 2 shard jobs → merge with GitHub’s environment and leave the refactored tree', async () => {
  scriptShardRun(api.mock);
  const repo = writeTree(SHARD_PROJECT);
  const plan = await job('plan.sh', {
    INSTRUCTION: 'make `fetchJson` take an options object',
    SHARDS: '2',
    BUDGET: '1',
    WORKSPACE: repo,
    ORCHESTRA_ARGS: `--max-workers 12 --orchestrator-model ${TEST_MODELS.orchestrator} --worker-model ${TEST_MODELS.worker}`,
  });
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal(plan.outputs.matrix, '[1,2]');
  assert.equal(plan.outputs.subtasks, '9');
  assert.equal(plan.outputs['exit-code'], '0');
  assert.match(plan.summary, /^### Orchestra plan\n\n9 subtasks in 2 shards\.\n\n```\nPlan: /);

  // upload-artifact / download-artifact: the plan file into each shard job, the shard files into the merge job.
  const planDir = tempDir('artifact-plan-');
  copyFileSync(plan.outputs['plan-file']!, join(planDir, 'plan.json'));
  const matrix = JSON.parse(plan.outputs.matrix!) as number[];
  const shards = await Promise.all(
    matrix.map((i) =>
      job('shard.sh', {
        PLAN_FILE: join(planDir, 'plan.json'),
        SHARD_INDEX: String(i),
        SHARDS: '2',
        WORKSPACE: repo,
      }),
    ),
  );
  const shardDir = tempDir('artifact-shards-');
  mkdirSync(shardDir, { recursive: true });
  shards.forEach((s, i) => {
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.outputs['exit-code'], '0');
    assert.equal(s.outputs['shard-file']?.endsWith(`/orchestra/shard-${i + 1}.json`), true);
    assert.match(s.summary, new RegExp(`^- shard ${i + 1}/2: exit 0, Shard ${i + 1}/2 written to `));
    copyFileSync(s.outputs['shard-file']!, join(shardDir, `shard-${i + 1}.json`));
  });
  assert.deepEqual(
    readTree(repo, SHARD_FILES),
    Object.fromEntries(SHARD_FILES.map((f) => [f, SHARD_PROJECT[f]])),
  );

  const merge = await job('merge.sh', { SHARD_DIR: shardDir, WORKSPACE: repo, APPLY: 'true' });
  assert.equal(merge.code, 0, merge.stderr);
  assert.deepEqual(readTree(repo, SHARD_FILES), SHARD_AFTER);
  assert.equal(merge.outputs['exit-code'], '0');
  assert.equal(merge.outputs.verdict, 'done');
  assert.equal(
    merge.outputs.changed,
    'src/a.ts src/b.ts src/c.ts src/d.ts src/format.ts src/http.ts src/orders.ts src/report.ts src/users.ts',
  );
  // 1 plan call (2000 in, 300 out at $3/$15) + 8 workers (800 in, 120 out at $1/$5): $0.0105 + 8 × $0.0014.
  assert.equal(merge.outputs['cost-usd'], '0.0217');
  const summary = merge.summary.split('\n');
  assert.equal(summary[0], '### Orchestra refactor: done (exit 0)');
  // The estimate is what the mock counted for the prompts; the cost and the calls are exact.
  assert.match(
    merge.summary,
    /^\*\*Cost:\*\* \$0\.0217 for 9 calls \(estimate \$0\.0\d{3}, budget \$1\.0000\)$/m,
  );
  assert.ok(
    summary.includes('**Tokens:** 8400 input, 0 cache read, 0 cache write, 1260 output'),
    merge.summary,
  );
  assert.ok(summary.includes('| title | src/report.ts | llm | done | $0.0014 |'), merge.summary);
  assert.ok(summary.includes('| fmt | src/format.ts | rename | done | $0.0000 |'), merge.summary);
  assert.equal(readFileSync(merge.outputs['pr-body']!, 'utf8'), merge.summary);
  assert.equal(api.mock.requests.filter(isPlan).length, 1);
  assert.equal(api.mock.requests.filter(isWorker()).length, 8);
});

test('plan.sh with nothing to change gives an empty matrix and exits 0; merge.sh without shards exits 2', async () => {
  api.mock.on(isPlan, toolUseReply({ summary: 'Nothing to do.', subtasks: [] }));
  const repo = writeTree(SHARD_PROJECT);
  const plan = await job('plan.sh', {
    INSTRUCTION: 'make `fetchJson` take an options object',
    WORKSPACE: repo,
  });
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal(plan.outputs.matrix, '[]');
  assert.equal(plan.outputs.subtasks, '0');
  assert.equal(plan.outputs['exit-code'], '3');
  assert.equal(plan.summary, '### Orchestra plan\n\nNothing to change: the plan has no subtasks.\n');
  const merge = await job('merge.sh', { SHARD_DIR: tempDir('empty-'), WORKSPACE: repo });
  assert.equal(merge.code, 2);
  assert.equal(merge.outputs['exit-code'], '2');
});
