import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/vscode/activation/commandIds';
import type { OrchestraApi } from '../../src/vscode/activation/extensionApi';
import { activateExtension, EXTENSION_ID, waitFor } from './helpers';

interface Manifest {
  activationEvents: string[];
  contributes: { commands: Array<{ command: string; category: string }> };
}

describe('activation', () => {
  it('activates at start-up for the resume check alone: the engine and the pre-warm wait for the first command', async () => {
    const ext = vscode.extensions.getExtension<OrchestraApi>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    // onStartupFinished: active without any command having run (this file's tests run first).
    await waitFor('activation at start-up', () => ext.isActive || undefined, 30_000);
    const api = await activateExtension();
    assert.equal(api.engineLoaded(), false, 'activation must not load the engine');
    assert.ok(api.activationMs() < 3_000, `activation took ${api.activationMs()} ms`);
    assert.equal(await api.warmed(), false, 'no background pre-warm before a command');
    assert.equal(api.resumeOffer(), undefined, 'no interrupted run here: nothing offered');
    assert.equal(api.engineLoaded(), false);
    // The first command (a light one) starts the background pre-warm, which loads the workspace.
    assert.equal(await vscode.commands.executeCommand('orchestra.cancelRun'), false, 'nothing to cancel');
    assert.equal(await api.warmed(), true, 'the background pre-warm loads the workspace');
    assert.equal(api.engineLoaded(), true);
    assert.ok(
      api.logLines().some((l) => /Workspace pre-warmed: 3 source file\(s\)/.test(l)),
      api.logLines().join('\n'),
    );
    // Then, in idle time, the whole (small) workspace is parsed ahead within the default heap budget.
    const line = await waitFor('the background parse-ahead', () =>
      api.logLines().find((l) => l.includes('Parsed ahead')),
    );
    assert.match(line, /Parsed ahead 3 file\(s\) \([\d,]+ characters\) in \d+ ms$/);
  });

  it('registers exactly the commands package.json contributes, all in the Orchestra category', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'),
    ) as Manifest;
    // Start-up only for the resume offer; every command activates it by itself too.
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort());
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'Orchestra'));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      COMMAND_IDS.filter((id) => !registered.has(id)),
      [],
      'every contributed command is registered',
    );
  });
});
