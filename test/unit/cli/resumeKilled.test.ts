/**
 * The built CLI killed half-way through a long run (SIGKILL: no handler runs, the journal is all that is
 * left), then `orchestra resume` finishes it against the same mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply, type MockReplyFn } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { journalDirFor } from '../../../src/cli/journalDir';
import { readJournalFile } from '../../../src/core/journal/journalFile';
import type { ResumedJson } from '../../../src/cli/resumeCommand';
import { API_KEY, CLI_BINARY, cli } from '../../support/cli';
import { MARK_INSTRUCTION, markFile, markProject, scriptMarkRun } from '../../support/markProject';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT } from '../../support/fetchProject';
import { isFollowUp, isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { waitFor } from '../../support/mockRun';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const FILES = 200;
// One subtask per file: a 200-file run, as the issue's resume test asks.
const PLANNED = 200;
const ALL = Array.from({ length: FILES }, (_, i) => markFile(i));

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as a child process (asynchronously: the mock answers it from this process). */
function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  onStart?: (kill: () => void) => void,
): Promise<Spawned> {
  const child = spawn(process.execPath, [CLI_BINARY, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  onStart?.(() => child.kill('SIGKILL'));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

test('a run killed half-way is finished by orchestra resume: no journaled file asked again, the texts of one run', async (t) => {
  const mock = await MockAnthropic.start({ latencyMs: 60 });
  t.after(() => mock.close());
  const stateDir = tempDir('orchestra-killed-');
  const env = {
    PATH: process.env.PATH,
    ANTHROPIC_API_KEY: API_KEY,
    ANTHROPIC_BASE_URL: mock.url,
    ORCHESTRA_STATE_DIR: stateDir,
  };
  const flags = ['--max-workers', String(PLANNED), '--max-concurrency', '4', '--budget', '5'];

  // The reference: the same run, uninterrupted.
  const reference = writeTree(markProject(FILES));
  scriptMarkRun(mock, PLANNED);
  const single = await cli(['refactor', MARK_INSTRUCTION, '--cwd', reference, ...flags, '--apply'], {
    ...env,
    ORCHESTRA_STATE_DIR: tempDir('orchestra-reference-'),
  });
  assert.equal(single.code, ExitCode.done, single.stderr);
  const expected = readTree(reference, ALL);

  mock.reset();
  scriptMarkRun(mock, PLANNED);
  const dir = writeTree(markProject(FILES));
  const answered = (): number => mock.requests.filter(isWorker()).length - mock.inFlight;
  const killed = await spawnCli(
    ['refactor', MARK_INSTRUCTION, '--cwd', dir, ...flags, '--apply'],
    env,
    (kill) => {
      void waitFor(() => answered() >= PLANNED / 2, 120_000, 'half the workers answered').then(kill);
    },
  );
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  // Killed before the end: nothing was written.
  const original = markProject(FILES);
  assert.deepEqual(readTree(dir, ALL), Object.fromEntries(ALL.map((f) => [f, original[f]])));

  const journals = journalDirFor(env, dir);
  const [name] = readdirSync(journals);
  const journal = readJournalFile(join(journals, name!));
  assert.ok(journal.ok, journal.ok ? '' : journal.error);
  const journaled = [...journal.value.entries.values()]
    .filter((e) => e.record.outcome.status === 'done')
    .map((e) => e.record.file);
  assert.ok(journaled.length > 0 && journaled.length < PLANNED, `${journaled.length} journaled at the kill`);

  // One journaled file is edited before the resume: its result is stale, so it runs again on the new text.
  const edited = journaled[0]!;
  const editedIndex = ALL.indexOf(edited);
  writeFileSync(join(dir, edited), `export const value${editedIndex} = ${editedIndex} + 1;\n`);

  mock.reset();
  scriptMarkRun(mock, PLANNED);
  const resumed = await spawnCli(['resume', '--cwd', dir, '--json', '--apply'], env);
  assert.equal(resumed.code, ExitCode.done, resumed.stderr);
  assert.equal(mock.requests.filter((r) => !isWorker()(r)).length, 0, 'only workers are called: no plan');
  const asked = mock.requests.filter(isWorker()).map((r) => workerFile(r) ?? '');
  const reused = journaled.filter((f) => f !== edited);
  assert.deepEqual(
    asked.filter((f) => reused.includes(f)),
    [],
    'no worker call for a file whose result was journaled',
  );
  assert.equal(asked.length, PLANNED - reused.length);
  assert.equal(new Set(asked).size, asked.length, 'no file asked twice');

  const out = JSON.parse(resumed.stdout) as {
    resumed: { reused: Array<{ file: string }>; stale: Array<{ file: string; changed: string[] }> };
  };
  assert.deepEqual(out.resumed.reused.map((r) => r.file).sort(), [...reused].sort());
  assert.deepEqual(
    out.resumed.stale.map((s) => [s.file, s.changed]),
    [[edited, [edited]]],
  );
  assert.match(
    resumed.stderr,
    new RegExp(`re-run: ${edited} \\(s\\d+\\) changed since its result was journaled: ${edited}`),
  );

  assert.deepEqual(readTree(dir, ALL), {
    ...expected,
    [edited]: `// marked\nexport const value${editedIndex} = ${editedIndex} + 1;\n`,
  });
  const again = await spawnCli(['resume', '--cwd', dir], env);
  assert.equal(again.code, ExitCode.nothingToChange, again.stderr);
});

/** Only http.ts is planned; its new signature breaks both callers, which the type-check gives follow-ups. */
function scriptFollowUps(mock: MockAnthropic, hangSecond: boolean): void {
  mock.on(
    isPlan,
    toolUseReply({
      summary: 'fetchJson takes options.',
      subtasks: [
        { file: 'src/http.ts', handler: 'llm', instructions: 'Take { method } options.', priority: 10 },
      ],
    }),
  );
  mock.on(isWorker('src/http.ts'), toolUseReply(FETCH_EDITS['src/http.ts']));
  const followUp: MockReplyFn = (req) => toolUseReply(FETCH_EDITS[workerFile(req) ?? '']!)(req);
  if (!hangSecond) {
    mock.on(isFollowUp(), followUp);
    return;
  }
  // The first follow-up answers at once; the second is still in flight when the process is killed.
  mock.on(isFollowUp(), followUp, { times: 1 });
  mock.on(isFollowUp(), () => ({ hang: true }));
}

test('a run killed during the follow-ups is resumed without asking any journaled worker or follow-up again', async (t) => {
  const mock = await MockAnthropic.start();
  t.after(() => mock.close());
  const stateDir = tempDir('orchestra-killed-fix-');
  const env = {
    PATH: process.env.PATH,
    ANTHROPIC_API_KEY: API_KEY,
    ANTHROPIC_BASE_URL: mock.url,
    ORCHESTRA_STATE_DIR: stateDir,
  };
  const instruction = 'make `fetchJson` take an options object';
  const flags = ['--max-concurrency', '1', '--budget', '5'];
  const FILES = Object.keys(FETCH_AFTER);

  const reference = writeTree(FETCH_PROJECT);
  scriptFollowUps(mock, false);
  const single = await cli(['refactor', instruction, '--cwd', reference, ...flags, '--apply'], {
    ...env,
    ORCHESTRA_STATE_DIR: tempDir('orchestra-reference-fix-'),
  });
  assert.equal(single.code, ExitCode.done, single.stderr);
  assert.deepEqual(readTree(reference, FILES), FETCH_AFTER);

  mock.reset();
  scriptFollowUps(mock, true);
  const dir = writeTree(FETCH_PROJECT);
  const journals = journalDirFor(env, dir);
  const journalText = (): string => {
    if (!existsSync(journals)) return '';
    return readdirSync(journals)
      .map((f) => readFileSync(join(journals, f), 'utf8'))
      .join('');
  };
  const killed = await spawnCli(['refactor', instruction, '--cwd', dir, ...flags, '--apply'], env, (kill) => {
    void waitFor(
      () => journalText().includes('"origin":"follow-up"') && mock.inFlight === 1,
      60_000,
      'a follow-up journaled, the next in flight',
    ).then(kill);
  });
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  assert.deepEqual(readTree(dir, FILES), FETCH_PROJECT_FILES(FILES), 'nothing written by the killed run');
  const [name] = readdirSync(journals);
  const journal = readJournalFile(join(journals, name!));
  assert.ok(journal.ok, journal.ok ? '' : journal.error);
  const records = [...journal.value.entries.values()].map((e) => e.record);
  assert.deepEqual(
    records.map((r) => [r.file, r.origin ?? 'plan', r.outcome.status]),
    [
      ['src/http.ts', 'plan', 'done'],
      ['src/orders.ts', 'follow-up', 'done'],
    ],
  );
  assert.equal(
    mock.requests.filter(isFollowUp()).length,
    2,
    'the second follow-up was asked, never answered',
  );

  mock.reset();
  scriptFollowUps(mock, false);
  const resumed = await spawnCli(['resume', '--cwd', dir, '--json', '--apply'], env);
  assert.equal(resumed.code, ExitCode.done, resumed.stderr);
  assert.equal(mock.requests.filter(isPlan).length, 0, 'no plan');
  assert.equal(mock.requests.filter(isWorker()).length, 0, 'the journaled worker is not asked again');
  assert.deepEqual(
    mock.requests.filter(isFollowUp()).map(workerFile),
    ['src/users.ts'],
    'only the follow-up the kill cut short',
  );
  assert.equal(mock.requests.length, 1);
  const out = JSON.parse(resumed.stdout) as { resumed: ResumedJson };
  assert.deepEqual(out.resumed, {
    reused: [{ id: 's1', file: 'src/http.ts' }],
    rerun: [],
    stale: [],
    fixes: {
      reused: [{ origin: 'follow-up', round: 1, file: 'src/orders.ts' }],
      rerun: [{ origin: 'follow-up', round: 1, file: 'src/users.ts' }],
      stale: [],
    },
  });
  assert.match(
    resumed.stderr,
    /^Resumed: 1 subtask\(s\) from the journal, 0 run now; the type-check's repairs and follow-ups: 1 from the journal, 1 run now\.$/m,
  );
  assert.deepEqual(readTree(dir, FILES), FETCH_AFTER);
  assert.deepEqual(readTree(dir, FILES), readTree(reference, FILES));
});

function FETCH_PROJECT_FILES(files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, FETCH_PROJECT[f]!]));
}
