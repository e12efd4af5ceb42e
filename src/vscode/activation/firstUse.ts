/**
 * The extension activates when the window has finished starting (`onStartupFinished`), but only to look for an
 * interrupted run (resumeOffer.ts). Everything else that used to start with activation — the background
 * pre-warm that loads the engine and the workspace, the file watcher — waits for the first Orchestra command,
 * so a window where Orchestra is never used loads nothing heavy.
 */
import type { CommandHandler } from './commands';

/**
 * Wraps each command handler: the first command of any of them runs `start` first (once); every command is
 * counted in `counter.commandsRun`.
 */
export function startOnFirstCommand(
  counter: { commandsRun: number },
  start: () => void,
): (handler: CommandHandler) => CommandHandler {
  let started = false;
  return (handler) =>
    (...args) => {
      counter.commandsRun++;
      if (!started) {
        started = true;
        start();
      }
      return handler(...args);
    };
}
