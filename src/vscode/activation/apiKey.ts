/**
 * API keys: SecretStorage first, an environment variable as a fallback — one store per provider, each under
 * its own secret id (the Anthropic key and the OpenAI-compatible endpoint's key never mix). Never logged
 * (the logger learns a key as a secret the moment it is read).
 */
import * as vscode from 'vscode';
import type { Logger } from './log';

export type KeySource = 'secret-storage' | 'environment';

/** Which key a store holds: its secret id, its environment fallback, and how the UI names it. */
export interface KeyKind {
  secretId: string;
  envVar: string;
  /** "Anthropic API key", "OpenAI-compatible API key". */
  label: string;
  /** The Set command's title. */
  command: string;
  placeHolder: string;
}

export const ANTHROPIC_KEY: KeyKind = {
  secretId: 'orchestra.anthropicApiKey',
  envVar: 'ANTHROPIC_API_KEY',
  label: 'Anthropic API key',
  command: 'Orchestra: Set API Key',
  placeHolder: 'sk-ant-…',
};

export const OPENAI_KEY: KeyKind = {
  secretId: 'orchestra.openaiApiKey',
  envVar: 'OPENAI_API_KEY',
  label: 'OpenAI-compatible API key',
  command: 'Orchestra: Set OpenAI-Compatible API Key',
  placeHolder: 'sk-… (OpenAI, Azure, OpenRouter; a local server needs none)',
};

export class ApiKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    readonly kind: KeyKind = ANTHROPIC_KEY,
  ) {}

  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(this.kind.secretId))?.trim();
    if (stored) {
      this.log.addSecret(stored);
      return { key: stored, source: 'secret-storage' };
    }
    const env = process.env[this.kind.envVar]?.trim();
    if (env) {
      this.log.addSecret(env);
      return { key: env, source: 'environment' };
    }
    return undefined;
  }

  async set(key: string): Promise<void> {
    this.log.addSecret(key.trim());
    await this.secrets.store(this.kind.secretId, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.kind.secretId);
  }
}

/**
 * "Orchestra: Set API Key" (and its OpenAI-compatible twin). `key` (automation/tests) skips the input box.
 * Returns whether a key was stored.
 */
export async function setApiKeyCommand(store: ApiKeyStore, log: Logger, key?: unknown): Promise<boolean> {
  const { kind } = store;
  let value = typeof key === 'string' ? key : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: kind.command,
      prompt: `${kind.label} (stored in VS Code Secret Storage, never written to settings or logs)`,
      placeHolder: kind.placeHolder,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 8 ? 'That does not look like an API key.' : undefined),
    });
  }
  if (value === undefined || value.trim().length === 0) return false;
  await store.set(value);
  log.info(`${kind.label} stored in Secret Storage.`);
  const what = kind === ANTHROPIC_KEY ? 'API key' : kind.label;
  void vscode.window.showInformationMessage(`Orchestra: ${what} saved.`);
  return true;
}

export async function clearApiKeyCommand(store: ApiKeyStore, log: Logger): Promise<void> {
  const { kind } = store;
  await store.clear();
  log.info(`${kind.label} removed from Secret Storage.`);
  const env = process.env[kind.envVar] ? ` ${kind.envVar} from the environment is still used.` : '';
  const what = kind === ANTHROPIC_KEY ? 'API key' : kind.label;
  void vscode.window.showInformationMessage(`Orchestra: ${what} removed.${env}`);
}
