import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MockAnthropic, toolUseReply } from '../../../mock-anthropic/server';
import { ExitCode } from '../../../../src/cli/exitCodes';
import { API_KEY, cli } from '../../../support/cli';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PLAN, FETCH_PROJECT } from '../../../support/fetchProject';
import { isPlan, isRepair, isWorker, workerFile } from '../../../support/mockRequests';
import { readTree, writeTree } from '../../../support/tempTree';

let mock: MockAnthropic;
before(async () => {
  mock = await MockAnthropic.start();
});
after(() => mock.close());

test('a worker edit that introduces a type error gets one repair call, and the repaired result is applied', async () => {
  const dir = writeTree(FETCH_PROJECT);
  mock.on(isPlan, toolUseReply(FETCH_PLAN));
  // The http.ts worker misspells `options.method`: a new error in its own file.
  const broken = {
    file: 'src/http.ts',
    edits: [
      {
        search: FETCH_EDITS['src/http.ts']!.edits[0]!.search,
        replace:
          'export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {\n  return { url, method: options.methd };',
      },
    ],
  };
  mock.on(
    isRepair(),
    toolUseReply({ file: 'src/http.ts', edits: [{ search: 'options.methd', replace: 'options.method' }] }),
  );
  mock.on(isWorker(), (r) =>
    toolUseReply(workerFile(r) === 'src/http.ts' ? broken : FETCH_EDITS[workerFile(r) ?? '']!)(r),
  );
  const run = await cli(
    ['refactor', 'make `fetchJson` take an options object', '--cwd', dir, '--apply', '--json'],
    {
      ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: mock.url,
    },
  );
  assert.equal(run.code, ExitCode.done, run.stderr);
  const out = JSON.parse(run.stdout) as {
    diagnostics: { introduced: unknown[]; after: unknown[] };
    usage: { byRole: { repair?: { calls: number } } };
  };
  const repairs = mock.requests.filter(isRepair());
  assert.equal(repairs.length, 1);
  // The repair prompt names the error the type checker found.
  assert.match(repairs[0]!.userText, /line 2: TS2551 Property 'methd' does not exist/);
  assert.equal(out.usage.byRole.repair?.calls, 1);
  assert.deepEqual(out.diagnostics.introduced, []);
  assert.deepEqual(readTree(dir, Object.keys(FETCH_AFTER)), FETCH_AFTER);
});
