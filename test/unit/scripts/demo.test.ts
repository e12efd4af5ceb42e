import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockAnthropic, toolUseReply } from '../../mock-anthropic/server';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli } from '../../support/cli';
import { isPlan, isWorker, workerFile } from '../../support/mockRequests';
import { tempDir } from '../../support/tempTree';
import { REPO_ROOT } from '../../support/paths';

const ROOT = REPO_ROOT;

interface Recorded {
  usage: Record<string, number>;
  input: unknown;
}

test('the demo replay applies cleanly to examples/shop and introduces no type errors', async () => {
  const replay = JSON.parse(readFileSync(join(ROOT, 'examples/replay/fetchJson-options.json'), 'utf8')) as {
    instruction: string;
    plan: Recorded;
    workers: Record<string, Recorded>;
  };
  const dir = tempDir();
  cpSync(join(ROOT, 'examples/shop'), dir, { recursive: true });
  const mock = await MockAnthropic.start();
  try {
    mock.on(isPlan, toolUseReply(replay.plan.input, { usage: replay.plan.usage }));
    mock.on(isWorker(), (r) =>
      toolUseReply(replay.workers[workerFile(r) ?? '']!.input, {
        usage: replay.workers[workerFile(r) ?? '']!.usage,
      })(r),
    );
    const run = await cli(['refactor', replay.instruction, '--cwd', dir, '--apply', '--json'], {
      ANTHROPIC_API_KEY: 'replay-key',
      ANTHROPIC_BASE_URL: mock.url,
    });
    assert.equal(run.code, ExitCode.done, run.stderr);
    const out = JSON.parse(run.stdout) as {
      changes: Array<{ file: string }>;
      diagnostics: { before: unknown[]; introduced: unknown[] };
      usage: { calls: number; usage: { cacheReadInputTokens: number } };
    };
    assert.deepEqual(out.changes.map((c) => c.file).sort(), Object.keys(replay.workers).sort());
    assert.deepEqual(out.diagnostics.introduced, []);
    assert.equal(out.usage.calls, 6);
    assert.equal(out.usage.usage.cacheReadInputTokens, 5600);
    const http = readFileSync(join(dir, 'src/http/fetchJson.ts'), 'utf8');
    assert.match(
      http,
      /export async function fetchJson<T>\(url: string, options: FetchOptions = \{\}\): Promise<T> \{/,
    );
    assert.doesNotMatch(readFileSync(join(dir, 'src/orders/orderService.ts'), 'utf8'), /'POST', \{/);
  } finally {
    await mock.close();
  }
});
