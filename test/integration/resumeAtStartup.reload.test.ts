/**
 * The resume offer at start-up: a run journal left unfinished in the extension's global storage is offered as
 * soon as the window opens (the extension activates on `onStartupFinished`), before any command, without the
 * engine. The journal is written at the very end of the first pass (a root `after` hook, so that no later test's
 * run clears it; only when a test asked for the window reload), and the pass after the reload looks for the
 * offer first thing: this file sorts before revert.reload.test.ts, whose tests run commands.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { RunConfigSchema } from '../../src/core/config';
import { startNewJournal } from '../../src/core/journal/journalFile';
import { PlanSchema } from '../../src/core/plan/planSchema';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import { AREA_PLAN, INSTRUCTION } from './fixture';
import { EXTENSION_ID, hasUiDriver, ui, waitFor, workspaceRoot } from './helpers';
import { AFTER_RELOAD, reloadRequested, reloadState } from './reload';

/** The journal's name: the first pass wrote it; the host after the reload knows it only from here. */
const NAME = '000000000000001-interrupted-before-reload.jsonl';

function api(): OrchestraApi {
  const ext = vscode.extensions.getExtension<OrchestraApi>(EXTENSION_ID);
  if (!ext?.isActive) throw new Error(`${EXTENSION_ID} is not active`);
  return ext.exports;
}

function journalFile(dir: string): string {
  return path.join(dir, NAME);
}

after(function () {
  // Root hook: after every test of the first pass, and only when the window is about to reload.
  if (reloadState() || !reloadRequested()) return;
  const dir = api().journalDir();
  assert.ok(dir, 'the window has a folder');
  const journal = startNewJournal(dir, {
    root: fs.realpathSync(workspaceRoot()),
    instruction: INSTRUCTION,
    config: RunConfigSchema.parse({}),
    spent: [],
  });
  // The header as a run writes it when its workers start; no subtask finished, no `finished` line.
  journal.sink.begin?.(PlanSchema.parse(AREA_PLAN));
  fs.renameSync(journal.file, journalFile(dir));
});

describe(`Resume offered at start-up ${AFTER_RELOAD}`, () => {
  before(function () {
    if (!reloadState()) this.skip();
  });

  it('a journal left in global storage is offered when the window opens: no command run, no engine loaded', async () => {
    const ext = vscode.extensions.getExtension<OrchestraApi>(EXTENSION_ID);
    assert.ok(ext);
    await waitFor('activation at start-up', () => ext.isActive || undefined, 30_000);
    const orchestra = api();
    const dir = orchestra.journalDir();
    assert.ok(dir);
    const file = journalFile(dir);
    const offer = await waitFor('the resume offer', () => orchestra.resumeOffer(), 30_000);
    assert.deepEqual(offer, { file, instruction: INSTRUCTION, engineLoaded: false, commandsRun: 0 });
    assert.equal(orchestra.engineLoaded(), false, 'nothing has loaded the engine since');
    assert.ok(
      orchestra
        .logLines()
        .some((l) => l.endsWith(`An interrupted refactor ("${INSTRUCTION}") can be resumed: ${file}`)),
      orchestra.logLines().join('\n'),
    );
    if (!hasUiDriver()) {
      fs.rmSync(file);
      return;
    }
    await ui([
      {
        op: 'waitFor',
        selector: '.notifications-toasts',
        text: 'a refactoring in this folder was interrupted',
      },
      { op: 'present', selector: '.notifications-toasts', texts: [INSTRUCTION, 'Resume', 'Discard'] },
      { op: 'clickButton', text: 'Discard', within: '.notifications-toasts' },
    ]);
    await waitFor('the journal discarded', () => !fs.existsSync(file) || undefined);
    assert.ok(
      orchestra.logLines().some((l) => l.endsWith(`Discarded the interrupted refactor's journal: ${file}`)),
    );
    assert.equal(orchestra.engineLoaded(), false, 'Discard loads no engine either');
  });
});
