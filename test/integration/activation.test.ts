import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/vscode/activation/commandIds';
import { activateExtension, EXTENSION_ID, waitFor } from './helpers';

interface Manifest {
  activationEvents: string[];
  contributes: { commands: Array<{ command: string; category: string }> };
}

describe('activation', () => {
  it('activates lazily: the engine (ts-morph, SDK, pipeline) loads after activation, not during', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    assert.equal(ext.isActive, false, 'nothing activates it before a command');
    const started = Date.now();
    const api = await activateExtension();
    const activationMs = Date.now() - started;
    assert.equal(api.engineLoaded(), false, 'activation must not load the engine');
    assert.ok(activationMs < 3_000, `activation took ${activationMs} ms`);
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
    assert.deepEqual(manifest.activationEvents, []);
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
