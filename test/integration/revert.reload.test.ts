/**
 * Revert Last Refactor: in the same window (the Revert action offered after Apply), and after a real window
 * reload (`workbench.action.reloadWindow`, see reload.ts): the run is then known only from the record the
 * extension kept in its global storage. This file runs last in the first pass, so nothing resets the fixture
 * between the apply and the reload.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RevertOutcome } from '../../src/vscode/preview/revertFlow';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { MockAnthropic, toolUseReply, type MockReply } from '../mock-anthropic/server';
import { AREA_AFTER, AREA_PLAN, FIXTURE_FILES, INSTRUCTION } from './fixture';
import {
  activateExtension,
  hasUiDriver,
  readWorkspaceFile,
  resetFixture,
  resetSettings,
  ui,
  waitFor,
  workspaceRoot,
  writeWorkspaceFile,
} from './helpers';
import { scriptArea, useMock } from './mockScripts';
import { AFTER_RELOAD, reloadState, requestReload } from './reload';

const NEW_FILE = 'src/shapes/size.ts';
const NEW_TEXT = `export interface Size {
  width: number;
  height: number;
}
`;
/** src/main.ts as the user edits it after the apply. */
const MAIN_EDITED = `import { area } from './geometry';
import { describeRoom } from './report';

console.log(area({ width: 2, height: 3 }), describeRoom(4, 5));
// edited after the refactor
`;

function refactor(args: Record<string, unknown>): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    ...args,
  });
}

function revert(): Thenable<RevertOutcome> {
  return vscode.commands.executeCommand<RevertOutcome>('orchestra.revertLastRefactor');
}

function waitForDisk(file: string, text: string): Promise<true> {
  return waitFor(`${file} on disk`, () => readWorkspaceFile(file) === text || undefined);
}

/** Every path in the workspace folder (relative, sorted). */
function workspaceListing(): string[] {
  const root = workspaceRoot();
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** The fixture refactor plus a created file in a new folder. */
function scriptWithCreate(mock: MockAnthropic): void {
  const plan = {
    ...AREA_PLAN,
    subtasks: [
      ...AREA_PLAN.subtasks,
      { file: NEW_FILE, handler: 'create', instructions: 'Declare Size.', priority: 4 },
    ],
  };
  scriptArea(mock, {
    plan,
    worker: (file, req) =>
      file === NEW_FILE ? (toolUseReply({ file, content: NEW_TEXT })(req) as MockReply) : undefined,
  });
}

describe('Revert Last Refactor, before a window reload', () => {
  let mock: MockAnthropic;
  let api: OrchestraApi;

  before(async () => {
    api = await activateExtension();
    mock = await MockAnthropic.start();
  });
  beforeEach(async () => {
    mock.reset();
    await resetFixture();
    await useMock(mock);
  });
  after(async () => {
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await resetSettings();
    await vscode.commands.executeCommand('orchestra.clearApiKey');
    await mock.close();
  });

  it('in the same window, Revert after Apply (the notification button) puts back every file', async () => {
    scriptArea(mock);
    assert.equal((await refactor({ review: 'accept', preview: 'apply' })).status, 'applied');
    for (const [file, text] of Object.entries(AREA_AFTER)) await waitForDisk(file, text);
    const requests = mock.requests.length;
    if (hasUiDriver()) {
      await ui([{ op: 'clickButton', text: 'Revert', within: '.notifications-toasts' }]);
    } else {
      assert.equal((await revert()).status, 'reverted');
    }
    await waitFor(
      'the revert',
      () => api.logLines().some((l) => l.includes(`Orchestra reverted "${INSTRUCTION}"`)) || undefined,
    );
    for (const file of ['src/geometry.ts', 'src/report.ts', 'src/main.ts'])
      assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file]);
    assert.equal(mock.requests.length, requests, 'a revert makes no model call');
    assert.deepEqual(await revert(), {
      status: 'nothing',
      message: 'Orchestra: there is no applied refactor to revert in this folder.',
    });
  });

  it('Apply keeps its record outside the workspace; a file is edited afterwards; then the window reloads', async () => {
    scriptWithCreate(mock);
    const outcome = await refactor({ review: 'accept', preview: 'apply' });
    assert.deepEqual(outcome, {
      status: 'applied',
      files: ['src/geometry.ts', 'src/main.ts', 'src/report.ts', NEW_FILE],
    });
    for (const [file, text] of Object.entries({ ...AREA_AFTER, [NEW_FILE]: NEW_TEXT }))
      await waitForDisk(file, text);
    assert.deepEqual(workspaceListing(), [
      'src',
      'src/geometry.ts',
      'src/main.ts',
      'src/report.ts',
      'src/shapes',
      'src/shapes/size.ts',
      'tsconfig.json',
    ]);
    writeWorkspaceFile('src/main.ts', MAIN_EDITED);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    requestReload({ edited: 'src/main.ts' });
  });
});

describe(`Revert Last Refactor after a window reload ${AFTER_RELOAD}`, () => {
  before(function () {
    if (!reloadState()) this.skip();
  });

  it('runs in a new extension host that does not remember the run', async () => {
    const state = reloadState()!;
    assert.notEqual(process.pid, state.pid, 'the reload started a new extension host');
    assert.deepEqual(state.data, { edited: 'src/main.ts' });
    const api = await activateExtension();
    assert.equal(api.lastRun(), undefined);
    assert.equal(readWorkspaceFile(NEW_FILE), NEW_TEXT);
  });

  it('restores the exact texts and removes the created file; the file edited since is named and left alone', async () => {
    const outcome = await revert();
    assert.deepEqual(outcome, {
      status: 'reverted',
      restored: ['src/geometry.ts', 'src/report.ts'],
      removed: [NEW_FILE],
      left: [{ path: 'src/main.ts', why: 'changed' }],
      message:
        `Orchestra reverted "${INSTRUCTION}": restored src/geometry.ts, src/report.ts; removed ${NEW_FILE} (created by it). ` +
        'Left alone: src/main.ts (changed since the refactor was applied); Revert again once they hold what the refactor wrote.',
    });
    await waitForDisk(
      'src/geometry.ts',
      `export function area(width: number, height: number): number {
  return width * height;
}
`,
    );
    await waitForDisk(
      'src/report.ts',
      `import { area } from './geometry';

export function describeRoom(width: number, height: number): string {
  return \`room of \${area(width, height)} m2\`;
}
`,
    );
    assert.equal(readWorkspaceFile('src/main.ts'), MAIN_EDITED);
    assert.deepEqual(workspaceListing(), [
      'src',
      'src/geometry.ts',
      'src/main.ts',
      'src/report.ts',
      'tsconfig.json',
    ]);
  });

  it('refuses the edited file until it holds what the refactor wrote again, then restores it; then nothing is left', async () => {
    assert.deepEqual(await revert(), {
      status: 'refused',
      left: [{ path: 'src/main.ts', why: 'changed' }],
      message:
        'Orchestra reverted nothing: src/main.ts (changed since the refactor was applied). ' +
        'Revert again once they hold what the refactor wrote, or change them by hand.',
    });
    assert.equal(readWorkspaceFile('src/main.ts'), MAIN_EDITED);

    writeWorkspaceFile('src/main.ts', AREA_AFTER['src/main.ts']!);
    const outcome = await revert();
    assert.equal(outcome.status, 'reverted', JSON.stringify(outcome));
    await waitForDisk(
      'src/main.ts',
      `import { area } from './geometry';
import { describeRoom } from './report';

console.log(area(2, 3), describeRoom(4, 5));
`,
    );
    assert.equal((await revert()).status, 'nothing');
  });

  after(async () => {
    // Mocha runs `after` hooks of a skipped suite too: before the reload this must leave the files alone.
    if (reloadState()) await resetFixture();
  });
});
