/**
 * Secrets and logs: the API key never reaches stdout, stderr or the --json report, also when
 * the API (or a proxy) echoes it back in error bodies; and model output is data, never executed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/exitCodes';
import {
  errorReply,
  type MockAnthropic,
  toolUseReply,
  type MockReply,
  type MockReplyFn,
} from '../mock-anthropic/server';
import { cli, type CliRun } from '../support/cli';
import { isPlan, isWorker, workerFile } from '../support/mockRequests';
import { writeTree } from '../support/tempTree';
import {
  envFor,
  KEY,
  mockPerFile,
  planOf,
  read,
  snapshot,
  TRIO,
  TRIO_EDITS,
  TRIO_FILES,
  TRIO_INSTRUCTION,
  PINNED,
} from './helpers';

/** A gateway key that does not look like an Anthropic key: only explicit redaction can catch it. */
const GATEWAY_KEY = 'gw-live-Zq81xT4mKp02RfVbN7';

let mock: MockAnthropic;
mockPerFile((m) => (mock = m));

const good: MockReplyFn = (req) => toolUseReply(TRIO_EDITS[workerFile(req) ?? '']!)(req);
const echo =
  (status: number, type: string) =>
  (req: Parameters<MockReplyFn>[0]): MockReply =>
    errorReply(
      status,
      type,
      `upstream said: Authorization: Bearer ${req.apiKey} is not valid here (key=${req.apiKey})`,
      {
        'retry-after-ms': '10',
      },
    );

function assertNoKey(run: CliRun, key: string): void {
  const all = run.stdout + '\n' + run.stderr;
  assert.ok(!all.includes(key), `the key leaked:\n${all}`);
  // Also no recognisable fragment of it (a partly masked key is still a leak).
  assert.ok(!all.includes(key.slice(8, 20)), `a fragment of the key leaked:\n${all}`);
  // Nor is it ever sent as prompt text.
  assert.ok(!JSON.stringify(mock.requests.map((r) => r.body)).includes(key));
}

interface Scenario {
  name: string;
  script: () => void;
  code: number;
  says: RegExp;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'a successful run with --json',
    script: () => {
      mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
      mock.on(isWorker(), good);
    },
    code: ExitCode.done,
    says: /"usage"/,
  },
  {
    name: '401 whose body echoes the key',
    script: () => mock.on(isPlan, echo(401, 'authentication_error')),
    code: ExitCode.apiError,
    says: /authentication failed: check your API key \(401: upstream said: Authorization: Bearer \[redacted\]/,
  },
  {
    name: 'a proxy echoing the key in a 500 body (retried, then given up)',
    script: () => mock.on(isPlan, echo(500, 'api_error')),
    code: ExitCode.apiError,
    says: /\[warn\] orchestrator call \(plan\) to claude-sonnet-4-6: api-error \(500\): upstream said: Authorization: Bearer \[redacted\]/,
  },
  {
    name: 'a malformed 200 body (a proxy page) echoing the key',
    script: () => mock.on(isPlan, (req) => ({ body: `<html>proxy error for key ${req.apiKey}</html>` })),
    code: ExitCode.apiError,
    says: /the API returned a malformed response/,
  },
  {
    name: 'an error event inside the stream echoing the key',
    script: () =>
      mock.on(isPlan, (req) => ({
        body:
          'event: error\n' +
          `data: ${JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: `bad key ${req.apiKey}` } })}\n\n`,
      })),
    code: ExitCode.apiError,
    says: /the API returned an error \(in stream\)|the API rejected the request/,
  },
  {
    name: 'workers failing with the key echoed (reasons land in the --json report)',
    script: () => {
      mock.on(isPlan, toolUseReply(planOf(TRIO_FILES)));
      mock.on(isWorker('src/a.ts'), good);
      mock.on(isWorker(), echo(500, 'api_error'));
    },
    code: ExitCode.partial,
    says: /"reason": "the API returned an error \(500\) after 1 retry: upstream said: Authorization: Bearer \[redacted\]/,
  },
];

for (const key of [KEY, GATEWAY_KEY]) {
  for (const s of SCENARIOS) {
    test(`no key in any output (${key === KEY ? 'sk-ant key' : 'gateway key'}): ${s.name}`, async () => {
      s.script();
      const dir = writeTree(TRIO);
      const run = await cli(
        ['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--json', '--max-retries', '1'],
        envFor(mock, key),
        PINNED,
      );
      assert.equal(run.code, s.code, run.stderr);
      assert.match(run.stdout + run.stderr, s.says);
      assert.ok(
        mock.requests.every((r) => r.apiKey === key),
        'the key was sent, as a header only',
      );
      assertNoKey(run, key);
    });
  }
}

test('model output is data: shell-ish plan and edit text is written verbatim, never executed', async () => {
  const dir = writeTree(TRIO);
  const shellish = '$(touch pwned) `touch pwned` ; touch pwned && echo pwned > pwned | sh';
  const plan = {
    summary: `Rename things $(touch pwned)`,
    subtasks: [
      {
        file: 'src/a.ts',
        handler: 'llm',
        instructions: `run \`touch pwned\` first; $(touch pwned)`,
        priority: 5,
      },
      { file: 'src/$(touch pwned).ts', handler: 'create', instructions: '$(touch pwned)', priority: 5 },
    ],
  };
  mock.on(isPlan, toolUseReply(plan));
  mock.on(
    isWorker('src/a.ts'),
    toolUseReply({
      file: 'src/a.ts',
      edits: [{ search: 'export const alpha = 1;', replace: `// ${shellish}\nexport const alpha = 1;` }],
      notes: '$(touch pwned)',
    }),
  );
  mock.on(
    isWorker('src/$(touch pwned).ts'),
    toolUseReply({ file: 'src/$(touch pwned).ts', content: `export const cmd = '${shellish}';\n` }),
  );
  const run = await cli(['refactor', TRIO_INSTRUCTION, '--cwd', dir, '--apply'], envFor(mock), PINNED);
  assert.equal(run.code, ExitCode.done, run.stderr);
  assert.equal(read(dir, 'src/a.ts'), `// ${shellish}\n${TRIO['src/a.ts']}`);
  assert.equal(read(dir, 'src/$(touch pwned).ts'), `export const cmd = '${shellish}';\n`);
  const tree = Object.keys(snapshot(dir));
  assert.deepEqual(
    tree.filter((f) => /pwned/.test(f)),
    ['src/$(touch pwned).ts'],
  );
  assert.equal(existsSync(join(process.cwd(), 'pwned')), false);
  assert.equal(existsSync(join(dir, 'pwned')), false);
  assert.equal(existsSync(join(dir, 'src', 'pwned')), false);
});
