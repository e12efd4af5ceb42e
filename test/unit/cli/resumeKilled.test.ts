/**
 * The built CLI killed half-way through a long run (SIGKILL: no handler runs, the journal is all that is
 * left), then `orchestra resume` finishes it against the same mock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { journalDirFor } from '../../../src/cli/journalDir';
import { readJournalFile } from '../../../src/core/journal/journalFile';
import { API_KEY, CLI_BINARY, cli } from '../../support/cli';
import { MARK_INSTRUCTION, markFile, markProject, scriptMarkRun } from '../../support/markProject';
import { isWorker, workerFile } from '../../support/mockRequests';
import { waitFor } from '../../support/mockRun';
import { readTree, tempDir, writeTree } from '../../support/tempTree';

const FILES = 200;
// One subtask per file: a 200-file run, as the resume test asks.
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
