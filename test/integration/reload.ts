/**
 * A suite that spans a window reload. The first pass runs every test not tagged AFTER_RELOAD (`*.reload.test.ts`
 * files last); a test there may call `requestReload(data)`. Then index.ts keeps the pass's result beside the
 * result file and runs `workbench.action.reloadWindow`: the extension host ends, the reloaded window starts a
 * new one, which runs index.ts again; it finds the kept state and runs only the AFTER_RELOAD tests, which
 * read `data` with `reloadState()`, and writes the merged result the driver waits for.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  CURRENT_ONLY_SUFFIX,
  ENV_RESULT_FILE,
  ENV_RUNTIME,
  ENV_SUITE,
  ENV_SUITE_FILES,
  RESTRICTED_SUITE_PREFIX,
  type SuiteResult,
} from './uiProtocol';

export const AFTER_RELOAD = '@after-reload';

/** What the first pass hands to the tests after the reload. */
export interface ReloadState {
  /** The first extension host's pid: the one after the reload must differ. */
  pid: number;
  data: Record<string, unknown>;
  /** The first pass's result, merged into the final one. */
  result: SuiteResult;
}

export function resultFile(): string {
  return process.env[ENV_RESULT_FILE] ?? path.join(__dirname, 'result.json');
}

const requestFile = (): string => `${resultFile()}.reload-request.json`;
/** Written by the first pass; renamed to `claimedFile` by the pass after the reload when it starts. */
const stateFile = (): string => `${resultFile()}.reload-state.json`;
const claimedFile = (): string => `${resultFile()}.reload-claimed.json`;

/** Asks for a window reload once the first pass is over; `data` reaches the AFTER_RELOAD tests. */
export function requestReload(data: Record<string, unknown>): void {
  fs.writeFileSync(requestFile(), JSON.stringify(data));
}

/** In the first pass: whether a test asked for a reload (not consumed; index.ts takes it). */
export function reloadRequested(): boolean {
  return fs.existsSync(requestFile());
}

/** After the first pass: the data a test asked to carry over a reload, if any (consumed). */
export function takeReloadRequest(): Record<string, unknown> | undefined {
  if (!fs.existsSync(requestFile())) return undefined;
  const data = JSON.parse(fs.readFileSync(requestFile(), 'utf8')) as Record<string, unknown>;
  fs.rmSync(requestFile());
  return data;
}

export function keepForReload(state: ReloadState): void {
  fs.writeFileSync(stateFile(), JSON.stringify(state));
}

/** At the start of a pass: the first pass's state if this one runs after the reload (claimed, so the first host knows). */
export function claimReloadState(): ReloadState | undefined {
  if (!fs.existsSync(stateFile())) return undefined;
  fs.renameSync(stateFile(), claimedFile());
  return reloadState();
}

/** In the pass after the reload: what the first pass kept. Undefined in the first pass. */
export function reloadState(): ReloadState | undefined {
  if (!fs.existsSync(claimedFile())) return undefined;
  return JSON.parse(fs.readFileSync(claimedFile(), 'utf8')) as ReloadState;
}

/** In the first host, some time after asking for the reload: whether the window's new host took over. */
export function reloadWasClaimed(): boolean {
  if (!fs.existsSync(stateFile())) return true;
  fs.rmSync(stateFile());
  return false;
}

export function dropReloadState(): void {
  fs.rmSync(claimedFile(), { force: true });
}

/** The first pass's tests and the second's as one result. */
export function mergeResults(first: SuiteResult, second: SuiteResult): SuiteResult {
  const tests = [...first.tests, ...second.tests];
  return {
    vscodeVersion: first.vscodeVersion,
    passing: tests.filter((t) => t.state === 'passed').length,
    failing: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
    ...(first.fatal || second.fatal ? { fatal: [first.fatal, second.fatal].filter(Boolean).join('\n') } : {}),
  };
}

/**
 * Mocha files in run order: the `*.scale.test.js` ones after the rest, since what they leave behind (1,000
 * files written and removed, and VS Code, the TypeScript server and the engine catching up) would weigh on the
 * timings other tests measure; the `*.reload.test.js` ones last, since they prepare the state for the reload.
 */
export function suiteFiles(dir: string): string[] {
  // The Restricted Mode suite needs a window whose folder is untrusted; the main suite a trusted one.
  const restricted = process.env[ENV_SUITE] === 'restricted';
  // Tests of APIs newer than the minimum VS Code run only on the current one; a run may pick its files.
  const current = process.env[ENV_RUNTIME] === 'current';
  const picked = process.env[ENV_SUITE_FILES]?.split(',');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js') && f.startsWith(RESTRICTED_SUITE_PREFIX) === restricted)
    .filter((f) => current || !f.endsWith(CURRENT_ONLY_SUFFIX))
    .filter((f) => !picked || picked.includes(f))
    .sort();
  // A picked file that is gone (renamed, or not of this suite) must fail the run, not shrink it silently.
  const missing = (picked ?? []).filter((f) => !files.includes(f));
  if (missing.length)
    throw new Error(`${ENV_SUITE_FILES} names test files this suite lacks: ${missing.join(', ')}`);
  const last = (f: string): number =>
    f.endsWith('.reload.test.js') ? 2 : f.endsWith('.scale.test.js') ? 1 : 0;
  return files.sort((a, b) => last(a) - last(b)).map((f) => path.join(dir, f));
}
