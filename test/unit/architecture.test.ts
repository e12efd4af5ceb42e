import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importCycles, importGraph } from '../support/importGraph';
import { REPO_ROOT } from '../support/paths';

const ROOT = REPO_ROOT;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const IMPORTS =
  /(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORTS)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

test('the engine (src/core) never imports vscode, the adapters or the CLI', () => {
  const offenders: string[] = [];
  for (const file of tsFiles(join(ROOT, 'src', 'core'))) {
    for (const spec of importsOf(file)) {
      if (spec === 'vscode' || /(^|\/)(vscode|cli)\//.test(spec) || spec.endsWith('/extension')) {
        offenders.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('the CLI never imports vscode or the adapters', () => {
  const offenders = tsFiles(join(ROOT, 'src', 'cli')).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec === 'vscode' || spec.includes('/vscode/'))
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
  );
  assert.deepEqual(offenders, []);
});

test('no `any` in the sources', () => {
  const offenders = [...tsFiles(join(ROOT, 'src'))].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => /(:\s*any\b|<any>|as any\b|any\[\])/.test(line.replace(/\/\/.*$/, '')))
      .map(({ i }) => `${relative(ROOT, file)}:${i + 1}`),
  );
  assert.deepEqual(offenders, []);
});

test('no import cycles, type-only imports included (lint skips those)', () => {
  const graph = importGraph(ROOT, ['src', 'test', 'scripts', 'bench']);
  assert.ok(graph.has('src/core/handlers/registry.ts') && graph.has('test/mock-anthropic/server.ts'));
  assert.deepEqual(importCycles(graph), []);
});
