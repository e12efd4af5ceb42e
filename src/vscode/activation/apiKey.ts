/**
 * The Anthropic API key: SecretStorage first, ANTHROPIC_API_KEY as a fallback. Never logged (the logger
 * learns the key as a secret the moment it is read).
 */
import * as vscode from 'vscode';
import type { Logger } from './log';

const SECRET_KEY = 'orchestra.anthropicApiKey';

export type KeySource = 'secret-storage' | 'environment';

export class ApiKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {}

  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(SECRET_KEY))?.trim();
    if (stored) {
      this.log.addSecret(stored);
      return { key: stored, source: 'secret-storage' };
    }
    const env = process.env.ANTHROPIC_API_KEY?.trim();
    if (env) {
      this.log.addSecret(env);
      return { key: env, source: 'environment' };
    }
    return undefined;
  }

  async set(key: string): Promise<void> {
    this.log.addSecret(key.trim());
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }
}

/**
 * "Orchestra: Set API Key". `key` (automation/tests) skips the input box.
 * Returns whether a key was stored.
 */
export async function setApiKeyCommand(store: ApiKeyStore, log: Logger, key?: unknown): Promise<boolean> {
  let value = typeof key === 'string' ? key : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: 'Orchestra: Set API Key',
      prompt: 'Anthropic API key (stored in VS Code Secret Storage, never written to settings or logs)',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 8 ? 'That does not look like an API key.' : undefined),
    });
  }
  if (value === undefined || value.trim().length === 0) return false;
  await store.set(value);
  log.info('API key stored in Secret Storage.');
  void vscode.window.showInformationMessage('Orchestra: API key saved.');
  return true;
}

export async function clearApiKeyCommand(store: ApiKeyStore, log: Logger): Promise<void> {
  await store.clear();
  log.info('API key removed from Secret Storage.');
  const env = process.env.ANTHROPIC_API_KEY ? ' ANTHROPIC_API_KEY from the environment is still used.' : '';
  void vscode.window.showInformationMessage(`Orchestra: API key removed.${env}`);
}
