import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { writeTree } from '../../../support/tempTree';
import { fixturePath, makeWorkspace } from '../../../support/workspace';

test('resolveInside normalises model-supplied paths and rejects anything outside the root', async () => {
  const outside = writeTree({ 'secret.ts': 'export const s = 1;\n' });
  const ws = await makeWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
  fs.symlinkSync(outside, path.join(ws.root, 'link'));
  fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(ws.root, 'src', 'alias.ts'));
  const cases: Array<[string, string | undefined]> = [
    ['./src/a.ts', 'src/a.ts'],
    ['src\\a.ts', 'src/a.ts'],
    ['src/./x/../a.ts', 'src/a.ts'],
    [path.join(ws.root, 'src', 'a.ts'), 'src/a.ts'],
    ['src/new-file.ts', 'src/new-file.ts'],
    ['../x.ts', undefined],
    ['src/../../x.ts', undefined],
    [path.join(outside, 'secret.ts'), undefined],
    ['link/secret.ts', undefined],
    ['link/new.ts', undefined],
    ['src/alias.ts', undefined],
    ['C:\\Windows\\x.ts', undefined],
    ['', undefined],
    ['.', undefined],
  ];
  assert.deepEqual(
    cases.map(([input]) => [input, ws.resolveInside(input)]),
    cases,
  );
});

test('imports resolve: relative with .js spelling, folder index, tsconfig paths, package names', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({
      compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/*'], '#config': ['src/config/index.ts'] } },
      include: ['src', 'packages'],
    }),
    'src/a.ts': 'export const a = 1;\n',
    'src/b.mts': 'export const b = 1;\n',
    'src/c.cts': 'export const c = 1;\n',
    'src/view.tsx': 'export const v = 1;\n',
    'src/config/index.ts': 'export const cfg = 1;\n',
    'src/util/index.ts': 'export const u = 1;\n',
    'packages/core/package.json': JSON.stringify({
      name: '@acme/core',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
    }),
    'packages/core/src/index.ts': 'export const core = 1;\n',
    'packages/core/src/helpers/str.ts': 'export const str = 1;\n',
    'packages/exp/package.json': JSON.stringify({
      name: 'exp',
      exports: {
        '.': { types: './dist/types/main.d.ts', import: './dist/esm/main.js' },
        './sub/*': './dist/esm/sub/*.js',
      },
    }),
    'packages/exp/src/main.ts': 'export const main = 1;\n',
    'packages/exp/src/sub/deep.ts': 'export const deep = 1;\n',
  });
  const from = 'src/a.ts';
  const cases: Array<[string, string | undefined]> = [
    ['./b.mjs', 'src/b.mts'],
    ['./c.cjs', 'src/c.cts'],
    ['./view.js', 'src/view.tsx'],
    ['./view', 'src/view.tsx'],
    ['./util', 'src/util/index.ts'],
    ['./util/index.js', 'src/util/index.ts'],
    ['@app/config', 'src/config/index.ts'],
    ['#config', 'src/config/index.ts'],
    ['src/util', 'src/util/index.ts'],
    ['@acme/core', 'packages/core/src/index.ts'],
    ['@acme/core/helpers/str', 'packages/core/src/helpers/str.ts'],
    ['exp', 'packages/exp/src/main.ts'],
    ['exp/sub/deep', 'packages/exp/src/sub/deep.ts'],
    ['react', undefined],
    ['./missing', undefined],
  ];
  assert.deepEqual(
    cases.map(([spec]) => [spec, ws.resolveImport(from, spec)]),
    cases,
  );
});

test('the monorepo fixture resolves a package name and a per-package tsconfig path', async () => {
  const ws = await openWorkspace(fixturePath('ws-monorepo'));
  assert.equal(ws.resolveImport('packages/app/src/main.ts', '@acme/core'), 'packages/core/src/index.ts');
  assert.equal(ws.resolveImport('packages/app/src/profile.ts', '@core/user'), 'packages/core/src/user.ts');
  // `@core/*` is declared by the app's tsconfig only.
  assert.equal(ws.resolveImport('packages/core/src/format.ts', '@core/user'), undefined);
});

test('the full project type-checks across packages without node_modules', async () => {
  const ws = await openWorkspace(fixturePath('ws-monorepo'));
  ws.addToProject(['packages/app/src/main.ts', 'packages/app/src/profile.ts']);
  const project = ws.getProject();
  const messages = project
    .getPreEmitDiagnostics()
    .map(
      (d) =>
        `${path.relative(ws.root, d.getSourceFile()?.getFilePath() ?? '')}: ${d.getMessageText().toString()}`,
    );
  assert.deepEqual(messages, []);
  const loaded = project
    .getProgram()
    .compilerObject.getSourceFiles()
    .map((sf) => path.relative(ws.root, sf.fileName))
    .filter((f) => !f.includes('node_modules'))
    .sort();
  assert.deepEqual(loaded, [
    'packages/app/src/main.ts',
    'packages/app/src/profile.ts',
    'packages/core/src/format.ts',
    'packages/core/src/index.ts',
    'packages/core/src/user.ts',
  ]);
});
