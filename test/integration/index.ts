/**
 * Entry the extension host calls (`extensionTestsPath`). Runs every bundled `*.test.js` beside it with mocha
 * and writes a JSON result file, because under code-server the host's exit code is always 0 and the
 * console goes to the browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { ENV_RESULT_FILE, ENV_SUITE, RESTRICTED_SUITE_PREFIX, type SuiteResult } from './uiProtocol';

export async function run(): Promise<void> {
  const result: SuiteResult = {
    vscodeVersion: vscode.version,
    passing: 0,
    failing: 0,
    pending: 0,
    tests: [],
  };
  const resultFile = process.env[ENV_RESULT_FILE] ?? path.join(__dirname, 'result.json');
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    const grep = process.env.ORCHESTRA_TEST_GREP;
    if (grep) mocha.grep(grep);
    // The Restricted Mode suite needs a window whose folder is untrusted; the main suite a trusted one.
    const restricted = process.env[ENV_SUITE] === 'restricted';
    for (const file of fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js') && f.startsWith(RESTRICTED_SUITE_PREFIX) === restricted)
      .sort()) {
      mocha.addFile(path.join(__dirname, file));
    }
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test) => {
        result.passing++;
        result.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
      });
      runner.on('fail', (test, error: Error) => {
        result.failing++;
        result.tests.push({
          title: test.fullTitle(),
          state: 'failed',
          durationMs: test.duration ?? 0,
          error: error.stack ?? error.message,
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
  fs.writeFileSync(`${resultFile}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${resultFile}.tmp`, resultFile);
  if (result.failing > 0 || result.fatal) throw new Error(`${result.failing} integration test(s) failed`);
}
