/** The multi-file diff tab closes after Apply and Discard; a plan the review left unchanged is not re-estimated. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PREVIEW_SCHEME } from '../../src/vscode/preview/preview';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { type MockAnthropic } from '../mock-anthropic/server';
import { INSTRUCTION } from './fixture';
import { waitFor } from './helpers';
import { scriptArea, workerRequests } from './mockScripts';
import { mockSuite } from './hooks';

const TITLE = `Orchestra: ${INSTRUCTION}`;

function refactor(args: Record<string, unknown>): Thenable<RefactorOutcome> {
  return vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
    instruction: INSTRUCTION,
    ...args,
  });
}

/** Every tab that shows the preview, by its label or by any orchestra-preview URI it holds. */
function previewTabs(): vscode.Tab[] {
  const uris = (input: unknown): vscode.Uri[] => {
    if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
    if (input instanceof vscode.TabInputText) return [input.uri];
    const diffs = (input as { textDiffs?: vscode.TabInputTextDiff[] } | undefined)?.textDiffs ?? [];
    return diffs.flatMap((d) => [d.original, d.modified]);
  };
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.label.startsWith(TITLE) || uris(t.input).some((u) => u.scheme === PREVIEW_SCHEME));
}

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
}

describe('preview tabs and the reviewed estimate (mock Messages API)', () => {
  const suite = mockSuite();
  let mock: MockAnthropic;
  before(() => {
    mock = suite.mock;
  });

  it('the multi-file diff tab ("<title> (N files)") is closed after Apply', async () => {
    scriptArea(mock);
    assert.equal((await refactor({ review: 'accept', preview: 'keep' })).status, 'previewed');
    const open = await waitFor('the diff tab', () => (previewTabs().length > 0 ? previewTabs() : undefined));
    assert.deepEqual(
      open.map((t) => t.label),
      [`${TITLE} (3 files)`],
    );
    const decision = await vscode.commands.executeCommand<RefactorOutcome>('orchestra.applyPreview');
    assert.equal(decision.status, 'applied');
    assert.deepEqual(previewTabs(), [], `tabs left: ${tabLabels().join(', ')}`);
  });

  it('the multi-file diff tab is closed after Discard', async () => {
    scriptArea(mock);
    await refactor({ review: 'accept', preview: 'keep' });
    await waitFor('the diff tab', () => previewTabs().length === 1 || undefined);
    await vscode.commands.executeCommand('orchestra.discardPreview');
    await waitFor(
      `the diff tab to close (tabs: ${tabLabels().join(', ')})`,
      () => previewTabs().length === 0 || undefined,
      5_000,
    );
  });

  it('a plan the review left unchanged is estimated once: one token count per worker, none after the review', async () => {
    scriptArea(mock);
    const outcome = await refactor({ review: 'accept', preview: 'discard' });
    assert.equal(outcome.status, 'discarded');
    assert.equal(workerRequests(mock).length, 3);
    assert.equal(mock.countTokensRequests.length, 3);
  });

  it('a plan the review changed is estimated again: its workers are counted a second time', async () => {
    scriptArea(mock);
    await refactor({ review: 'accept', preview: 'discard', excludeFiles: ['src/main.ts'] });
    assert.equal(workerRequests(mock).length, 2);
    assert.equal(mock.countTokensRequests.length, 3 + 2);
  });
});
