/**
 * Facts on real CommonJS: express@4.21.2 (`index.js` + `lib/**\/*.js`, no config), fetched with `npm pack`
 * into a temp dir for the run (never committed). Offline, the test fails and says so.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatherFacts } from '../../../../src/core/facts/facts';
import type { DiskWorkspace } from '../../../../src/core/workspace/diskWorkspace';
import { openWorkspace } from '../../../../src/core/workspace/openWorkspace';
import { candidateLines } from '../../../support/workspace';

const PACKAGE = 'express@4.21.2';
let ws: DiskWorkspace;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orchestra-express-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  try {
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (e) {
    const detail = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? String(e);
    throw new Error(`could not fetch ${PACKAGE} with npm pack (offline?): ${detail}`);
  }
  execFileSync('tar', ['-xzf', join(dir, 'express-4.21.2.tgz'), '-C', dir]);
  ws = await openWorkspace(join(dir, 'package'));
});

test('express loads from the walk: every CommonJS module of the package', () => {
  assert.equal(ws.source, 'glob');
  assert.deepEqual(ws.listFiles(), [
    'index.js',
    'lib/application.js',
    'lib/express.js',
    'lib/middleware/init.js',
    'lib/middleware/query.js',
    'lib/request.js',
    'lib/response.js',
    'lib/router/index.js',
    'lib/router/layer.js',
    'lib/router/route.js',
    'lib/utils.js',
    'lib/view.js',
  ]);
  assert.deepEqual(ws.skipped, []);
});

test('module.exports = Layer: both modules requiring it, with the uses of their local', async () => {
  const facts = await gatherFacts(ws, { instruction: 'x', seed: { name: 'Layer' }, importDepth: 1 });
  assert.deepEqual(
    facts.symbols.map((s) => `${s.kind} ${s.file}:${s.line} exported=${s.exported} ${s.signature}`),
    ['function lib/router/layer.js:33 exported=true function Layer(path, options, fn) {'],
  );
  assert.deepEqual(candidateLines(facts), [
    'lib/router/layer.js [definition,reference] 6 @31,34,35,62,86,110',
    'lib/router/index.js [reference] 3 @17,475,505',
    'lib/router/route.js [reference] 3 @18,196,221',
  ]);
});

test('exports.compileETag = function …: the module requiring it, and the call through its local', async () => {
  const facts = await gatherFacts(ws, { instruction: 'x', seed: { name: 'compileETag' }, importDepth: 1 });
  assert.deepEqual(
    facts.symbols.map((s) => `${s.kind} ${s.file}:${s.line} exported=${s.exported} ${s.signature}`),
    ['function lib/utils.js:150 exported=true exports.compileETag = function(val) {'],
  );
  // response.js requires utils.js too, for other helpers: an importer, not a reference.
  assert.deepEqual(candidateLines(facts), [
    'lib/utils.js [definition] 0 @',
    'lib/application.js [reference] 3 @24,383',
    'lib/response.js [importer] 0 @',
  ]);
});

test('the require() edges of express are its import graph', async () => {
  const facts = await gatherFacts(ws, { instruction: 'x', seed: { name: 'Route' }, importDepth: 1 });
  assert.deepEqual(candidateLines(facts), [
    'lib/router/route.js [definition,reference] 6 @34,58,80,101,184,207',
    'lib/express.js [reference] 2 @19,71',
    'lib/router/index.js [reference] 2 @16,503',
    'lib/application.js [text-match] 0 @',
  ]);
  // In the order each module requires them: `require('./application')`, `'./router/route'`, `'./router'`.
  assert.deepEqual(facts.importEdges, [
    { from: 'lib/application.js', to: 'lib/router/index.js' },
    { from: 'lib/express.js', to: 'lib/application.js' },
    { from: 'lib/express.js', to: 'lib/router/route.js' },
    { from: 'lib/express.js', to: 'lib/router/index.js' },
    { from: 'lib/router/index.js', to: 'lib/router/route.js' },
  ]);
});
