/**
 * Wiring only: build the service graph, register the commands from one map, offer to resume an interrupted
 * run. The extension activates at start-up (`onStartupFinished`) for that offer alone; the background pre-warm
 * starts with the first command. Nothing heavy is imported here, so activation stays near-instant.
 */
import * as vscode from 'vscode';
import { commandMap } from './vscode/activation/commands';
import { EngineLoader } from './vscode/activation/engineLoader';
import { Logger, showErrorWithLog } from './vscode/activation/log';
import { createExtensionApi, type OrchestraApi } from './vscode/activation/extensionApi';
import { Services } from './vscode/activation/services';
import { startBackgroundWork } from './vscode/activation/background';
import { startOnFirstCommand } from './vscode/activation/firstUse';
import { offerResume } from './vscode/activation/resumeOffer';

export function activate(context: vscode.ExtensionContext): OrchestraApi | undefined {
  const log = new Logger(vscode.window.createOutputChannel('Orchestra', { log: true }));
  context.subscriptions.push(log);
  try {
    const started = Date.now();
    const services = new Services(context, log);
    const loader = new EngineLoader();
    context.subscriptions.push(services);
    const firstUse = startOnFirstCommand(services, () =>
      context.subscriptions.push(...startBackgroundWork(services, loader)),
    );
    for (const [id, handler] of Object.entries(commandMap(services, loader))) {
      context.subscriptions.push(vscode.commands.registerCommand(id, firstUse(handler)));
    }
    context.subscriptions.push(offerResume(services, loader));
    log.info(`Orchestra activated (VS Code ${vscode.version}).`);
    return createExtensionApi(services, loader, Date.now() - started);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Activation failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    showErrorWithLog(log, `Orchestra failed to start: ${message}`);
    return undefined;
  }
}

export function deactivate(): void {}
