/**
 * Loads the heavy half of the extension (`heavyCommands.ts`: the UI flows and the engine worker's host side, which
 * starts the worker that runs ts-morph, the SDKs and the pipeline) on first use. A module of its own so that nothing
 * the heavy half imports (such as `Services`) imports it back; esbuild turns the dynamic import into a require of
 * `dist/engine.js`.
 */
import type * as HeavyCommands from '../heavyCommands';

export type Engine = typeof HeavyCommands;

export class EngineLoader {
  private promise: Promise<Engine> | undefined;
  /** Whether the engine module has been loaded (activation must not load it). */
  loaded = false;

  /** Loads it once; later calls share the same module, and a failed load is retried on the next call. */
  load(): Promise<Engine> {
    this.promise ??= import('../heavyCommands').then(
      (engine) => {
        this.loaded = true;
        return engine;
      },
      (error: unknown) => {
        this.promise = undefined;
        throw error;
      },
    );
    return this.promise;
  }
}
