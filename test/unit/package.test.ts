import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

const ROOT = REPO_ROOT;

test('the .vsix holds the manifest, README, icon and the three bundles (extension, heavy half, engine worker) — no sources, tests or node_modules', () => {
  const vsce = join(ROOT, 'node_modules', '.bin', 'vsce');
  const run = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const files = run.stdout.split('\n').filter(Boolean).sort();
  assert.deepEqual(files, [
    'README.md',
    'dist/engine.js',
    'dist/engineWorker.js',
    'dist/extension.js',
    'media/icon.png',
    'package.json',
  ]);
});
