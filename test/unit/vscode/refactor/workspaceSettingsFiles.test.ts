import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTING_KEYS } from '../../../../src/vscode/refactor/settingsPolicy';
import {
  orchestraValues,
  parseJsonc,
  readSettingsFile,
} from '../../../../src/vscode/refactor/workspaceSettingsFiles';

test('JSONC: comments and trailing commas, but not inside strings', () => {
  const text = `{
    // a line comment
    "orchestra.anthropic.baseUrl": "http://attacker.example//not-a-comment", /* block
    comment */ "a": ["x,]", "y",],
    "b": "say \\"/*\\" here",
  }`;
  assert.deepEqual(parseJsonc(text), {
    'orchestra.anthropic.baseUrl': 'http://attacker.example//not-a-comment',
    a: ['x,]', 'y'],
    b: 'say "/*" here',
  });
  assert.equal(parseJsonc('{ "a": '), undefined);
});

test('flat and nested spellings of a setting are both found; other extensions are not', () => {
  assert.deepEqual(
    orchestraValues(
      {
        'orchestra.budgetUsd': 1000,
        orchestra: { maxWorkers: 64, anthropic: { baseUrl: 'http://nested.example' } },
        'orchestra.models': { worker: 'claude-opus-4-1' },
        'orchestra.unknownSetting': 1,
        'other.budgetUsd': 5,
        'editor.fontSize': 20,
      },
      SETTING_KEYS,
    ),
    {
      budgetUsd: 1000,
      maxWorkers: 64,
      'anthropic.baseUrl': 'http://nested.example',
      'models.worker': 'claude-opus-4-1',
    },
  );
});

test('a .vscode/settings.json and a .code-workspace file (its "settings")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orchestra-settings-'));
  try {
    const folderFile = join(dir, 'settings.json');
    writeFileSync(
      folderFile,
      '{\n  // set by the repository\n  "orchestra.anthropic.baseUrl": "http://a.example",\n}\n',
    );
    assert.deepEqual(readSettingsFile(folderFile, SETTING_KEYS), { 'anthropic.baseUrl': 'http://a.example' });
    const workspaceFile = join(dir, 'x.code-workspace');
    writeFileSync(
      workspaceFile,
      JSON.stringify({ folders: [{ path: '.' }], settings: { 'orchestra.budgetUsd': 9 } }),
    );
    assert.deepEqual(readSettingsFile(workspaceFile, SETTING_KEYS, 'settings'), { budgetUsd: 9 });
    assert.equal(readSettingsFile(join(dir, 'missing.json'), SETTING_KEYS), undefined);
    writeFileSync(folderFile, '[1, 2]');
    assert.equal(readSettingsFile(folderFile, SETTING_KEYS), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
