/**
 * Scale and bad workspaces: thousands of files, files over 1 MB, minified files, non-UTF-8
 * bytes, syntax errors, .tsx/.mts/.cts, tsconfig path aliases and project references. Each is handled or
 * skipped with a stated reason (`orchestra facts --json` shows `skipped`), never a crash or a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/cli/exitCodes';
import { type MockAnthropic, toolUseReply } from '../mock-anthropic/server';
import { cli } from '../support/cli';
import { isPlan, isWorker, workerFile } from '../support/mockRequests';
import { writeTree } from '../support/tempTree';
import { envFor, mockPerFile, planOf, read, type JsonReport, PINNED } from './helpers';

let mock: MockAnthropic;
mockPerFile((m) => (mock = m));

interface Facts {
  source: string;
  fileCount: number;
  candidates: Array<{ file: string; reasons: string[] }>;
  skipped: Array<{ file: string; reason: string }>;
}

const COMPILER = {
  strict: true,
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  noEmit: true,
};

test(
  '3,000 files: facts and a full refactor run complete, find exactly the right files',
  { timeout: 45_000 },
  async () => {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: COMPILER, include: ['src'] }),
      'src/core.ts': 'export function coreFn(n: number): number {\n  return n * 2;\n}\n',
    };
    for (let i = 0; i < 5; i++)
      files[`src/use${i}.ts`] = `import { coreFn } from './core';\nexport const u${i} = coreFn(${i});\n`;
    const dir = writeTree(files);
    mkdirSync(join(dir, 'src/gen'));
    for (let i = 0; i < 3_000; i++) {
      writeFileSync(join(dir, `src/gen/m${String(i).padStart(4, '0')}.ts`), `export const k${i} = ${i};\n`);
    }

    const facts = await cli(['facts', '--symbol', 'coreFn', '--json', '--cwd', dir], {});
    assert.equal(facts.code, ExitCode.done, facts.stderr);
    const out = JSON.parse(facts.stdout) as Facts;
    assert.equal(out.fileCount, 3_006);
    assert.deepEqual(out.skipped, []);
    assert.deepEqual(
      out.candidates.map((c) => [c.file, c.reasons.join('+')]),
      [['src/core.ts', 'definition'], ...[0, 1, 2, 3, 4].map((i) => [`src/use${i}.ts`, 'reference'])],
    );

    mock.on(isPlan, toolUseReply(planOf(['src/use3.ts'])));
    mock.on(
      isWorker(),
      toolUseReply({ file: 'src/use3.ts', edits: [{ search: 'coreFn(3)', replace: 'coreFn(33)' }] }),
    );
    const run = await cli(
      ['refactor', 'call `coreFn` with 33', '--cwd', dir, '--apply'],
      envFor(mock),
      PINNED,
    );
    assert.equal(run.code, ExitCode.done, run.stderr);
    assert.equal(
      read(dir, 'src/use3.ts'),
      "import { coreFn } from './core';\nexport const u3 = coreFn(33);\n",
    );
    // The orchestrator prompt stays bounded: it names candidates, not 3,000 files.
    assert.ok(JSON.stringify(mock.requests[0]!.body).length < 20_000);
  },
);

/** A monorepo: a solution tsconfig referencing two projects, a path alias, and every kind of bad file. */
function badWorkspace(): { dir: string; bytes: Record<string, Buffer> } {
  const bytes: Record<string, Buffer> = {
    'packages/lib/src/big.ts': Buffer.from(
      "import { coreFn } from './core';\n" + 'export const big = coreFn(1);\n'.repeat(40_000),
    ),
    'packages/lib/src/min.ts': Buffer.from(
      "import{coreFn}from'./core';export const m=[" + '1,'.repeat(3_000) + 'coreFn(2)];\n',
    ),
    'packages/lib/src/latin1.ts': Buffer.concat([
      Buffer.from("import { coreFn } from './core';\n// caf"),
      Buffer.from([0xe9]),
      Buffer.from('\nexport const l = coreFn(3);\n'),
    ]),
    'packages/lib/src/binary.ts': Buffer.from([
      0x00, 0x01, 0x02, 0xff, 0x00, 0x63, 0x6f, 0x72, 0x65, 0x46, 0x6e,
    ]),
  };
  const dir = writeTree({
    'tsconfig.json': JSON.stringify({
      files: [],
      references: [{ path: 'packages/lib' }, { path: 'packages/app' }],
    }),
    'packages/lib/tsconfig.json': JSON.stringify({
      compilerOptions: { ...COMPILER, composite: true },
      include: ['src'],
    }),
    'packages/lib/src/core.ts': 'export function coreFn(n: number): number {\n  return n * 2;\n}\n',
    'packages/app/tsconfig.json': JSON.stringify({
      compilerOptions: {
        ...COMPILER,
        composite: true,
        jsx: 'preserve',
        baseUrl: '.',
        paths: { '@lib/*': ['../lib/src/*'] },
      },
      references: [{ path: '../lib' }],
      include: ['src'],
    }),
    'packages/app/src/viaAlias.ts': "import { coreFn } from '@lib/core';\nexport const a = coreFn(1);\n",
    'packages/app/src/view.tsx':
      "import { coreFn } from '@lib/core';\nexport const View = () => <b>{coreFn(2)}</b>;\n",
    'packages/app/src/esm.mts': "import { coreFn } from '@lib/core';\nexport const e = coreFn(3);\n",
    'packages/app/src/cjs.cts': "import { coreFn } from '@lib/core';\nexport const c = coreFn(4);\n",
    'packages/app/src/broken.ts':
      "import { coreFn } from '@lib/core';\nexport const b = coreFn(5;\nfunction (\n",
    ...bytes,
  });
  return { dir, bytes };
}

test(
  'bad files are skipped with a stated reason; tsx/mts/cts, aliases, references and syntax errors are handled',
  { timeout: 30_000 },
  async () => {
    const { dir } = badWorkspace();
    const run = await cli(['facts', '--symbol', 'coreFn', '--json', '--cwd', dir], {});
    assert.equal(run.code, ExitCode.done, run.stderr);
    const facts = JSON.parse(run.stdout) as Facts;
    assert.deepEqual(facts.skipped, [
      { file: 'packages/lib/src/big.ts', reason: 'larger than 1.0 MB (1.1 MB)' },
      { file: 'packages/lib/src/binary.ts', reason: 'not UTF-8 text' },
      { file: 'packages/lib/src/latin1.ts', reason: 'not UTF-8 text' },
      { file: 'packages/lib/src/min.ts', reason: 'minified or generated (a line of 6054 characters)' },
    ]);
    assert.match(facts.source, /packages\/lib\/tsconfig\.json/);
    assert.match(facts.source, /packages\/app\/tsconfig\.json/);
    assert.equal(facts.fileCount, 6);
    assert.deepEqual(facts.candidates.map((c) => c.file).sort(), [
      'packages/app/src/broken.ts',
      'packages/app/src/cjs.cts',
      'packages/app/src/esm.mts',
      'packages/app/src/viaAlias.ts',
      'packages/app/src/view.tsx',
      'packages/lib/src/core.ts',
    ]);
    for (const c of facts.candidates.filter((x) => x.file.startsWith('packages/app/'))) {
      assert.ok(c.reasons.includes('reference'), `${c.file}: ${c.reasons.join(', ')}`);
    }

    // The text output says the same, on stderr.
    const text = await cli(['facts', '--symbol', 'coreFn', '--cwd', dir], {});
    assert.match(text.stderr, /skipped packages\/lib\/src\/latin1\.ts: not UTF-8 text/);
  },
);

test(
  'a plan naming skipped files is refused for them (with the reason); the good files still run',
  { timeout: 30_000 },
  async () => {
    const { dir, bytes } = badWorkspace();
    const skipped = Object.keys(bytes);
    mock.on(
      isPlan,
      toolUseReply(planOf([...skipped, 'packages/app/src/view.tsx', 'packages/app/src/broken.ts'])),
    );
    mock.on(isWorker('packages/app/src/view.tsx'), (req) =>
      toolUseReply({ file: workerFile(req), edits: [{ search: 'coreFn(2)', replace: 'coreFn(22)' }] })(req),
    );
    mock.on(isWorker('packages/app/src/broken.ts'), (req) =>
      toolUseReply({ file: workerFile(req), edits: [{ search: 'coreFn(5;', replace: 'coreFn(5);' }] })(req),
    );
    const run = await cli(
      ['refactor', 'change `coreFn` calls', '--cwd', dir, '--apply', '--json'],
      envFor(mock),
      PINNED,
    );
    // The rejected steps never ran: the rest of the plan is not the whole change.
    assert.equal(run.code, ExitCode.partial, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(
      report.rejected?.map((r) => r.file),
      skipped,
    );
    for (const r of report.rejected ?? [])
      assert.match(r.reason, /^the workspace skips this file: (larger than|minified|not UTF-8)/);
    assert.equal(report.verdict.kind, 'partial');
    assert.deepEqual(
      report.verdict.problems,
      (report.rejected ?? []).map((r) => `plan step ${r.file} rejected: ${r.reason}`),
    );
    assert.deepEqual(mock.requests.filter(isWorker()).map(workerFile).sort(), [
      'packages/app/src/broken.ts',
      'packages/app/src/view.tsx',
    ]);
    assert.equal(
      read(dir, 'packages/app/src/view.tsx'),
      "import { coreFn } from '@lib/core';\nexport const View = () => <b>{coreFn(22)}</b>;\n",
    );
    assert.equal(
      read(dir, 'packages/app/src/broken.ts'),
      "import { coreFn } from '@lib/core';\nexport const b = coreFn(5);\nfunction (\n",
    );
    for (const f of skipped) assert.ok(readFileSync(join(dir, f)).equals(bytes[f]!), `${f} untouched`);
  },
);
