import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { journalDirFor } from '../../../src/cli/journalDir';
import { API_KEY, cli } from '../../support/cli';
import {
  MARK_INSTRUCTION,
  markFile,
  markProject,
  markWorker,
  markedText,
  scriptMarkRun,
} from '../../support/markProject';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

let mock: MockAnthropic;
let env: Record<string, string>;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());
beforeEach(() => {
  mock.reset();
  env = {
    ANTHROPIC_API_KEY: API_KEY,
    ANTHROPIC_BASE_URL: mock.url,
    ORCHESTRA_STATE_DIR: tempDir('orchestra-resume-'),
  };
});

const PLANNED = 8;
const FILES = Array.from({ length: PLANNED }, (_, i) => markFile(i));
const MARKED = Object.fromEntries(FILES.map((f, i) => [f, markedText(i)]));

/** A run cancelled (as by Ctrl-C) once `answered` workers have been answered. */
async function cancelledRun(dir: string, answered: number): Promise<void> {
  const controller = new AbortController();
  let n = 0;
  scriptMarkRun(mock, PLANNED, (req) => {
    if (++n > answered) {
      controller.abort();
      return { hang: true };
    }
    return markWorker(req);
  });
  const run = await cli(
    ['refactor', MARK_INSTRUCTION, '--cwd', dir, '--max-concurrency', '1', '--apply'],
    env,
    {
      signal: controller.signal,
    },
  );
  assert.equal(run.code, ExitCode.cancelled, run.stderr);
  // Nothing written: the run did not finish.
  assert.deepEqual(readTree(dir, FILES), pick(markProject(PLANNED), FILES));
}

function pick(tree: Record<string, string>, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, tree[f] ?? '']));
}

function journalFile(dir: string): string {
  const journals = journalDirFor(env, dir);
  const [name, ...more] = readdirSync(journals);
  assert.equal(more.length, 0, 'one journal per run');
  return join(journals, name!);
}

test('resume with nothing to resume says so and exits 3', async () => {
  const dir = writeTree(markProject(3));
  const run = await cli(['resume', '--cwd', dir], env);
  assert.equal(run.code, ExitCode.nothingToChange);
  assert.equal(
    run.stderr,
    `Nothing to resume: no interrupted \`orchestra refactor\` is journaled for ${dir} (the last run there finished, or none was started).\n`,
  );
  const json = await cli(['resume', '--cwd', dir, '--json'], env);
  assert.equal(json.code, ExitCode.nothingToChange);
  assert.deepEqual(JSON.parse(json.stdout), { resumed: false });
  assert.equal(mock.requests.length, 0);
});

test('a finished run leaves nothing to resume', async () => {
  const dir = writeTree(markProject(PLANNED + 2));
  scriptMarkRun(mock, PLANNED);
  const run = await cli(['refactor', MARK_INSTRUCTION, '--cwd', dir], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  const again = await cli(['resume', '--cwd', dir], env);
  assert.equal(again.code, ExitCode.nothingToChange, again.stderr);
});

test('a cancelled run resumes: no model call for the journaled subtasks, --apply only when asked again', async () => {
  const dir = writeTree(markProject(PLANNED + 2));
  await cancelledRun(dir, 3);
  const answered = mock.requests.filter(isWorker()).slice(0, 3).map(workerFile);
  mock.reset();
  mock.on(isWorker(), markWorker);
  const run = await cli(['resume', '--cwd', dir, '--json'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.filter(isPlan).length, 0, 'the orchestrator is not asked again');
  const asked = mock.requests.filter(isWorker()).map(workerFile);
  assert.deepEqual(
    asked,
    FILES.filter((f) => !answered.includes(f)),
  );
  assert.equal(asked.length, PLANNED - 3);
  const out = JSON.parse(run.stdout) as {
    changes: Array<{ file: string; after: string }>;
    resumed: { reused: Array<{ file: string }>; rerun: Array<{ file: string }>; stale: unknown[] };
  };
  assert.deepEqual(Object.fromEntries(out.changes.map((c) => [c.file, c.after])), MARKED);
  assert.deepEqual(
    out.resumed.reused.map((r) => r.file),
    answered,
  );
  assert.deepEqual(out.resumed.stale, []);
  assert.match(
    run.stderr,
    /The interrupted run was started with --apply; pass `orchestra resume --apply` to write it\./,
  );
  // Not written: the resume did not say --apply. The journal is finished now.
  assert.deepEqual(readTree(dir, FILES), pick(markProject(PLANNED), FILES));
  const after = await cli(['resume', '--cwd', dir], env);
  assert.equal(after.code, ExitCode.nothingToChange);
});

test('a torn last journal line is ignored; a damaged earlier line is refused by name (exit 2)', async () => {
  const dir = writeTree(markProject(PLANNED + 2));
  await cancelledRun(dir, 2);
  const file = journalFile(dir);
  appendFileSync(file, '{"kind":"subtask","record":{"version":1,"id":"s7","file":"src/m0');
  mock.reset();
  mock.on(isWorker(), markWorker);
  const run = await cli(['resume', '--cwd', dir, '--apply'], env);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.match(run.stderr, /its last line was cut short by the interruption and is ignored/);
  assert.equal(mock.requests.filter(isWorker()).length, PLANNED - 2);
  assert.deepEqual(readTree(dir, FILES), MARKED);

  const other = writeTree(markProject(PLANNED + 2));
  mock.reset();
  await cancelledRun(other, 2);
  const damaged = journalFile(other);
  const [header, ...rest] = readFileSync(damaged, 'utf8').split('\n');
  writeFileSync(damaged, [header, '{"kind":"subtask"', ...rest].join('\n'));
  const refused = await cli(['resume', '--cwd', other], env);
  assert.equal(refused.code, ExitCode.badInput);
  assert.equal(
    refused.stderr,
    `error: The run journal ${damaged} cannot be used: line 2: not JSON. Delete it. (\`orchestra resume\` cannot continue that run.)\n`,
  );
});

test('resume refuses flags that would change the run it continues', async () => {
  const dir = writeTree(markProject(3));
  const run = await cli(['resume', '--cwd', dir, '--model', 'claude-opus-4-1', '--strict-scope'], env);
  assert.equal(run.code, ExitCode.badInput);
  assert.equal(
    run.stderr,
    "error: orchestra resume runs the interrupted run's plan with its models and settings; it does not take " +
      '--model, --strict-scope. Start a new run with orchestra refactor for other settings.\n',
  );
  const extra = await cli(['resume', 'now', '--cwd', dir], env);
  assert.equal(extra.code, ExitCode.badInput);
});
