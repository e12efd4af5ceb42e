/**
 * Model faults, per call, through the CLI and the REAL SDK against the loopback mock.
 * Each fault: one bounded retry carrying the precise error (asserted at the mock), then a clear per-subtask
 * failure; the other subtasks go on and the report lists every failure with its reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/exitCodes';
import {
  type MockAnthropic,
  textReply,
  toolUseReply,
  type MockReply,
  type MockReplyFn,
} from '../mock-anthropic/server';
import { cli } from '../support/cli';
import { isPlan, isRetry, isWorker, workerFile } from '../support/mockRequests';
import { tempDir, writeTree } from '../support/tempTree';
import {
  envFor,
  mockPerFile,
  outcomeOf,
  planOf,
  read,
  snapshot,
  TRIO,
  TRIO_AFTER,
  TRIO_EDITS,
  TRIO_FILES,
  TRIO_INSTRUCTION,
  type JsonReport,
  PINNED,
} from './helpers';

let mock: MockAnthropic;
mockPerFile((m) => (mock = m));

const good: MockReplyFn = (req) => toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!)(req);

function emptyReply(): MockReplyFn {
  return (req) => ({
    body: {
      id: 'msg_empty',
      type: 'message',
      role: 'assistant',
      model: req.body.model,
      content: [],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 90, output_tokens: 0 },
    },
  });
}

interface WorkerFault {
  name: string;
  /** The faulty reply for the worker of `file`. */
  reply: (file: string) => MockReply | MockReplyFn;
  /** The precise error the retry request must carry, and the failure must name. */
  error: (file: string) => RegExp;
  retried: boolean;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const WORKER_FAULTS: WorkerFault[] = [
  {
    name: 'malformed JSON in the tool call (a string that is not JSON)',
    reply: (file) => toolUseReply(`{"file": "${file}", "edits": [`),
    error: () => /The tool input is not valid JSON: Unexpected end of JSON input/,
    retried: true,
  },
  {
    name: 'schema violation: missing field',
    reply: (file) => toolUseReply({ edits: TRIO_EDITS[file]!.edits }),
    error: () => /does not match the schema:\n {2}- file: Invalid input: expected string, received undefined/,
    retried: true,
  },
  {
    name: 'schema violation: wrong type',
    reply: (file) => toolUseReply({ file, edits: 'add a comment above the line' }),
    error: () => /- edits: Invalid input: expected array, received string/,
    retried: true,
  },
  {
    name: 'schema violation: extra files in the output',
    reply: (file) => toolUseReply({ ...TRIO_EDITS[file]!, files: ['src/a.ts', 'src/c.ts'] }),
    error: () => /- \(root\): Unrecognized key: "files"/,
    retried: true,
  },
  {
    name: 'edit whose search text is absent',
    reply: (file) =>
      toolUseReply({ file, edits: [{ search: 'export const delta = alpha * 4;', replace: 'x' }] }),
    error: (file) =>
      new RegExp(`${esc(file)}: edit 1 of 1: search text not found .*copy the current lines exactly`),
    retried: true,
  },
  {
    name: 'edit whose search text is ambiguous',
    reply: (file) => toolUseReply({ file, edits: [{ search: 'alpha', replace: 'ALPHA' }] }),
    error: (file) =>
      new RegExp(
        `${esc(file)}: edit 1 of 1: search text matches [23] places \\(lines [\\d, ]+\\); include more surrounding lines`,
      ),
    retried: true,
  },
  {
    name: 'truncated reply (stop_reason max_tokens)',
    reply: (file) => toolUseReply(TRIO_EDITS[file]!, { stopReason: 'max_tokens' }),
    error: () => /the reply was cut off \(max_tokens\); send fewer, smaller search\/replace blocks/,
    retried: true,
  },
  {
    name: 'empty reply (no content)',
    reply: () => emptyReply(),
    error: () => /no submit_edits tool call in the reply/,
    retried: true,
  },
  {
    name: 'a worker editing a file it was not assigned',
    reply: () => toolUseReply(TRIO_EDITS['src/a.ts']!),
    error: (file) =>
      new RegExp(`the output is for "src/a\\.ts" but you were assigned "${esc(file)}"; edit only your file`),
    retried: true,
  },
  {
    name: 'a worker naming a path outside the workspace (../x.ts)',
    reply: () => toolUseReply({ file: '../x.ts', content: 'export const pwned = 1;\n' }),
    error: (file) => new RegExp(`the output is for "\\.\\./x\\.ts" but you were assigned "${esc(file)}"`),
    retried: true,
  },
  {
    name: 'a worker naming an absolute path',
    reply: () => toolUseReply({ file: '/etc/hosts', edits: [{ search: 'localhost', replace: 'pwned' }] }),
    error: (file) => new RegExp(`the output is for "/etc/hosts" but you were assigned "${esc(file)}"`),
    retried: true,
  },
  {
    name: 'refusal (stop_reason refusal)',
    reply: () => textReply("I can't help with that.", { stopReason: 'refusal' }),
    error: () => /the model refused: I can't help with that\./,
    retried: false,
  },
];

for (const fault of WORKER_FAULTS) {
  test(`worker fault: ${fault.name} → ${fault.retried ? 'one retry with the error, then ' : ''}a per-subtask failure; others go on`, async () => {
    const dir = writeTree(TRIO);
    const outside = tempDir('orchestra-faults-outside-');
    mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
    // b.ts: faulty every time. c.ts: faulty once, then a good answer (the retry recovers).
    mock.on(isWorker('src/b.ts'), fault.reply('src/b.ts'));
    mock.on(isWorker('src/c.ts'), fault.reply('src/c.ts'), { times: 1 });
    mock.on(isWorker(), good);
    const run = await cli(
      ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--json'],
      envFor(mock),
      PINNED,
    );

    const bRequests = mock.requests.filter(isWorker('src/b.ts'));
    const cRequests = mock.requests.filter(isWorker('src/c.ts'));
    const report = JSON.parse(run.stdout) as JsonReport;
    const b = outcomeOf(report, 'src/b.ts');
    const c = outcomeOf(report, 'src/c.ts');
    assert.equal(b.status, 'failed');
    assert.match(b.reason ?? '', fault.error('src/b.ts'));
    const listed = run.stderr.slice(run.stderr.indexOf('\nfailed: src/b.ts: '));
    assert.match(listed, fault.error('src/b.ts'), 'stderr lists the failure and why');
    if (fault.retried) {
      assert.equal(bRequests.length, 2, 'exactly one retry');
      assert.equal(b.attempts, 2);
      assert.equal(isRetry(bRequests[0]!), false);
      assert.match(bRequests[1]!.userText, /That did not work: /);
      assert.match(bRequests[1]!.userText, fault.error('src/b.ts'));
      assert.match(b.reason ?? '', /^invalid worker output after 2 attempts: /);
      // c.ts recovered on its retry, which carried its own error.
      assert.equal(cRequests.length, 2);
      assert.match(cRequests[1]!.userText, fault.error('src/c.ts'));
      assert.deepEqual([c.status, c.attempts], ['done', 2]);
      assert.equal(read(dir, 'src/c.ts'), TRIO_AFTER['src/c.ts']);
    } else {
      assert.equal(bRequests.length, 1, 'a refusal is not re-asked');
      assert.equal(b.attempts, 1);
      assert.equal(cRequests.length, 1);
      assert.equal(c.status, 'failed');
      assert.equal(read(dir, 'src/c.ts'), TRIO['src/c.ts']);
    }
    assert.deepEqual(
      [outcomeOf(report, 'src/a.ts').status, outcomeOf(report, 'src/a.ts').attempts],
      ['done', 1],
    );
    assert.equal(run.code, ExitCode.partial, run.stderr);
    assert.equal(read(dir, 'src/a.ts'), TRIO_AFTER['src/a.ts']);
    assert.equal(read(dir, 'src/b.ts'), TRIO['src/b.ts'], 'the failed file is untouched');
    assert.deepEqual(snapshot(outside), {}, 'nothing written outside the workspace');
    assert.equal(snapshot(dir)['x.ts'], undefined);
  });
}

test('whitespace-mangled search text (tabs, re-indented, trailing spaces, CRLF) still applies, first try', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
  const mangled: Record<string, Array<{ search: string; replace: string }>> = {
    'src/a.ts': [
      {
        search: '\treturn alpha + 1;   \n',
        replace: '\t// alpha, plus one\n\treturn alpha + 1;\n',
      },
    ],
    'src/b.ts': [
      {
        search: '   export const beta = alpha * 2;',
        replace: '// twice alpha\nexport const beta = alpha * 2;',
      },
    ],
    'src/c.ts': [
      {
        search: 'export  const gamma = alpha * 3;\r\n',
        replace: '// three alphas\r\nexport const gamma = alpha * 3;\r\n',
      },
    ],
  };
  mock.on(isWorker(), (req) =>
    toolUseReply({ file: workerFile(req), edits: mangled[workerFile(req) ?? ''] })(req),
  );
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), PINNED);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(mock.requests.filter(isRetry).length, 0);
  // The replacement takes the file's indentation, not the model's.
  for (const f of TRIO_FILES) assert.equal(read(dir, f), TRIO_AFTER[f], f);
});

interface PlanFault {
  name: string;
  reply: MockReply | MockReplyFn;
  error: RegExp;
}

const PLAN_FAULTS: PlanFault[] = [
  {
    name: 'malformed JSON',
    reply: toolUseReply('{"summary": "x", "subtasks": [{"file": '),
    error: /The tool input is not valid JSON: /,
  },
  {
    name: 'schema violation (missing fields, wrong types, extra keys)',
    reply: toolUseReply({
      summary: 'x',
      subtasks: [{ file: 'src/a.ts', priority: 'high', files: ['src/b.ts'] }],
    }),
    error:
      /subtasks\.0\.handler: Invalid option: .*\n {2}- subtasks\.0\.instructions: Invalid input: expected string, received undefined\n {2}- subtasks\.0\.priority: Invalid input: expected number, received string\n {2}- subtasks\.0: Unrecognized key: "files"/,
  },
  {
    name: 'truncated reply (max_tokens)',
    reply: toolUseReply(planOf(TRIO_FILES), { stopReason: 'max_tokens' }),
    error: /the reply was cut off \(max_tokens\); send a shorter plan/,
  },
  { name: 'empty reply', reply: emptyReply(), error: /no submit_plan tool call in the reply/ },
  {
    name: 'refusal',
    reply: textReply('I will not plan this.', { stopReason: 'refusal' }),
    error: /the model refused: I will not plan this\./,
  },
];

for (const fault of PLAN_FAULTS) {
  test(`plan fault: ${fault.name} → one retry with the error, then a clear failure (exit 5), no worker, nothing written`, async () => {
    const dir = writeTree(TRIO);
    const before = snapshot(dir);
    mock.on(isPlan, fault.reply);
    const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), PINNED);
    assert.equal(run.code, ExitCode.invalidModelOutput, run.stderr);
    const plans = mock.requests.filter(isPlan);
    assert.equal(plans.length, 2);
    assert.match(plans[1]!.userText, fault.error);
    assert.match(plans[1]!.userText, /Call submit_plan again with a corrected plan\./);
    assert.equal(mock.requests.length, 2, 'no worker ran');
    assert.match(run.stderr, /error: the orchestrator returned an invalid plan twice: /);
    assert.match(run.stderr, fault.error);
    assert.deepEqual(snapshot(dir), before);
  });
}

test('plan schema violation once → the retry (carrying the issues) recovers and the run completes', async () => {
  const dir = writeTree(TRIO);
  mock.on(isPlan, toolUseReply({ summary: 'x', subtasks: [{ file: 'src/a.ts' }] }), { times: 1 });
  mock.on(isPlan, toolUseReply(planOf(['src/a.ts'])));
  mock.on(isWorker(), good);
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), PINNED);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.match(mock.requests.filter(isPlan)[1]!.userText, /- subtasks\.0\.instructions: Invalid input/);
  assert.equal(read(dir, 'src/a.ts'), TRIO_AFTER['src/a.ts']);
});

test('a plan with more subtasks than the cap: re-asked with the cap, then capped in code (lowest priority dropped)', async () => {
  const dir = writeTree(TRIO);
  const plan = planOf([
    { file: 'src/a.ts', priority: 9 },
    { file: 'src/b.ts', priority: 2 },
    { file: 'src/c.ts', priority: 7 },
  ]);
  mock.on(isPlan, toolUseReply(plan));
  mock.on(isWorker(), good);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--json', '--max-workers', '2'],
    envFor(mock),
    PINNED,
  );
  // A planned file the cap left out was never worked on: the change is partial, not done.
  assert.equal(run.code, ExitCode.partial, run.stderr);
  const plans = mock.requests.filter(isPlan);
  assert.equal(plans.length, 2);
  assert.match(
    plans[1]!.userText,
    /the plan has 3 subtasks but at most 2 are allowed; keep the most important/,
  );
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile).sort(), ['src/a.ts', 'src/c.ts']);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.droppedFiles, ['src/b.ts']);
  assert.match(run.stderr, /dropped \(over the maxWorkers cap\): src\/b\.ts/);
  assert.deepEqual(report.verdict.problems, ['1 planned file dropped by the maxWorkers cap (src/b.ts)']);
  assert.equal(read(dir, 'src/b.ts'), TRIO['src/b.ts']);
});

test('plan paths outside the workspace (../x.ts, absolute, symlinked file, symlinked folder) are refused and listed', async () => {
  const dir = writeTree(TRIO);
  const outside = tempDir('orchestra-faults-outside-');
  mkdirSync(join(outside, 'lib'));
  writeFileSync(join(outside, 'secret.ts'), 'export const secret = 1;\n');
  symlinkSync(join(outside, 'secret.ts'), join(dir, 'src/link.ts'));
  symlinkSync(join(outside, 'lib'), join(dir, 'src/out'));
  const outsideBefore = snapshot(outside);
  const bad = ['../x.ts', join(outside, 'secret.ts'), 'src/link.ts', 'src/out/new.ts'];
  const plan = planOf([
    { file: '../x.ts', handler: 'create' },
    { file: join(outside, 'secret.ts') },
    { file: 'src/link.ts' },
    { file: 'src/out/new.ts', handler: 'create' },
    'src/a.ts',
  ]);
  mock.on(isPlan, toolUseReply(plan));
  mock.on(isWorker(), good);
  const run = await cli(
    ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply', '--json'],
    envFor(mock),
    PINNED,
  );
  // The rejected steps never ran: the rest of the plan is not the whole change.
  assert.equal(run.code, ExitCode.partial, run.stderr);
  const retry = mock.requests.filter(isPlan)[1]!;
  for (const f of bad) assert.ok(retry.userText.includes(`${f}: path is outside the workspace`), f);
  for (const f of bad) assert.ok(run.stderr.includes(`rejected: ${f}: path is outside the workspace`), f);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.rejected,
    bad.map((file) => ({ file, reason: 'path is outside the workspace' })),
  );
  assert.equal(report.verdict.kind, 'partial');
  assert.deepEqual(
    report.verdict.problems,
    bad.map((file) => `plan step ${file} rejected: path is outside the workspace`),
  );
  for (const f of bad)
    assert.ok(run.stderr.includes(`plan step ${f} rejected: path is outside the workspace`), f);
  assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile), ['src/a.ts']);
  assert.equal(read(dir, 'src/a.ts'), TRIO_AFTER['src/a.ts']);
  assert.deepEqual(snapshot(outside), outsideBefore);
});
