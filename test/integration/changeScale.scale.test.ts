/**
 * The Orchestra Changes view at 1,000 files, in the real workbench: one deterministic rename (no model call)
 * of a name 999 generated modules import makes a 1,000-file result. Measured and printed: the run's end → the
 * view's rows shown, expanding one file, unticking one hunk (until the file row says so), Apply of all 1,000
 * (until every file on disk is as expected), then Revert Last Refactor of all 1,000. The bounds are generous
 * on purpose — a quiet machine meets them with a wide margin, so a failure means the view, Apply or Revert got
 * slower by a lot, not a busy machine. On a quiet machine (2 cores) the figures were rows 1.0–4.4 s, expand
 * 0.6 s, tick 0.5 s, Apply 20–25 s and Revert 12–25 s on VS Code 1.100 (Apply 39 s on 1.139); at load 12,
 * rows 1.9 s, expand 2.2 s and Apply 41 s, of which 38 s were VS Code applying the WorkspaceEdit (each file's
 * model opened, edited and auto-saved; the stale check and the reads took 1 s, where opening every document
 * first had taken 42 s and the revert record 60 s). A `.scale` file runs after the others (reload.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import type { RevertOutcome } from '../../src/vscode/preview/revertFlow';
import type { RefactorOutcome } from '../../src/vscode/refactor/refactorFlow';
import { type MockAnthropic } from '../mock-anthropic/server';
import { isPlan } from '../support/mockRequests';
import { note, ui, waitFor, workspaceRoot, writeWorkspaceFile } from './helpers';
import { scriptArea, workerRequests } from './mockScripts';
import { mockSuite } from './hooks';

const SIDEBAR = '.part.sidebar';
const ROW = `${SIDEBAR} .monaco-list-row`;
const CHECKBOX = '.custom-view-tree-node-item-checkbox';
/** 999 importers and the file declaring the name: a 1,000-file result. */
const IMPORTERS = 999;

const BASE = 'src/scale/base.ts';
const BASE_BEFORE = 'export const scaleBase = 1;\n';
const BASE_AFTER = 'export const scaleRoot = 1;\n';
const moduleFile = (i: number): string => `src/scale/m${String(i).padStart(4, '0')}.ts`;
/** Two changed lines with one unchanged between: every module's change is two hunks. */
const moduleText = (i: number, name: string, first = name): string =>
  `import { ${first} } from './base';\n\nexport const first${i} = ${name} + ${i};\n`;

/** Bounds (ms) a quiet machine meets several times over; measured figures are printed beside them. */
const BOUNDS = { rows: 10_000, expand: 5_000, tick: 5_000, apply: 90_000, revert: 90_000 };

describe('the Changes view at 1,000 files (UI): rows, expand, tick, Apply and Revert measured', function () {
  this.timeout(600_000);
  const suite = mockSuite({ ui: true, resetFixtureAfter: true });
  let mock: MockAnthropic;
  let api: OrchestraApi;
  before(() => {
    mock = suite.mock;
    api = suite.api;
  });

  it('a 1,000-file rename: rows shown, one file expanded, one hunk unticked, Apply writes all 1,000, Revert puts them back', async () => {
    writeWorkspaceFile(BASE, BASE_BEFORE);
    for (let i = 0; i < IMPORTERS; i++) writeWorkspaceFile(moduleFile(i), moduleText(i, 'scaleBase'));
    await vscode.commands.executeCommand('orchestra.reloadWorkspace');
    scriptArea(mock, {
      plan: {
        summary: 'scaleBase is called scaleRoot.',
        subtasks: [
          {
            file: BASE,
            handler: 'rename',
            instructions: 'Rename scaleBase to scaleRoot.',
            priority: 5,
            rename: { from: 'scaleBase', to: 'scaleRoot' },
          },
        ],
      },
    });
    const before = api.lastRun();
    const pending = vscode.commands.executeCommand<RefactorOutcome>('orchestra.refactor', {
      instruction: 'rename scaleBase to scaleRoot',
      review: 'accept',
      preview: 'keep',
    });
    // The driver watches for the rows before the run ends; the run's end is when its result is recorded.
    let finishedAt = 0;
    const finished = waitFor(
      'the run to finish',
      () => {
        if (api.lastRun() === before) return undefined;
        finishedAt ||= Date.now();
        return true;
      },
      300_000,
    );
    await ui([{ op: 'waitFor', selector: ROW, text: moduleFile(0), timeoutMs: 300_000 }], 310_000);
    const rowsAt = Date.now();
    await finished;
    const outcome = await pending;
    assert.equal(outcome.status, 'previewed');
    assert.equal(outcome.status === 'previewed' && outcome.files.length, IMPORTERS + 1);
    assert.equal(mock.requests.filter(isPlan).length, 1);
    assert.equal(workerRequests(mock).length, 0, 'a rename makes no model call');
    await ui([
      { op: 'present', selector: ROW, texts: [moduleFile(0), 'changed by src/scale/base.ts', '+2 −2'] },
    ]);

    // Above 20 files the rows start collapsed: expanding one diffs that file and shows its two hunks.
    const expandStart = Date.now();
    await ui([
      { op: 'clickInListRow', within: SIDEBAR, row: moduleFile(0), selector: '.monaco-tl-twistie' },
      { op: 'waitFor', selector: ROW, text: 'export const first0 = scaleRoot + 0;' },
    ]);
    const expandMs = Date.now() - expandStart;
    await ui([{ op: 'present', selector: ROW, texts: ["import { scaleRoot } from './base';", '+1 −1'] }]);

    // Unticking a hunk reaches the extension and comes back as the file row's text.
    const tickStart = Date.now();
    await ui([
      {
        op: 'clickInListRow',
        within: SIDEBAR,
        row: 'export const first0 = scaleRoot + 0;',
        selector: CHECKBOX,
      },
      { op: 'waitFor', selector: ROW, text: '1 of 2 hunks ticked' },
    ]);
    const tickMs = Date.now() - tickStart;
    await ui([{ op: 'present', selector: ROW, texts: [moduleFile(0), '1 of 2 hunks ticked'] }]);

    // Apply: every file as ticked, on disk (the unticked hunk left out of m0000.ts).
    const expected = new Map<string, string>([[BASE, BASE_AFTER]]);
    for (let i = 0; i < IMPORTERS; i++) expected.set(moduleFile(i), moduleText(i, 'scaleRoot'));
    expected.set(moduleFile(0), moduleText(0, 'scaleBase', 'scaleRoot'));
    const root = workspaceRoot();
    const onDisk = (): number =>
      [...expected].filter(([file, text]) => fs.readFileSync(path.join(root, file), 'utf8') === text).length;
    const applyStart = Date.now();
    const applied = await vscode.commands.executeCommand<{ status: string; files?: string[] }>(
      'orchestra.applyPreview',
    );
    const appliedAt = Date.now();
    await waitFor('every file on disk', () => onDisk() === expected.size || undefined, 120_000);
    const writtenAt = Date.now();
    assert.deepEqual(
      { status: applied.status, files: [...(applied.files ?? [])].sort() },
      { status: 'applied', files: [...expected.keys()].sort() },
      'Apply reports all 1,000 files',
    );
    assert.equal(onDisk(), IMPORTERS + 1);
    const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
    assert.equal(read(BASE), 'export const scaleRoot = 1;\n');
    assert.equal(
      read(moduleFile(0)),
      "import { scaleRoot } from './base';\n\nexport const first0 = scaleBase + 0;\n",
    );
    assert.equal(
      read(moduleFile(1)),
      "import { scaleRoot } from './base';\n\nexport const first1 = scaleRoot + 1;\n",
    );
    assert.equal(
      read(moduleFile(998)),
      "import { scaleRoot } from './base';\n\nexport const first998 = scaleRoot + 998;\n",
    );
    assert.equal(api.hasPreview(), false, 'Apply closed the preview');

    // Revert Last Refactor puts all 1,000 back, from the record Apply kept (read from disk, not reopened).
    const revertStart = Date.now();
    const reverted = await vscode.commands.executeCommand<RevertOutcome>('orchestra.revertLastRefactor');
    const revertMs = Date.now() - revertStart;
    assert.equal(reverted.status, 'reverted');
    assert.equal(reverted.status === 'reverted' && reverted.restored.length, IMPORTERS + 1);
    assert.deepEqual(reverted.status === 'reverted' && reverted.left, []);
    await waitFor(
      'every file back on disk',
      () => {
        if (read(BASE) !== BASE_BEFORE) return undefined;
        for (let i = 0; i < IMPORTERS; i++)
          if (read(moduleFile(i)) !== moduleText(i, 'scaleBase')) return undefined;
        return true;
      },
      120_000,
    );
    const revertedMs = Date.now() - revertStart;

    const figures = {
      rows: rowsAt - finishedAt,
      expand: expandMs,
      tick: tickMs,
      apply: writtenAt - applyStart,
      revert: revertedMs,
    };
    const measured =
      `1,000 files: run finished → rows shown ${figures.rows} ms, expand one file ${figures.expand} ms, ` +
      `untick one hunk ${figures.tick} ms, Apply ${figures.apply} ms (the command returned after ` +
      `${appliedAt - applyStart} ms, every file on disk ${writtenAt - applyStart} ms), Revert ` +
      `${figures.revert} ms (the command returned after ${revertMs} ms); bounds ` +
      `${BOUNDS.rows} / ${BOUNDS.expand} / ${BOUNDS.tick} / ${BOUNDS.apply} / ${BOUNDS.revert} ms`;
    note(measured);
    assert.ok(figures.rows <= BOUNDS.rows, measured);
    assert.ok(figures.expand <= BOUNDS.expand, measured);
    assert.ok(figures.tick <= BOUNDS.tick, measured);
    assert.ok(figures.apply <= BOUNDS.apply, measured);
    assert.ok(figures.revert <= BOUNDS.revert, measured);
  });
});
