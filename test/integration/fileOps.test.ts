/**
 * A plan with a move and a delete in a real VS Code: the preview shows the move as a rename with its changes
 * and the delete against an empty text, Apply is ONE WorkspaceEdit (renameFile, deleteFile, text edits), and
 * one `undo` puts every file back on disk. No worker runs: both steps are deterministic.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { PREVIEW_SCHEME } from '../../src/vscode/preview/preview';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { FIXTURE_FILES } from './fixture';
import { readWorkspaceFile, waitFor, workspaceRoot } from './helpers';
import { mockSuite } from './hooks';
import { isEditCall, isPlan } from '../support/mockRequests';
import { scriptArea } from './mockScripts';

const PLAN = {
  summary: 'geometry moves to src/shapes; the unused entry point goes.',
  subtasks: [
    {
      file: 'src/geometry.ts',
      handler: 'move',
      to: 'src/shapes/geometry.ts',
      instructions: 'Move geometry into shapes.',
      priority: 10,
    },
    { file: 'src/main.ts', handler: 'delete', instructions: 'Nothing imports it.', priority: 5 },
  ],
};

const REPORT_AFTER = FIXTURE_FILES['src/report.ts']!.replace("'./geometry'", "'./shapes/geometry'");

function exists(file: string): boolean {
  return fs.existsSync(path.join(workspaceRoot(), file));
}

/** The diffs of the open multi-file diff tabs, as `original → modified` URI strings. */
function multiDiffPairs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .flatMap((t) => {
      const input = t.input as { textDiffs?: vscode.TabInputTextDiff[] } | undefined;
      return (input?.textDiffs ?? []).map((d) => `${d.original.toString()} → ${d.modified.toString()}`);
    });
}

describe('file operations: a move and a delete preview, apply as one edit, and undo in one step', () => {
  const suite = mockSuite();

  it('previews the rename and the deletion, applies them, and one undo restores every file on disk', async () => {
    const { mock, api } = suite;
    scriptArea(mock, { plan: PLAN });
    const kept = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: 'move geometry to src/shapes and delete the unused main.ts',
      review: 'accept',
      preview: 'keep',
    });
    const FILES = ['src/main.ts', 'src/report.ts', 'src/shapes/geometry.ts'];
    assert.deepEqual(kept, { status: 'previewed', files: FILES });
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.equal(mock.requests.filter(isEditCall).length, 0, 'no worker: both steps are deterministic');
    const run = api.lastRun()!;
    assert.deepEqual(
      run.changes.map((c) => [c.file, c.movedFrom ?? null, c.deleted ?? false]),
      [
        ['src/main.ts', null, true],
        ['src/report.ts', null, false],
        ['src/shapes/geometry.ts', 'src/geometry.ts', false],
      ],
    );

    // The moved file: its old path on disk against the new path's text; the deleted one against empty.
    const root = vscode.Uri.file(workspaceRoot());
    const pairs = await waitFor('the multi-file diff', () => {
      const found = multiDiffPairs();
      return found.length >= 3 ? found : undefined;
    });
    const geometryPair = pairs.find((p) => p.includes('shapes/geometry.ts'));
    assert.ok(
      geometryPair?.startsWith(`${vscode.Uri.joinPath(root, 'src/geometry.ts').toString()} → `),
      geometryPair,
    );
    const after = (file: string): vscode.Uri =>
      vscode.Uri.parse(pairs.find((p) => p.includes(`/${file}?`))!.split(' → ')[1]!);
    assert.equal(after('src/shapes/geometry.ts').scheme, PREVIEW_SCHEME);
    assert.equal(
      (await vscode.workspace.openTextDocument(after('src/shapes/geometry.ts'))).getText(),
      FIXTURE_FILES['src/geometry.ts'],
    );
    assert.equal((await vscode.workspace.openTextDocument(after('src/main.ts'))).getText(), '');

    const decision = await vscode.commands.executeCommand('orchestra.applyPreview');
    assert.deepEqual(decision, { status: 'applied', files: FILES });
    await waitFor('the move and the delete on disk', () =>
      !exists('src/geometry.ts') && !exists('src/main.ts') && exists('src/shapes/geometry.ts')
        ? true
        : undefined,
    );
    await waitFor('report.ts saved', () => readWorkspaceFile('src/report.ts') === REPORT_AFTER || undefined);
    assert.equal(readWorkspaceFile('src/shapes/geometry.ts'), FIXTURE_FILES['src/geometry.ts']);

    // One undo step takes back the rename, the delete and the text edit together.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'src/report.ts'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () =>
      exists('src/geometry.ts') && exists('src/main.ts') && !exists('src/shapes/geometry.ts')
        ? true
        : undefined,
    );
    await waitFor('report.ts undone', () => doc.getText() === FIXTURE_FILES['src/report.ts'] || undefined);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await waitFor(
      'report.ts on disk',
      () => readWorkspaceFile('src/report.ts') === FIXTURE_FILES['src/report.ts'] || undefined,
    );
    for (const file of ['src/geometry.ts', 'src/main.ts', 'src/report.ts'])
      assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file], file);
  });

  it('Revert Last Refactor puts the moved and the deleted file back from its record', async () => {
    const { mock } = suite;
    scriptArea(mock, { plan: PLAN });
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: 'move geometry to src/shapes and delete the unused main.ts',
      review: 'accept',
      preview: 'apply',
    });
    assert.deepEqual(outcome, {
      status: 'applied',
      files: ['src/main.ts', 'src/report.ts', 'src/shapes/geometry.ts'],
    });
    await waitFor('report.ts saved', () => readWorkspaceFile('src/report.ts') === REPORT_AFTER || undefined);
    const reverted = await vscode.commands.executeCommand<{
      status: string;
      restored: string[];
      removed: string[];
    }>('orchestra.revertLastRefactor');
    assert.equal(reverted.status, 'reverted');
    assert.deepEqual(reverted.restored, ['src/main.ts', 'src/report.ts', 'src/geometry.ts']);
    assert.deepEqual(reverted.removed, ['src/shapes/geometry.ts']);
    await waitFor('the files back', () =>
      exists('src/geometry.ts') && exists('src/main.ts') && !exists('src/shapes/geometry.ts')
        ? true
        : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await waitFor(
      'report.ts on disk',
      () => readWorkspaceFile('src/report.ts') === FIXTURE_FILES['src/report.ts'] || undefined,
    );
    for (const file of ['src/geometry.ts', 'src/main.ts', 'src/report.ts'])
      assert.equal(readWorkspaceFile(file), FIXTURE_FILES[file], file);
  });
});
