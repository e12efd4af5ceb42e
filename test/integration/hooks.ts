/**
 * The mocha hooks a suite against the loopback mock repeats: activate the extension and start the mock once;
 * before each test reset the mock and the fixture and point the extension at the mock; after each discard the
 * preview and the settings the test set (a UI suite also cancels a run and closes a quick pick); at the end
 * clear the key and close the mock. A UI suite is skipped where there is no browser driver.
 */
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import { MockAnthropic } from '../mock-anthropic/server';
import { activateExtension, hasUiDriver, resetFixture, resetSettings } from './helpers';
import { useMock } from './mockScripts';

export interface MockSuiteOptions {
  /**
   * What each test starts from once the mock is reset and the fixture put back. Default: the stored test key and
   * the mock's base URL (`useMock`); a suite of other providers sets up its own.
   */
  each?: (mock: MockAnthropic) => Promise<void> | void;
  /** Clear the stored API key after the suite (default true; a suite that never stores one says false). */
  clearApiKey?: boolean;
  /** Put the fixture back after the suite too, so files its tests wrote do not reach the next suite. */
  resetFixtureAfter?: boolean;
  /** A suite driven through the workbench's UI: skipped without the browser driver. */
  ui?: boolean;
  /** After each test also cancel a run and close a quick pick, so a failed UI step leaves none open. */
  closeUi?: boolean;
}

/** The suite's mock and extension API, there once its `before` hook ran: read them inside hooks and tests. */
export interface MockSuite {
  readonly mock: MockAnthropic;
  readonly api: OrchestraApi;
}

/** Registers the hooks on the enclosing `describe`; call it at the top of one. */
export function mockSuite(options: MockSuiteOptions = {}): MockSuite {
  let mock: MockAnthropic | undefined;
  let api: OrchestraApi | undefined;
  const suite: MockSuite = {
    get mock(): MockAnthropic {
      if (!mock) throw new Error('the mock is read before the suite started it: read it inside a test');
      return mock;
    },
    get api(): OrchestraApi {
      if (!api)
        throw new Error('the extension API is read before the suite activated it: read it inside a test');
      return api;
    },
  };
  const each = options.each ?? useMock;
  before(async function () {
    if (options.ui && !hasUiDriver()) this.skip();
    api = await activateExtension();
    mock = await MockAnthropic.start();
  });
  beforeEach(async () => {
    suite.mock.reset();
    await resetFixture();
    await each(suite.mock);
  });
  afterEach(async () => {
    if (options.closeUi) await vscode.commands.executeCommand('orchestra.cancelRun');
    await vscode.commands.executeCommand('orchestra.discardPreview');
    if (options.closeUi) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await resetSettings();
  });
  after(async () => {
    if (options.clearApiKey ?? true) await vscode.commands.executeCommand('orchestra.clearApiKey');
    if (options.resetFixtureAfter) await resetFixture();
    await mock?.close();
  });
  return suite;
}
