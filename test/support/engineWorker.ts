/** The engine worker (src/vscode/engine) as unit tests start it: a real Worker running the TypeScript entry. */
import path from 'node:path';
import { EngineHost, type EngineHostOptions } from '../../src/vscode/engine/engineHost';
import { REPO_ROOT } from './paths';

const WORKER = path.join(REPO_ROOT, 'src/vscode/engine/engineWorker.ts');

export type Logged = Array<{ level: string; message: string }>;

/** An EngineHost whose worker runs engineWorker.ts through tsx; its log lines go to `logged`. */
export function engine(options: Partial<EngineHostOptions> = {}, logged: Logged = []): EngineHost {
  return new EngineHost({
    // tsx's require hook, then the entry (the bundle, dist/engineWorker.js, runs in the integration suite).
    script: `require('tsx/cjs'); require(${JSON.stringify(WORKER)});`,
    eval: true,
    log: (level, message) => logged.push({ level, message }),
    ...options,
  });
}
