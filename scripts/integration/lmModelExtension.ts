/**
 * Builds the scripted chat model extension (test/integration/lm-model-extension/) into its own folder
 * under .vscode-test/out, which the current-version run loads as a second extension under development.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BASE, ROOT, step } from './prepare';

const SOURCE = path.join(ROOT, 'test', 'integration', 'lm-model-extension');
export const LM_MODEL_EXTENSION_OUT = path.join(BASE, 'out', 'lm-model-extension');

/** The built extension's folder (package.json + extension.js). */
export async function buildLmModelExtension(): Promise<string> {
  step('bundling the scripted chat model extension');
  fs.rmSync(LM_MODEL_EXTENSION_OUT, { recursive: true, force: true });
  fs.mkdirSync(LM_MODEL_EXTENSION_OUT, { recursive: true });
  fs.copyFileSync(path.join(SOURCE, 'package.json'), path.join(LM_MODEL_EXTENSION_OUT, 'package.json'));
  await esbuild.build({
    entryPoints: [path.join(SOURCE, 'extension.ts')],
    outfile: path.join(LM_MODEL_EXTENSION_OUT, 'extension.js'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external: ['vscode'],
  });
  return LM_MODEL_EXTENSION_OUT;
}
