/**
 * Entry the extension host calls (`extensionTestsPath`). Runs every bundled `*.test.js` beside it with mocha
 * and writes a JSON result file, because under code-server the host's exit code is always 0 and the
 * console goes to the browser. A suite can span a window reload (reload.ts): then this runs twice, once in
 * each extension host, and the second run writes the merged result.
 */
import fs from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import {
  AFTER_RELOAD,
  claimReloadState,
  dropReloadState,
  keepForReload,
  mergeResults,
  reloadWasClaimed,
  resultFile,
  suiteFiles,
  takeReloadRequest,
  type ReloadState,
} from './reload';
import { takeNotes } from './helpers';
import type { SuiteResult } from './uiProtocol';

/** How long the first host waits for the reload to end it before it reports that none came. */
const RELOAD_TIMEOUT_MS = 90_000;

export async function run(): Promise<void> {
  const file = resultFile();
  const previous = claimReloadState();
  let result = await runMocha(previous);
  if (previous) {
    result = mergeResults(previous.result, result);
    dropReloadState();
  } else {
    const data = takeReloadRequest();
    if (data) {
      keepForReload({ pid: process.pid, data, result });
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      await new Promise((r) => setTimeout(r, RELOAD_TIMEOUT_MS));
      // Still here: if the reloaded window's host took over, it writes the result; else say none came.
      if (reloadWasClaimed()) return;
      result = mergeResults(result, {
        vscodeVersion: result.vscodeVersion,
        passing: 0,
        failing: 1,
        pending: 0,
        tests: [
          {
            title: `window reload: the tests tagged ${AFTER_RELOAD} did not run`,
            state: 'failed',
            durationMs: RELOAD_TIMEOUT_MS,
            error: `the window did not reload within ${RELOAD_TIMEOUT_MS / 1000} s of workbench.action.reloadWindow`,
          },
        ],
      });
    }
  }
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
  if (result.failing > 0 || result.fatal) throw new Error(`${result.failing} integration test(s) failed`);
}

/** One mocha pass: before the reload every test not tagged AFTER_RELOAD, after it only those. */
async function runMocha(afterReload: ReloadState | undefined): Promise<SuiteResult> {
  const result: SuiteResult = {
    vscodeVersion: vscode.version,
    passing: 0,
    failing: 0,
    pending: 0,
    tests: [],
  };
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    const grep = process.env.ORCHESTRA_TEST_GREP;
    if (afterReload) mocha.grep(AFTER_RELOAD);
    else if (grep) mocha.grep(grep);
    else mocha.grep(AFTER_RELOAD).invert();
    for (const file of suiteFiles(__dirname)) mocha.addFile(file);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test) => {
        result.passing++;
        const notes = takeNotes();
        result.tests.push({
          title: test.fullTitle(),
          state: 'passed',
          durationMs: test.duration ?? 0,
          ...(notes ? { notes } : {}),
        });
      });
      runner.on('fail', (test, error: Error) => {
        const notes = takeNotes();
        result.failing++;
        result.tests.push({
          title: test.fullTitle(),
          state: 'failed',
          durationMs: test.duration ?? 0,
          error: error.stack ?? error.message,
          ...(notes ? { notes } : {}),
        });
      });
      runner.on('pending', (test) => {
        result.pending++;
        result.tests.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
      });
    });
  } catch (error) {
    result.fatal = (error as Error).stack ?? String(error);
  }
  return result;
}
