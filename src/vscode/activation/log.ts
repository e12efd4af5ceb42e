/**
 * The "Orchestra" log. Everything a run does goes here, passed through secret redaction first so the
 * API key can never reach the channel. Recent lines are kept in memory for the extension's test API.
 */
import * as vscode from 'vscode';
import { redactSecrets } from '../../core/llm/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const KEEP_LINES = 2_000;

export class Logger implements vscode.Disposable {
  private readonly secrets = new Set<string>();
  private readonly recent: string[] = [];

  constructor(private readonly channel: vscode.LogOutputChannel) {}

  /** Registers a value that must never be written (the API key). */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  log(level: LogLevel, message: string): void {
    const text = this.redact(message);
    this.recent.push(`[${level}] ${text}`);
    if (this.recent.length > KEEP_LINES) this.recent.splice(0, this.recent.length - KEEP_LINES);
    if (level === 'debug') this.channel.debug(text);
    else if (level === 'info') this.channel.info(text);
    else if (level === 'warn') this.channel.warn(text);
    else this.channel.error(text);
  }

  debug(message: string): void {
    this.log('debug', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  error(message: string): void {
    this.log('error', message);
  }

  show(): void {
    this.channel.show(true);
  }

  lines(): string[] {
    return [...this.recent];
  }

  redact(text: string): string {
    return redactSecrets(text, [...this.secrets]);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/**
 * The one way to show an error: logged (unless the caller already did), shown, and "Show Log" opens the channel.
 * Not awaited: the caller's flow must not wait on a notification the user may never dismiss.
 */
export function showErrorWithLog(log: Logger, message: string, options: { logged?: boolean } = {}): void {
  if (options.logged !== true) log.error(message);
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show();
  });
}
