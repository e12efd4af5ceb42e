/**
 * What both integration routes share (code-server: run.ts; desktop Electron: test/integration/runElectron.ts):
 * build the extension, bundle the suite, lay out a fresh run folder with the fixture workspace, and print
 * the suite's result.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { CLOUD_ENV_DROPPED, TEST_AWS_ENV } from '../../test/integration/cloudEnv';
import { FIXTURE_FILES } from '../../test/integration/fixture';
import type { SuiteResult } from '../../test/integration/uiProtocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BASE = path.join(ROOT, '.vscode-test');
export const RUNTIME = path.join(BASE, 'runtime');
export const OUT = path.join(BASE, 'out', 'integration');
export const RUN = path.join(BASE, 'run');

export interface RunDirs {
  /** The run folder holding the others (and the suite's browser console and failure screenshots). */
  root: string;
  userData: string;
  extensions: string;
  workspace: string;
  bridge: string;
  resultFile: string;
  /** Where the cloud test writes the Google credential file the host is pointed at (cloudEnv.ts). */
  googleCredentials: string;
}

export function step(message: string): void {
  console.log(`integration: ${message}…`);
}

/** Builds dist/ with the project's esbuild.js and bundles the suite into .vscode-test/out. */
export async function buildAll(): Promise<void> {
  step('building the extension');
  execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  step('bundling the suite');
  const dir = path.join(ROOT, 'test', 'integration');
  const entries = fs
    .readdirSync(dir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
  fs.rmSync(OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: OUT,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha resolves from the repo's node_modules (.vscode-test lives inside the repo).
    external: ['vscode', 'mocha'],
  });
}

export interface RunDirsOptions {
  /** A sub-folder of the run folder for a second suite; the main suite uses the run folder itself. */
  name?: string;
  /** Workspace trust on in the user settings (the Restricted Mode suite); off otherwise. */
  workspaceTrust?: boolean;
}

/** A fresh run folder: empty profile, the fixture workspace, the UI bridge. */
export function prepareRunDirs(options: RunDirsOptions = {}): RunDirs {
  const root = options.name ? path.join(RUN, options.name) : RUN;
  fs.rmSync(root, { recursive: true, force: true });
  const dirs: RunDirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
    bridge: path.join(root, 'ui-bridge'),
    resultFile: path.join(root, 'result.json'),
    googleCredentials: path.join(root, 'google', 'credentials.json'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.workspace, dirs.bridge])
    fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(FIXTURE_FILES)) {
    const target = path.join(dirs.workspace, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  writeUserSettings(dirs.userData, options.workspaceTrust ?? false);
  return dirs;
}

function writeUserSettings(userData: string, workspaceTrust: boolean): void {
  // With trust on, nothing may trust the folder on the test's behalf: no startup prompt to answer.
  const trust = workspaceTrust
    ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' }
    : {};
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': workspaceTrust,
    ...trust,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'typescript.tsserver.enabled': false,
    'files.refactoring.autoSave': true,
  };
  const dir = path.join(userData, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** The environment the extension host gets: never a developer's real key, gateway or cloud account. */
export function suiteEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  for (const name of CLOUD_ENV_DROPPED) delete env[name];
  return { ...env, ...TEST_AWS_ENV, ...extra };
}

export function readResult(file: string): SuiteResult | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResult) : undefined;
}

/** Prints the suite like mocha's spec reporter would; returns the exit code. */
export function printResult(result: SuiteResult): number {
  console.log(`VS Code ${result.vscodeVersion}`);
  for (const t of result.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-';
    console.log(`  ${mark} ${t.title} (${t.durationMs} ms)`);
    for (const line of t.notes ?? []) console.log(`      ${line}`);
  }
  for (const t of result.tests.filter((x) => x.state === 'failed')) {
    console.log(`\nFAILED: ${t.title}\n${t.error ?? ''}`);
  }
  if (result.fatal) console.log(`\nThe suite could not run: ${result.fatal}`);
  const failing = result.failing + (result.fatal ? 1 : 0);
  console.log('');
  console.log(`${result.passing} passing`);
  if (result.pending > 0) console.log(`${result.pending} pending`);
  console.log(`${failing} failing`);
  console.log(`integration: ${result.passing} passed, ${failing} failed`);
  return failing === 0 && result.passing > 0 ? 0 : 1;
}
