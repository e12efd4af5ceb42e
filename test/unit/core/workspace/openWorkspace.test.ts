import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { isOrchestraError } from '../../../../src/core/errors';
import { writeTree } from '../../../support/tempTree';
import { fixturePath, makeWorkspace } from '../../../support/workspace';

test('tsconfig files/include/exclude and extends decide the file list', async () => {
  const ws = await makeWorkspace({
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true }, exclude: ['src/legacy'] }),
    'tsconfig.json': JSON.stringify({
      extends: './tsconfig.base.json',
      include: ['src'],
      files: ['tools/gen.ts'],
    }),
    'src/a.ts': 'export const a = 1;\n',
    'src/b.tsx': 'export const b = <div />;\n',
    'src/legacy/old.ts': 'export const old = 1;\n',
    'tools/gen.ts': 'export const gen = 1;\n',
    'tools/other.ts': 'export const other = 1;\n',
    'scripts/x.ts': 'export const x = 1;\n',
  });
  assert.deepEqual(ws.listFiles(), ['src/a.ts', 'src/b.tsx', 'tools/gen.ts']);
  assert.equal(ws.source, 'tsconfig.json');
});

test('without a tsconfig every .ts/.tsx/.mts/.cts outside node_modules, dist, out and .git is listed', async () => {
  const ws = await makeWorkspace({
    'a.ts': 'export const a = 1;\n',
    'b.tsx': 'export const b = 1;\n',
    'c.mts': 'export const c = 1;\n',
    'd.cts': 'export const d = 1;\n',
    'types.d.ts': 'declare const g: number;\n',
    'e.js': 'module.exports = 1;\n',
    'node_modules/pkg/index.d.ts': 'export {};\n',
    'dist/a.ts': 'export {};\n',
    'out/b.ts': 'export {};\n',
    '.git/hooks/x.ts': 'export {};\n',
    'src/deep/f.ts': 'export const f = 1;\n',
  });
  assert.deepEqual(ws.listFiles(), ['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'src/deep/f.ts', 'types.d.ts']);
  assert.equal(ws.source, 'glob');
});

test('a solution-style root tsconfig gathers the tsconfigs below root (the monorepo fixture)', async () => {
  const ws = await openWorkspace(fixturePath('ws-monorepo'));
  assert.equal(ws.source, 'packages/core/tsconfig.json, packages/app/tsconfig.json');
  assert.deepEqual(ws.listFiles(), [
    'packages/app/src/__tests__/main.spec.ts',
    'packages/app/src/banner.ts',
    'packages/app/src/main.ts',
    'packages/app/src/profile.ts',
    'packages/core/src/format.ts',
    'packages/core/src/index.ts',
    'packages/core/src/user.test.ts',
    'packages/core/src/user.ts',
  ]);
});

test('project references of a root tsconfig are followed', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({ include: ['app'], references: [{ path: './lib' }] }),
    'lib/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true }, include: ['src'] }),
    'app/main.ts': 'export const main = 1;\n',
    'lib/src/util.ts': 'export const util = 1;\n',
  });
  assert.deepEqual(ws.listFiles(), ['app/main.ts', 'lib/src/util.ts']);
  assert.equal(ws.source, 'tsconfig.json, lib/tsconfig.json');
});

test('no JavaScript or TypeScript files → no-project error naming the folder', async () => {
  const root = writeTree({ 'readme.md': '# hi\n', 'data.json': '{}\n', 'style.css': 'a {}\n' });
  await assert.rejects(openWorkspace(root), (e: unknown) => {
    assert.ok(isOrchestraError(e));
    assert.equal(e.reason, 'no-project');
    assert.equal(
      e.message,
      `No JavaScript or TypeScript files found in ${root}: open a folder with a tsconfig.json, a jsconfig.json, or .ts/.js files`,
    );
    return true;
  });
});

test('large, minified and non-UTF-8 files are skipped with reasons; a long literal line is kept', async () => {
  const minified = `var a=1;${'function f(){return 1};'.repeat(200)}\n`;
  const longLiteral = `export const ok = 1;\n${'// line\n'.repeat(40)}export const big = '${'x'.repeat(1500)}';\n${'// more\n'.repeat(200)}`;
  const ws = await makeWorkspace(
    {
      'src/big.ts': 'export const x = 1;\n'.repeat(600),
      'src/app.min.ts': minified,
      'src/latin1.ts': Buffer.from([
        0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x78, 0x3d, 0x27, 0xe9, 0x27, 0x3b, 0x0a,
      ]),
      'src/fine.ts': 'export const fine = "é";\n',
      'src/literal.ts': longLiteral,
    },
    { maxFileBytes: 5000 },
  );
  assert.deepEqual(ws.listFiles(), ['src/fine.ts', 'src/literal.ts']);
  assert.deepEqual(ws.skipped, [
    { file: 'src/app.min.ts', reason: 'minified or generated (a line of 4608 characters)' },
    { file: 'src/big.ts', reason: 'larger than 4.9 KB (11.7 KB)' },
    { file: 'src/latin1.ts', reason: 'not UTF-8 text' },
  ]);
});

test('files over the default 1 MB are skipped', async () => {
  const ws = await makeWorkspace({
    'a.ts': 'export const a = 1;\n',
    'huge.ts': `export const h = [\n${'  1,\n'.repeat(220_000)}];\n`,
  });
  assert.deepEqual(ws.listFiles(), ['a.ts']);
  assert.deepEqual(ws.skipped, [{ file: 'huge.ts', reason: 'larger than 1.0 MB (1.0 MB)' }]);
});

test('.d.ts files from node_modules listed by a tsconfig are skipped with a reason', async () => {
  const ws = await makeWorkspace({
    'tsconfig.json': JSON.stringify({ files: ['src/a.ts', 'node_modules/lib/index.d.ts'] }),
    'src/a.ts': 'export const a = 1;\n',
    'node_modules/lib/index.d.ts': 'export declare const lib: number;\n',
  });
  assert.deepEqual(ws.listFiles(), ['src/a.ts']);
  assert.deepEqual(ws.skipped, [
    { file: 'node_modules/lib/index.d.ts', reason: 'declaration file from node_modules' },
  ]);
});

test('include/exclude options add and remove files on top of the tsconfig', async () => {
  const ws = await makeWorkspace(
    {
      'tsconfig.json': JSON.stringify({ include: ['src'] }),
      'src/a.ts': 'export const a = 1;\n',
      'src/gen/schema.ts': 'export const s = 1;\n',
      'scripts/build.ts': 'export const b = 1;\n',
    },
    { include: ['scripts/**'], exclude: ['src/gen'] },
  );
  assert.deepEqual(ws.listFiles(), ['scripts/build.ts', 'src/a.ts']);
});

test('readText reads lazily and caches; hashOf is the sha256 of the text as first read', async () => {
  const ws = await makeWorkspace({ 'a.ts': 'export const a = 1;\n', 'later.ts': 'export const v = 1;\n' });
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  assert.equal(ws.readText('./a.ts'), 'export const a = 1;\n');
  assert.equal(ws.hashOf('a.ts'), sha('export const a = 1;\n'));
  fs.writeFileSync(path.join(ws.root, 'a.ts'), 'export const a = 2;\n');
  assert.equal(ws.readText('a.ts'), 'export const a = 1;\n', 'served from the cache');
  assert.equal(ws.hashOf('a.ts'), sha('export const a = 1;\n'));
  ws.forget(['a.ts']);
  assert.equal(ws.readText('a.ts'), 'export const a = 2;\n');
  assert.equal(ws.readText('missing.ts'), undefined);
  assert.equal(ws.readText('../outside.ts'), undefined);
  assert.equal(ws.hashOf('missing.ts'), undefined);
});

test('an unreadable tsconfig is reported and the tree is walked instead', async () => {
  const ws = await makeWorkspace({ 'tsconfig.json': '{ "include": [', 'a.ts': 'export const a = 1;\n' });
  assert.deepEqual(ws.listFiles(), ['a.ts']);
  assert.equal(ws.source, 'glob');
  assert.equal(ws.skipped[0]?.file, 'tsconfig.json');
  assert.match(ws.skipped[0]?.reason ?? '', /^unreadable tsconfig: /);
});

test('a BOM stays in the text, so hashOf equals the sha256 of the bytes on disk (what apply compares)', async () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export const bom = 1;\n')]);
  const ws = await makeWorkspace({ 'bom.ts': bytes, 'lazy.ts': bytes });
  assert.deepEqual(ws.listFiles(), ['bom.ts', 'lazy.ts']);
  ws.forget(['lazy.ts']); // read again through the lazy path
  for (const file of ['bom.ts', 'lazy.ts']) {
    assert.equal(ws.readText(file), '\uFEFFexport const bom = 1;\n');
    assert.equal(ws.hashOf(file), createHash('sha256').update(bytes).digest('hex'));
  }
});

test('tsconfig globs expand over the walked tree exactly as TypeScript expands them on disk', async () => {
  const { ts } = await import('ts-morph');
  const tree: Record<string, string> = {
    'src/a.ts': 'export const a = 1;\n',
    'src/deep/er/b.ts': 'export const b = 1;\n',
    'src/deep/c.tsx': 'export const c = 1;\n',
    'src/deep/c.spec.ts': 'export const s = 1;\n',
    'src/types.d.ts': 'declare const g: number;\n',
    'src/.hidden/h.ts': 'export const h = 1;\n',
    'lib/x.mts': 'export const x = 1;\n',
    'lib/y.cts': 'export const y = 1;\n',
    'test/t.ts': 'export const t = 1;\n',
    'root.ts': 'export const r = 1;\n',
  };
  const configs = [
    { include: ['src'] },
    { include: ['src/**/*'], exclude: ['**/*.spec.ts'] },
    { include: ['src/deep/*', 'lib/**/*.mts'] },
    { include: ['**/*'], exclude: ['test', 'src/deep'] },
    { include: ['*.ts', 'src/?.ts'] },
    {},
  ];
  for (const config of configs) {
    const root = writeTree({ ...tree, 'tsconfig.json': JSON.stringify(config) });
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const expected = parsed.fileNames.map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
    const ws = await openWorkspace(root);
    assert.deepEqual(ws.listFiles(), expected, JSON.stringify(config));
  }
});

test('tsconfig globs do not follow a symlinked folder out of the workspace', async () => {
  const outside = writeTree({ 'secret.ts': 'export const secret = 1;\n' });
  const root = writeTree({
    'tsconfig.json': JSON.stringify({ include: ['src'] }),
    'src/a.ts': 'export const a = 1;\n',
  });
  fs.symlinkSync(outside, path.join(root, 'src', 'linked'), 'dir');
  const ws = await openWorkspace(root);
  assert.deepEqual(ws.listFiles(), ['src/a.ts']);
});
