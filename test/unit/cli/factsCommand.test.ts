import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI_BINARY, cliBinary } from '../../support/cli';
import { WS_MONOREPO_USER } from '../../support/workspace';
import { REPO_ROOT } from '../../support/paths';
import { writeTree } from '../../support/tempTree';

const ROOT = REPO_ROOT;

function facts(
  cwd: string,
  symbol: string,
): {
  code: number | null;
  json: { candidates: Array<{ file: string; reasons: string[]; references: number }> };
} {
  const run = cliBinary(['facts', '--symbol', symbol, '--cwd', cwd, '--json'], {});
  return { code: run.code, json: JSON.parse(run.stdout) };
}

test('orchestra facts --json on a monorepo without node_modules: cross-package refs, re-exports, type imports, tests', () => {
  const { code, json } = facts(join(ROOT, 'test/fixtures/ws-monorepo'), 'User');
  assert.equal(code, 0);
  assert.deepEqual(
    json.candidates.map((c) => ({ file: c.file, reasons: c.reasons, references: c.references })),
    WS_MONOREPO_USER,
  );
});

test('orchestra facts on the demo project finds every fetchJson caller and the barrel re-export', () => {
  const { code, json } = facts(join(ROOT, 'examples/shop'), 'fetchJson');
  assert.equal(code, 0);
  assert.deepEqual(
    json.candidates.map((c) => `${c.file} ${c.reasons.join('+')} ${c.references}`),
    [
      'src/http/fetchJson.ts definition 0',
      'src/orders/orderService.ts reference 3',
      'src/users/userService.ts reference 3',
      'src/notifications/notifier.ts reference 2',
      'src/payments/paymentService.ts reference 2',
      'src/index.ts re-export 1',
    ],
  );
});

test('orchestra facts without --symbol is a clear bad-input error (exit 2); a folder without JavaScript or TypeScript too', () => {
  const noSymbol = cliBinary(['facts', '--cwd', join(ROOT, 'examples/shop')]);
  assert.equal(noSymbol.code, 2);
  assert.match(noSymbol.stderr, /needs --symbol NAME/);
  const empty = writeTree({ 'notes.md': '# not code\n' });
  const noTs = cliBinary(['facts', '--symbol', 'X', '--cwd', empty]);
  assert.equal(noTs.code, 2);
  assert.match(noTs.stderr, /No JavaScript or TypeScript files found/);
});

test('a reader that stops early (orchestra facts | head) ends the CLI quietly, exit 0', async () => {
  const child = spawn(process.execPath, [
    CLI_BINARY,
    'facts',
    '--symbol',
    'fetchJson',
    '--cwd',
    join(ROOT, 'examples/shop'),
  ]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.destroy(); // the pipe's reader is gone before the CLI writes
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
});
