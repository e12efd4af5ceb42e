/**
 * Benchmark 4: extension start. The real production build (`node esbuild.js --production`, run in a
 * staging folder under bench/.work whose `src` links to the repo's, so dist/ is untouched and the entries
 * and options are esbuild.js's own) is measured for size, then dist/extension.js is required with a stub
 * `vscode` and activated with a fake context in a fresh child process (it loads dist/engine.js lazily).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildOutput } from './child';
import { runChild } from './childProcess';
import { REPO_ROOT, WORK_DIR } from './paths';
import type { BenchResult } from './results';
import { VSCODE_STUB } from './vscodeStub';
import { ACTIVATE_PROBE } from './activateProbe';

export async function extensionBench(repeat: number, shopFolder: string | undefined): Promise<BenchResult[]> {
  const stage = path.join(WORK_DIR, 'build');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // esbuild.js builds `src/…` into `dist/…` relative to its working directory.
  symlinkSync(path.join(REPO_ROOT, 'src'), path.join(stage, 'src'), 'dir');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js'), '--production'], {
    cwd: stage,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bundle = path.join(stage, 'dist', 'extension.js');
  const engineKb = statSync(path.join(stage, 'dist', 'engine.js')).size / 1024;
  const stubFile = path.join(WORK_DIR, 'node_modules', 'vscode', 'index.js');
  mkdirSync(path.dirname(stubFile), { recursive: true });
  writeFileSync(stubFile, VSCODE_STUB);
  const sizeKb = statSync(bundle).size / 1024;

  const probe = path.join(WORK_DIR, 'activate-probe.cjs');
  writeFileSync(probe, ACTIVATE_PROBE);
  if (shopFolder !== undefined) process.env['BENCH_VSCODE_FOLDER'] = shopFolder;
  const activations: ChildOutput[] = [];
  const references: ChildOutput[] = [];
  const tsMorph = path.join(REPO_ROOT, 'node_modules', 'ts-morph');
  for (let i = 0; i < repeat; i++) {
    activations.push(
      await runChild({ kind: 'node-script', script: probe, args: ['activate', bundle, WORK_DIR] }),
    );
    references.push(
      await runChild({ kind: 'node-script', script: probe, args: ['require', tsMorph, WORK_DIR] }),
    );
  }
  const best = (outs: typeof activations, key: string): number =>
    Math.min(...outs.map((o) => (typeof o.metrics[key] === 'number' ? (o.metrics[key] as number) : NaN)));
  const activate = best(activations, 'seconds');
  return [
    {
      name: 'extension.bundle_size',
      value: sizeKb,
      target: null,
      better: 'lower',
      unit: 'KB',
      note: 'dist/extension.js of esbuild.js --production (what activation loads)',
    },
    {
      name: 'extension.engine_bundle_size',
      value: engineKb,
      target: null,
      better: 'lower',
      unit: 'KB',
      note: 'dist/engine.js, loaded on the first command',
    },
    {
      name: 'extension.activate',
      value: activate,
      target: 0.1,
      better: 'lower',
      unit: 's',
      note: 'require bundle + activate(fake context)',
    },
    {
      name: 'extension.activate_require_part',
      value: best(activations, 'requireSeconds'),
      target: null,
      better: 'lower',
      unit: 's',
    },
    {
      name: 'extension.require_ts_morph',
      value: best(references, 'seconds'),
      target: null,
      better: 'lower',
      unit: 's',
      note: 'reference: what eager loading would add',
    },
    {
      name: 'extension.engine_loaded_at_activation',
      value: best(activations, 'engineLoaded'),
      target: 0,
      better: 'lower',
      unit: '',
      note: '1 = heavy engine loaded eagerly',
    },
    {
      name: 'extension.prewarm_done_after',
      value: best(activations, 'warmedSeconds'),
      target: null,
      better: 'lower',
      unit: 's',
      note: 'background pre-warm of examples/shop after the first command (incl. 1.5 s delay)',
    },
  ];
}
