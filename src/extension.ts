/**
 * Wiring only: build the service graph, register the commands from one map, start the background
 * pre-warm. Nothing heavy is imported here, so activation stays near-instant.
 */
import * as vscode from 'vscode';
import { commandMap } from './vscode/activation/commands';
import { EngineLoader } from './vscode/activation/engineLoader';
import { Logger, showErrorWithLog } from './vscode/activation/log';
import { createExtensionApi, type OrchestraApi } from './vscode/activation/extensionApi';
import { Services } from './vscode/activation/services';
import { startBackgroundWork } from './vscode/activation/background';
import { offerResume } from './vscode/activation/resumeOffer';

export function activate(context: vscode.ExtensionContext): OrchestraApi | undefined {
  const log = new Logger(vscode.window.createOutputChannel('Orchestra', { log: true }));
  context.subscriptions.push(log);
  try {
    const services = new Services(context, log);
    const loader = new EngineLoader();
    context.subscriptions.push(services);
    for (const [id, handler] of Object.entries(commandMap(services, loader))) {
      context.subscriptions.push(vscode.commands.registerCommand(id, handler));
    }
    context.subscriptions.push(...startBackgroundWork(services, loader));
    offerResume(services);
    log.info(`Orchestra activated (VS Code ${vscode.version}).`);
    return createExtensionApi(services, loader);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Activation failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    showErrorWithLog(log, `Orchestra failed to start: ${message}`);
    return undefined;
  }
}

export function deactivate(): void {}
