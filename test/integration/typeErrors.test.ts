/**
 * A result with new type errors in the real workbench: the preview names them (count and list, each opening
 * its line) before Apply, and Apply asks once more — "Don't apply" writes nothing, "Apply anyway" writes.
 * The notification and the pickers are clicked by the browser driver, so these tests skip where there is none.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { type MockAnthropic, toolUseReply, type MockReply } from '../mock-anthropic/server';
import { AREA_AFTER, AREA_EDITS, FIXTURE_FILES, INSTRUCTION } from './fixture';
import { readWorkspaceFile, ui, waitFor } from './helpers';
import { scriptArea } from './mockScripts';
import { mockSuite } from './hooks';

/** Only geometry.ts is run: its new signature breaks the two callers, which the run leaves as they are. */
function refactorGeometryOnly(): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    review: 'accept',
    excludeFiles: ['src/main.ts', 'src/report.ts'],
    preview: 'keep',
  });
}

function applyPreview(): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.applyPreview');
}

describe('preview of a result with new type errors (UI)', function () {
  this.retries(2);
  const suite = mockSuite({ ui: true, closeUi: true });
  let mock: MockAnthropic;
  let api: OrchestraApi;
  before(() => {
    mock = suite.mock;
    api = suite.api;
  });

  it('lists the errors before Apply, each opening its line; Apply asks: "Don\'t apply" writes nothing, "Apply anyway" writes', async () => {
    scriptArea(mock);
    assert.deepEqual(await refactorGeometryOnly(), { status: 'previewed', files: ['src/geometry.ts'] });
    const run = api.lastRun()!;
    assert.deepEqual(
      run.diagnostics.introduced.map((d) => `${d.file}:${d.line} TS${d.code} ${d.message}`),
      [
        'src/main.ts:4 TS2554 Expected 1 arguments, but got 2.',
        'src/report.ts:4 TS2554 Expected 1 arguments, but got 2.',
      ],
    );
    assert.equal(run.verdict.kind, 'type-errors');

    await ui([
      {
        op: 'waitFor',
        selector: '.notifications-toasts',
        text: '1 file(s) changed — 2 new type errors',
        timeoutMs: 30_000,
      },
      { op: 'clickButton', text: 'Show Problems', within: '.notifications-toasts' },
      { op: 'waitFor', selector: '.quick-input-title', text: 'problems in the previewed result' },
      { op: 'waitFor', selector: '.quick-input-list .monaco-list-row', text: 'src/main.ts:4' },
      {
        op: 'waitFor',
        selector: '.quick-input-list .monaco-list-row',
        text: 'Expected 1 arguments, but got 2.',
      },
      { op: 'screenshot', name: 'type-errors' },
      { op: 'clickRow', text: 'src/report.ts:4' },
    ]);
    const editor = await waitFor('report.ts opened at its error', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith('/src/report.ts') && e.selection.active.line === 3 ? e : undefined;
    });
    // report.ts is not part of the result, so its line opens in the workspace file itself.
    assert.equal(editor.document.uri.scheme, 'file');

    const declined = applyPreview();
    await ui([
      {
        op: 'waitFor',
        selector: '.quick-input-title',
        text: 'the result has 2 new type errors. Apply it anyway?',
      },
      { op: 'waitFor', selector: '.quick-input-list .monaco-list-row', text: 'src/main.ts:4' },
      { op: 'screenshot', name: 'apply-with-type-errors' },
      { op: 'clickRow', text: "Don't apply" },
    ]);
    const kept = await declined;
    assert.equal(kept.status, 'kept', JSON.stringify(kept));
    assert.equal(api.hasPreview(), true, 'the preview stays open');
    for (const file of Object.keys(FIXTURE_FILES)) assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file]);

    const confirmed = applyPreview();
    await ui([
      { op: 'waitFor', selector: '.quick-input-title', text: 'Apply it anyway?' },
      { op: 'clickRow', text: 'Apply anyway' },
    ]);
    assert.deepEqual(await confirmed, { status: 'applied', files: ['src/geometry.ts'] });
    await waitFor(
      'geometry.ts on disk',
      () => readWorkspaceFile('src/geometry.ts') === AREA_AFTER['src/geometry.ts'],
    );
    assert.equal(readWorkspaceFile('src/main.ts'), FIXTURE_FILES['src/main.ts']);
    assert.equal(readWorkspaceFile('src/report.ts'), FIXTURE_FILES['src/report.ts']);
    assert.equal(api.hasPreview(), false);
  });

  it('an unchanged file with its reason and an out-of-scope hunk are listed with the preview too', async () => {
    scriptArea(mock, {
      worker: (file, req) => {
        if (file === 'src/main.ts')
          return toolUseReply({ file, edits: [], notes: 'main only prints the area' })(req) as MockReply;
        if (file !== 'src/geometry.ts') return undefined;
        const edits = [...AREA_EDITS[file]!.edits, { search: '}\n', replace: '}\n// TODO: tidy this up\n' }];
        return toolUseReply({ file, edits })(req) as MockReply;
      },
    });
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: INSTRUCTION,
      review: 'accept',
      preview: 'keep',
    });
    assert.deepEqual(outcome, { status: 'previewed', files: ['src/geometry.ts', 'src/report.ts'] });
    const run = api.lastRun()!;
    assert.deepEqual(run.outOfScope, [
      {
        subtask: 'src/geometry.ts',
        file: 'src/geometry.ts',
        line: 4,
        removed: [],
        added: ['// TODO: tidy this up'],
        dropped: false,
      },
    ]);
    await ui([
      {
        op: 'waitFor',
        selector: '.notifications-toasts',
        text: '1 new type error, 1 subtask not done, 1 out-of-scope hunk kept',
        timeoutMs: 30_000,
      },
      { op: 'clickButton', text: 'Show Problems', within: '.notifications-toasts' },
      { op: 'waitFor', selector: '.quick-input-list .monaco-list-row', text: 'main only prints the area' },
      {
        op: 'waitFor',
        selector: '.quick-input-list .monaco-list-row',
        text: 'src/geometry.ts:4 out of scope (kept)',
      },
      { op: 'screenshot', name: 'preview-problems' },
      { op: 'press', key: 'Escape' },
    ]);
  });
});
