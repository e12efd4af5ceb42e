import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ts } from 'ts-morph';
import { scanTree } from '../../../../src/core/workspace/fileScan';
import { importGraphOf } from '../../../../src/core/workspace/importGraph';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { loadTsconfigs } from '../../../../src/core/workspace/tsconfigLoader';
import { fixturePath, makeWorkspace } from '../../../support/workspace';
import { writeTree } from '../../../support/tempTree';

test('a jsconfig.json lists .js/.jsx/.mjs/.cjs under its include, with TypeScript’s jsconfig defaults', async () => {
  const ws = await openWorkspace(fixturePath('js-jsconfig'));
  assert.equal(ws.source, 'jsconfig.json');
  assert.deepEqual(ws.listFiles(), [
    'src/CartView.jsx',
    'src/cart.js',
    'src/cart.test.js',
    'src/currency.cjs',
    'src/money.js',
    'src/receipt.mjs',
  ]);
  const root = fixturePath('js-jsconfig');
  const [config] = loadTsconfigs(root, scanTree(root)).configs;
  assert.deepEqual(
    { ...config?.options, configFilePath: undefined },
    {
      allowJs: true,
      maxNodeModuleJsDepth: 2,
      allowSyntheticDefaultImports: true,
      skipLibCheck: true,
      noEmit: true,
      jsx: ts.JsxEmit.Preserve,
      configFilePath: undefined,
    },
  );
  for (const project of [ws.getProject(), ws.queryProject()]) {
    assert.equal(project.getCompilerOptions().allowJs, true);
  }
});

test('a jsconfig’s own options win over the defaults; a tsconfig beside it wins over the jsconfig', async () => {
  const root = writeTree({
    'jsconfig.json': JSON.stringify({ compilerOptions: { checkJs: true, maxNodeModuleJsDepth: 0 } }),
    'a.js': 'exports.a = 1;\n',
  });
  const [config] = loadTsconfigs(root, scanTree(root)).configs;
  assert.equal(config?.options.checkJs, true);
  assert.equal(config?.options.maxNodeModuleJsDepth, 0);
  assert.equal(config?.options.allowJs, true);

  const both = await makeWorkspace({
    'tsconfig.json': JSON.stringify({ include: ['src'] }),
    'jsconfig.json': JSON.stringify({ include: ['src'] }),
    'src/a.ts': 'export const a = 1;\n',
    'src/b.js': 'export const b = 1;\n',
  });
  assert.equal(both.source, 'tsconfig.json');
  assert.deepEqual(both.listFiles(), ['src/a.ts']);
});

test('a tsconfig with allowJs holds .ts and .js files; without it the .js files stay out', async () => {
  const mixed = await openWorkspace(fixturePath('js-mixed'));
  assert.equal(mixed.source, 'tsconfig.json');
  assert.deepEqual(mixed.listFiles(), [
    'src/app.ts',
    'src/ids.ts',
    'src/legacy/format.cjs',
    'src/legacy/users.js',
  ]);
  assert.equal(mixed.queryProject().getCompilerOptions().allowJs, true);
  const tsOnly = await makeWorkspace({
    'tsconfig.json': JSON.stringify({ include: ['src'] }),
    'src/a.ts': 'export const a = 1;\n',
    'src/b.js': 'export const b = 1;\n',
  });
  assert.deepEqual(tsOnly.listFiles(), ['src/a.ts']);
  // A TypeScript workspace keeps JavaScript out of the query project, as before.
  assert.equal(tsOnly.queryProject().getCompilerOptions().allowJs, false);
});

test('without a config a folder of JavaScript is walked like one of TypeScript (build output left out)', async () => {
  const ws = await makeWorkspace({
    'index.js': "module.exports = require('./lib/app');\n",
    'lib/app.js': "const { route } = require('./router');\nmodule.exports = { route };\n",
    'lib/router.mjs': 'export const route = 1;\n',
    'lib/view.jsx': 'export const View = () => <p />;\n',
    'lib/legacy.cjs': 'exports.legacy = 1;\n',
    'lib/types.d.ts.map': '{}\n',
    'node_modules/dep/index.js': 'module.exports = 1;\n',
    'dist/bundle.js': 'module.exports = 1;\n',
  });
  assert.equal(ws.source, 'glob');
  assert.deepEqual(ws.listFiles(), [
    'index.js',
    'lib/app.js',
    'lib/legacy.cjs',
    'lib/router.mjs',
    'lib/view.jsx',
  ]);
  assert.equal(ws.getProject().getCompilerOptions().allowJs, true);
  assert.equal(ws.getProject().getCompilerOptions().checkJs, undefined);
});

test('the include option adds JavaScript files only to a workspace that holds JavaScript', async () => {
  const files = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true }, include: ['src'] }),
    'src/a.ts': 'export const a = 1;\n',
    'scripts/build.js': 'exports.build = 1;\n',
    'scripts/check.ts': 'export const check = 1;\n',
  };
  const js = await makeWorkspace(files, { include: ['scripts/**'] });
  assert.deepEqual(js.listFiles(), ['scripts/build.js', 'scripts/check.ts', 'src/a.ts']);
  const ts = await makeWorkspace(
    { ...files, 'tsconfig.json': JSON.stringify({ include: ['src'] }) },
    { include: ['scripts/**'] },
  );
  assert.deepEqual(ts.listFiles(), ['scripts/check.ts', 'src/a.ts']);
});

test('below a root without config, jsconfig.json and tsconfig.json packages are both loaded', async () => {
  const ws = await makeWorkspace({
    'packages/web/jsconfig.json': JSON.stringify({ include: ['src'] }),
    'packages/web/src/app.js': "import { api } from '../../api/src/api';\napi();\n",
    'packages/api/tsconfig.json': JSON.stringify({ include: ['src'] }),
    'packages/api/src/api.ts': 'export function api(): void {}\n',
  });
  assert.equal(ws.source, 'packages/api/tsconfig.json, packages/web/jsconfig.json');
  assert.deepEqual(ws.listFiles(), ['packages/api/src/api.ts', 'packages/web/src/app.js']);
  assert.equal(ws.resolveImport('packages/web/src/app.js', '../../api/src/api'), 'packages/api/src/api.ts');
});

test('imports resolve to JavaScript files after TypeScript ones, as tsc resolves them with allowJs', async () => {
  const ws = await makeWorkspace({
    'jsconfig.json': '{}',
    'a.js': 'exports.a = 1;\n',
    'both.ts': 'export const t = 1;\n',
    'both.js': 'exports.j = 1;\n',
    'esm.mjs': 'export const m = 1;\n',
    'old.cjs': 'exports.o = 1;\n',
    'view.jsx': 'export const v = 1;\n',
    'lib/index.js': 'exports.lib = 1;\n',
  });
  const cases: Array<[string, string | undefined]> = [
    ['./a', 'a.js'],
    ['./a.js', 'a.js'],
    ['./both', 'both.ts'],
    ['./both.js', 'both.ts'],
    ['./esm.mjs', 'esm.mjs'],
    ['./esm', undefined], // .mjs/.cjs are always spelled out
    ['./old.cjs', 'old.cjs'],
    ['./view', 'view.jsx'],
    ['./view.jsx', 'view.jsx'],
    ['./lib', 'lib/index.js'],
    ['./missing', undefined],
  ];
  assert.deepEqual(
    cases.map(([spec]) => [spec, ws.resolveImport('main.js', spec)]),
    cases,
  );
});

test('CommonJS require() edges count in the import graph, as ES imports do', async () => {
  const ws = await makeWorkspace({
    'index.js': "module.exports = require('./lib/app');\n",
    'lib/app.js': "const router = require('./router');\nconst { View } = require('./view.jsx');\n",
    'lib/router.js': "exports.route = () => import('./lazy.mjs');\n",
    'lib/lazy.mjs': "import legacy from './legacy.cjs';\nexport default legacy;\n",
    'lib/legacy.cjs': 'module.exports = 1;\n',
    'lib/view.jsx': 'export const View = () => <p />;\n',
  });
  const graph = importGraphOf(ws);
  const edges = [...graph.out].flatMap(([from, out]) => out.map((e) => `${from} → ${e.to} (${e.kind})`));
  assert.deepEqual(edges.sort(), [
    'index.js → lib/app.js (dynamic)',
    'lib/app.js → lib/router.js (dynamic)',
    'lib/app.js → lib/view.jsx (dynamic)',
    'lib/lazy.mjs → lib/legacy.cjs (import)',
    'lib/router.js → lib/lazy.mjs (dynamic)',
  ]);
  assert.deepEqual(
    graph.in.get('lib/app.js')?.map((e) => e.from),
    ['index.js'],
  );
  // The query project parses JavaScript (a TypeScript workspace leaves it out).
  const project = ws.queryProject();
  project.addSourceFileAtPath(path.join(ws.root, 'lib/app.js'));
  const program = project.getProgram().compilerObject;
  assert.ok(program.getSourceFile(path.join(ws.root, 'lib/app.js')) !== undefined);
});
