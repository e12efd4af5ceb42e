/**
 * The command map extension.ts registers in a loop. Handlers stay thin: anything beyond a few lines
 * lives in the engine, loaded on first use.
 */
import { clearApiKeyCommand, setApiKeyCommand } from './apiKey';
import type { CommandId } from './commandIds';
import type { EngineLoader } from './engineLoader';
import type { Services } from './services';

export type CommandHandler = (...args: unknown[]) => unknown;

export function commandMap(services: Services, loader: EngineLoader): Record<CommandId, CommandHandler> {
  const engine = (): ReturnType<EngineLoader['load']> => loader.load();
  return {
    'orchestra.refactor': async (...args) => (await engine()).refactorCommand(services, args),
    'orchestra.refactorSymbol': async () => (await engine()).refactorSymbolCommand(services),
    'orchestra.applyPreview': async () => (await engine()).applyPreviewCommand(services),
    'orchestra.discardPreview': async () => (await engine()).discardPreviewCommand(services),
    'orchestra.revertLastRefactor': async () => (await engine()).revertLastRefactorCommand(services),
    'orchestra.resume': async (...args) => (await engine()).resumeCommand(services, args),
    'orchestra.cancelRun': () => services.cancelRun(),
    'orchestra.showLastRun': async () => (await engine()).showLastRunCommand(services),
    'orchestra.setApiKey': (key) => setApiKeyCommand(services.keys, services.log, key),
    'orchestra.clearApiKey': () => clearApiKeyCommand(services.keys, services.log),
    'orchestra.setOpenAIApiKey': (key) => setApiKeyCommand(services.openaiKeys, services.log, key),
    'orchestra.clearOpenAIApiKey': () => clearApiKeyCommand(services.openaiKeys, services.log),
    'orchestra.reloadWorkspace': async () => (await engine()).reloadWorkspaceCommand(services),
    'orchestra.showLog': () => services.log.show(),
    'orchestra.planRun': async () => (await engine()).planViewCommand(services, 'run'),
    'orchestra.planReplan': async () => (await engine()).planViewCommand(services, 'replan'),
    'orchestra.planCancel': async () => (await engine()).planViewCommand(services, 'cancel'),
    'orchestra.planEditInstruction': async (arg) => (await engine()).planViewCommand(services, 'edit', arg),
    'orchestra.openHunk': async (arg) => (await engine()).openHunkCommand(services, arg),
    'orchestra.showPreviewDiff': async () => (await engine()).showPreviewDiffCommand(services),
  };
}
